// SPDX-License-Identifier: LGPL-2.1-or-later
/* The filter evaluator: the kernel's checks, every instruction, argument conditions, stacks, logging. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "model/bpf.h"
#include "model/verdict.h"

#define STMT(c, k) { (uint16_t)(c), 0, 0, (uint32_t)(k) }
#define JUMP(c, k, t, f) { (uint16_t)(c), (uint8_t)(t), (uint8_t)(f), (uint32_t)(k) }
#define LD_ABS 0x20
#define LD_IMM 0x00
#define LDX_IMM 0x01
#define LD_MEM 0x60
#define ST 0x02
#define RET_K 0x06
#define RET_A 0x16
#define JEQ 0x15
#define JGT 0x25
#define JGE 0x35
#define JSET 0x45
#define JEQ_X 0x1d
#define JA 0x05
#define AND_K 0x54
#define ADD_K 0x04
#define DIV_K 0x34
#define DIV_X 0x3c
#define LSH_K 0x64
#define TAX 0x07
#define LD_LEN 0x80
#define X86_64 0xc000003eu
#define ALLOW 0x7fff0000u
#define ERRNO(n) (0x50000u | (n))

static char why[128];

static void test_check_refuses(void **state)
{
	static const struct bpf_insn bad_op[] = { STMT(0x28, 0), STMT(RET_K, ALLOW) };	/* ld half: not seccomp's */
	static const struct bpf_insn out_of_range[] = { JUMP(JEQ, 1, 5, 0), STMT(RET_K, ALLOW) };
	static const struct bpf_insn div0[] = { STMT(LD_IMM, 4), STMT(DIV_K, 0), STMT(RET_K, ALLOW) };
	static const struct bpf_insn shift[] = { STMT(LD_IMM, 4), STMT(LSH_K, 32), STMT(RET_K, ALLOW) };
	static const struct bpf_insn unset_mem[] = { STMT(LD_MEM, 3), STMT(RET_K, ALLOW) };
	static const struct bpf_insn no_ret[] = { STMT(LD_ABS, 0) };
	static const struct bpf_insn misaligned[] = { STMT(LD_ABS, 2), STMT(RET_K, ALLOW) };
	static const struct bpf_insn past[] = { STMT(LD_ABS, 64), STMT(RET_K, ALLOW) };
	static const struct bpf_insn ja_out[] = { STMT(JA, 1), STMT(RET_K, ALLOW) };
	/* memory stored on one branch only: read after they join is refused */
	static const struct bpf_insn one_branch[] = {
		STMT(LD_ABS, 0), JUMP(JEQ, 1, 0, 1), STMT(ST, 2), STMT(LD_MEM, 2), STMT(RET_K, ALLOW),
	};
	static const struct bpf_insn good[] = {
		STMT(LD_ABS, 4), STMT(ST, 0), STMT(LD_MEM, 0), JUMP(JEQ, X86_64, 0, 1), STMT(RET_K, ALLOW),
		STMT(RET_K, 0),
	};

	assert_int_equal(bpf_check(bad_op, 2, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(out_of_range, 2, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "instruction 0"));
	assert_int_equal(bpf_check(div0, 3, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(shift, 3, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(unset_mem, 2, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(no_ret, 1, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(misaligned, 2, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(past, 2, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(ja_out, 2, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(one_branch, 5, why, sizeof(why)), -EINVAL);
	assert_int_equal(bpf_check(good, 6, why, sizeof(why)), 0);
	assert_int_equal(bpf_check(good, 0, why, sizeof(why)), -EINVAL);
}

static struct bpf_result r;

static void test_eval_known(void **state)
{
	/* arch check, then nr: getppid errno(1), the rest allow; other arches killed */
	static const struct bpf_insn p[] = {
		STMT(LD_ABS, 4), JUMP(JEQ, X86_64, 1, 0), STMT(RET_K, 0x80000000u), STMT(LD_ABS, 0),
		JUMP(JEQ, 110, 0, 1), STMT(RET_K, ERRNO(1)), STMT(RET_K, ALLOW),
	};

	bpf_eval(p, 7, 110, X86_64, 0, &r);
	assert_true(r.known && !r.conditional);
	assert_int_equal(r.ret, ERRNO(1));
	bpf_eval(p, 7, 39, X86_64, 0, &r);
	assert_int_equal(r.ret, ALLOW);
	bpf_eval(p, 7, 110, 0x40000003u, 0, &r);
	assert_int_equal(r.ret, 0x80000000u);
	/* nr unknown: on x86_64 it matters, on i386 it does not */
	bpf_eval(p, 7, 0, X86_64, BPF_ANY_NR, &r);
	assert_true(r.conditional && bpf_result_reads(&r, BPF_WORD_NR));
	bpf_eval(p, 7, 0, 0x40000003u, BPF_ANY_NR, &r);
	assert_true(r.known && !r.conditional && r.ret == 0x80000000u);
	bpf_eval(p, 7, 0, 0, BPF_ANY_NR | BPF_ANY_ARCH, &r);
	assert_true(bpf_result_reads(&r, BPF_WORD_ARCH));
}

/* A 64-bit argument check is two loads: both words are conditions, and a
 * path that knows a word decides later checks of it. */
static void test_eval_args(void **state)
{
	static const struct bpf_insn p[] = {
		STMT(LD_ABS, 0), JUMP(JEQ, 32, 0, 7),			/* dup */
		STMT(LD_ABS, 20), JUMP(JEQ, 1, 0, 5),			/* args[0] high == 1 */
		STMT(LD_ABS, 16), JUMP(JEQ, 3, 0, 3),			/* args[0] low == 3 */
		STMT(LD_ABS, 16), JUMP(JEQ, 3, 0, 1),			/* again: the path knows it */
		STMT(RET_K, ERRNO(13)),
		STMT(RET_K, ALLOW),
	};
	char text[128];
	size_t i;

	assert_int_equal(bpf_check(p, 10, why, sizeof(why)), 0);
	bpf_eval(p, 10, 32, X86_64, 0, &r);
	assert_true(r.known && r.conditional);
	/* errno(13) only when both words hold; every path once */
	assert_int_equal(r.npaths, 3);
	for (i = 0; i < r.npaths; i++)
		if (r.paths[i].ret == ERRNO(13))
			break;
	assert_true(i < r.npaths);
	assert_int_equal(r.paths[i].ncond, 2);
	assert_int_equal(r.paths[i].cond[0].word, BPF_WORD_ARG_HI);
	assert_int_equal(r.paths[i].cond[1].word, BPF_WORD_ARG_LO);
	assert_true(r.paths[i].cond[0].holds && r.paths[i].cond[1].holds);
	bpf_cond_text(&r.paths[i].cond[1], text, sizeof(text));
	assert_string_equal(text, "arg0 (low 32 bits) == 0x3");
	bpf_eval(p, 10, 33, X86_64, 0, &r);
	assert_true(!r.conditional && r.ret == ALLOW);
	assert_false(bpf_reads_args(p, 2));
	assert_true(bpf_reads_args(p, 10));
}

/* Masks, JSET, X, scratch memory, len, RET A, a division by zero at run time. */
static void test_eval_instructions(void **state)
{
	static const struct bpf_insn masked[] = {
		STMT(LD_ABS, 24), STMT(AND_K, 0xff), JUMP(JEQ, 5, 0, 1), STMT(RET_K, ERRNO(1)), STMT(RET_K, ALLOW),
	};
	static const struct bpf_insn jset[] = {
		STMT(LD_ABS, 16), JUMP(JSET, 0x40000, 0, 1), STMT(RET_K, 0x30000u), STMT(RET_K, ALLOW),
	};
	static const struct bpf_insn with_x[] = {
		STMT(LDX_IMM, 110), STMT(LD_ABS, 0), JUMP(JEQ_X, 0, 0, 1), STMT(RET_K, ERRNO(2)), STMT(RET_K, ALLOW),
	};
	static const struct bpf_insn mem_len[] = {
		STMT(LD_LEN, 0), STMT(ST, 4), STMT(LD_IMM, 0), STMT(LD_MEM, 4), STMT(ADD_K, ERRNO(0) - 64), STMT(RET_A, 0),
	};
	static const struct bpf_insn div_x0[] = {
		STMT(LDX_IMM, 0), STMT(LD_IMM, 8), STMT(DIV_X, 0), STMT(RET_K, ALLOW),
	};
	static const struct bpf_insn ret_arg[] = { STMT(LD_ABS, 16), STMT(RET_A, 0) };
	char text[128];

	bpf_eval(masked, 5, 1, X86_64, 0, &r);
	assert_true(r.conditional && r.npaths == 2);
	assert_int_equal(r.paths[0].cond[0].mask, 0xff);
	assert_int_equal(r.paths[0].cond[0].word, 2);	/* args[1] low */
	bpf_cond_text(&r.paths[0].cond[0], text, sizeof(text));
	assert_string_equal(text, "arg1 (low 32 bits) & 0xff == 0x5");
	bpf_eval(jset, 4, 1, X86_64, 0, &r);
	assert_true(r.conditional);
	assert_int_equal(r.paths[0].cond[0].cmp, BPF_CMP_SET);
	bpf_eval(with_x, 5, 110, X86_64, 0, &r);
	assert_true(!r.conditional && r.ret == ERRNO(2));
	bpf_eval(with_x, 5, 111, X86_64, 0, &r);
	assert_true(!r.conditional && r.ret == ALLOW);
	assert_int_equal(bpf_check(mem_len, 6, why, sizeof(why)), 0);
	bpf_eval(mem_len, 6, 1, X86_64, 0, &r);
	assert_true(r.known && r.ret == ERRNO(0));
	bpf_eval(div_x0, 4, 1, X86_64, 0, &r);
	assert_true(r.known && r.ret == 0);	/* classic BPF returns 0: kill_thread */
	bpf_eval(ret_arg, 2, 1, X86_64, 0, &r);
	assert_false(r.known);
	assert_non_null(r.why);
}

static void test_disasm(void **state)
{
	static const struct bpf_insn p[] = {
		STMT(LD_ABS, 4), JUMP(JEQ, X86_64, 0, 1), STMT(RET_K, ERRNO(1)), STMT(RET_K, ALLOW), STMT(AND_K, 0xff),
	};
	char line[128];

	bpf_disasm(&p[0], 0, line, sizeof(line));
	assert_string_equal(line, " 0000: 0x20 0x00 0x00 0x00000004   ld  $data[4]");
	bpf_disasm(&p[1], 1, line, sizeof(line));
	assert_string_equal(line, " 0001: 0x15 0x00 0x01 0xc000003e   jeq 3221225534 true:0002 false:0003");
	bpf_disasm(&p[2], 2, line, sizeof(line));
	assert_string_equal(line, " 0002: 0x06 0x00 0x00 0x00050001   ret ERRNO(1)");
	bpf_disasm(&p[4], 4, line, sizeof(line));
	assert_string_equal(line, " 0004: 0x54 0x00 0x00 0x000000ff   and 0x000000ff");
}

static struct filter_prog prog(const struct bpf_insn *p, size_t n, bool log)
{
	struct filter_prog f = { .insns = (struct bpf_insn *)p, .n = n, .log = log, .checked = true };

	return f;
}

/* Newest first, the lowest action wins, the newer on a tie; the winner's flag decides logging. */
static void test_stack(void **state)
{
	static const struct bpf_insn errno1[] = { STMT(RET_K, ERRNO(1)) };
	static const struct bpf_insn errno2[] = { STMT(RET_K, ERRNO(2)) };
	static const struct bpf_insn trap[] = { STMT(RET_K, 0x30000u) };
	static const struct bpf_insn allow[] = { STMT(RET_K, ALLOW) };
	static const struct bpf_insn cond[] = {
		STMT(LD_ABS, 16), JUMP(JEQ, 7, 0, 1), STMT(RET_K, 0x80000000u), STMT(RET_K, ALLOW),
	};
	struct filter_prog a = prog(errno1, 1, true), b = prog(errno2, 1, false), t = prog(trap, 1, false),
			   al = prog(allow, 1, false), c = prog(cond, 4, false);
	struct filter_stack s = { 2, { &a, &b } };
	struct action_vocab v;
	struct decision d;

	stack_decide(&s, X86_64, 1, &d);
	assert_int_equal(d.kind, DEC_FIXED);
	assert_int_equal(d.ret, ERRNO(2));	/* a tie: the newer (b, index 1) */
	assert_int_equal(d.match, 1);
	s.f[1] = &t;
	stack_decide(&s, X86_64, 1, &d);
	assert_int_equal(d.ret, 0x30000u);	/* trap beats errno */
	s.f[0] = &al;
	s.f[1] = &al;
	stack_decide(&s, X86_64, 1, &d);
	assert_int_equal(d.ret, ALLOW);
	/* an argument check matters only where it can win */
	s.f[0] = &c;
	s.f[1] = &a;
	stack_decide(&s, X86_64, 1, &d);
	assert_int_equal(d.kind, DEC_ARGS);
	assert_int_equal(d.ret, ERRNO(1));
	s.f[1] = &(struct filter_prog){ .insns = (struct bpf_insn *)(struct bpf_insn[]){ STMT(RET_K, 0x80000000u) },
					 .n = 1, .checked = true };
	stack_decide(&s, X86_64, 1, &d);
	assert_int_equal(d.kind, DEC_FIXED);
	assert_int_equal(d.ret, 0x80000000u);
	assert_true(stack_uniform(&s, X86_64, &d));

	assert_int_equal(vocab_from_avail(&v, "kill_process kill_thread trap errno user_notif trace log allow"), 0);
	/* every action with and without FLAG_LOG, listed or not: the kernel's seccomp_log() */
	{
		static const uint32_t rets[] = { 0x80000000u, 0, 0x30000u, ERRNO(1), 0x7fc00000u, 0x7ff00000u, 0x7ffc0000u };
		static const bool needs_flag[] = { false, false, true, true, true, true, false };
		size_t i;

		for (i = 0; i < 7; i++) {
			action_set listed = 1u << i, none = 0;

			assert_true(decision_logged(&v, listed, rets[i], true));
			assert_int_equal(decision_logged(&v, listed, rets[i], false), !needs_flag[i]);
			assert_false(decision_logged(&v, none, rets[i], true));
			assert_false(decision_logged(&v, none, rets[i], false));
		}
		assert_false(decision_logged(&v, (1u << v.n) - 1, ALLOW, true));
		/* an action no kernel knows is killed, and logged, as kill_process */
		assert_true(decision_logged(&v, 1u, 0x7ffe0000u, false));
	}
	/* a decision seen as it was made: the filters' flag, one of two
	 * actions, either kill; -1 where the answer cannot be told */
	{
		action_set errno_only = 1u << 3, kills = 3u, kp = 1u;
		const char *reason;

		assert_int_equal(seen_logged(&v, errno_only, ERRNO(1), 0, 1, &reason), 1);
		assert_null(reason);
		assert_int_equal(seen_logged(&v, errno_only, ERRNO(1), 0, 0, &reason), 0);
		assert_non_null(strstr(reason, "SECCOMP_FILTER_FLAG_LOG"));
		assert_int_equal(seen_logged(&v, errno_only, ERRNO(1), 0, -1, &reason), -1);
		assert_int_equal(seen_logged(&v, 0, ERRNO(1), 0, -1, &reason), 0);	/* the flag does not matter */
		assert_int_equal(seen_logged(&v, errno_only, 0x7fc00000u, 0x50000u, 1, &reason), -1);
		assert_non_null(strstr(reason, "one of two"));
		assert_int_equal(seen_logged(&v, kills, ACTION_CODE_KILL_EITHER, 0, 0, NULL), 1);
		assert_int_equal(seen_logged(&v, kp, ACTION_CODE_KILL_EITHER, 0, 0, &reason), -1);
		assert_int_equal(seen_logged(&v, 0, ACTION_CODE_KILL_EITHER, 0, 0, &reason), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_refuses),
		cmocka_unit_test(test_eval_known),
		cmocka_unit_test(test_eval_args),
		cmocka_unit_test(test_eval_instructions),
		cmocka_unit_test(test_disasm),
		cmocka_unit_test(test_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
