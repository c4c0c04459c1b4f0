// SPDX-License-Identifier: LGPL-2.1-or-later
/* Seccomp's classic BPF: the kernel's checks, and an evaluator that says what a filter returns. */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model/actions.h"
#include "model/bpf.h"

/* The classic BPF codes seccomp knows (linux/filter.h, linux/bpf_common.h). */
#define CLASS(c) ((c) & 0x07)
#define C_LD 0x00
#define C_LDX 0x01
#define C_ST 0x02
#define C_STX 0x03
#define C_ALU 0x04
#define C_JMP 0x05
#define C_RET 0x06
#define C_MISC 0x07
#define MODE(c) ((c) & 0xe0)
#define M_IMM 0x00
#define M_ABS 0x20
#define M_MEM 0x60
#define M_LEN 0x80
#define OP(c) ((c) & 0xf0)
#define SRC_X 0x08
#define RVAL(c) ((c) & 0x18)
#define R_K 0x00
#define R_A 0x10
#define A_ADD 0x00
#define A_SUB 0x10
#define A_MUL 0x20
#define A_DIV 0x30
#define A_OR 0x40
#define A_AND 0x50
#define A_LSH 0x60
#define A_RSH 0x70
#define A_NEG 0x80
#define A_MOD 0x90
#define A_XOR 0xa0
#define J_JA 0x00
#define J_JEQ 0x10
#define J_JGT 0x20
#define J_JGE 0x30
#define J_JSET 0x40
#define MISC_TAX 0x00
#define MISC_TXA 0x80

static int bad(char *why, size_t size, size_t pc, const char *what)
{
	snprintf(why, size, "instruction %zu: %s", pc, what);
	return -EINVAL;
}

/* seccomp_check_filter(): the instructions a seccomp filter may hold */
static bool seccomp_allows(uint16_t c)
{
	switch (c) {
	case C_LD | M_ABS:		/* BPF_LD | BPF_W | BPF_ABS */
	case C_LD | M_LEN:
	case C_LDX | M_LEN:
	case C_RET | R_K:
	case C_RET | R_A:
	case C_ALU | A_ADD: case C_ALU | A_ADD | SRC_X:
	case C_ALU | A_SUB: case C_ALU | A_SUB | SRC_X:
	case C_ALU | A_MUL: case C_ALU | A_MUL | SRC_X:
	case C_ALU | A_DIV: case C_ALU | A_DIV | SRC_X:
	case C_ALU | A_AND: case C_ALU | A_AND | SRC_X:
	case C_ALU | A_OR: case C_ALU | A_OR | SRC_X:
	case C_ALU | A_XOR: case C_ALU | A_XOR | SRC_X:
	case C_ALU | A_LSH: case C_ALU | A_LSH | SRC_X:
	case C_ALU | A_RSH: case C_ALU | A_RSH | SRC_X:
	case C_ALU | A_NEG:
	case C_LD | M_IMM:
	case C_LDX | M_IMM:
	case C_MISC | MISC_TAX:
	case C_MISC | MISC_TXA:
	case C_LD | M_MEM:
	case C_LDX | M_MEM:
	case C_ST:
	case C_STX:
	case C_JMP | J_JA:
	case C_JMP | J_JEQ: case C_JMP | J_JEQ | SRC_X:
	case C_JMP | J_JGE: case C_JMP | J_JGE | SRC_X:
	case C_JMP | J_JGT: case C_JMP | J_JGT | SRC_X:
	case C_JMP | J_JSET: case C_JMP | J_JSET | SRC_X:
		return true;
	}
	return false;
}

int bpf_check(const struct bpf_insn *p, size_t n, char *why, size_t size)
{
	uint16_t masks[BPF_INSNS_MAX], valid = 0;
	size_t pc;

	if (n == 0 || n > BPF_INSNS_MAX)
		return bad(why, size, 0, "a filter holds 1 to 4096 instructions");
	for (pc = 0; pc < n; pc++) {
		const struct bpf_insn *in = &p[pc];

		if (!seccomp_allows(in->code))
			return bad(why, size, pc, "an instruction seccomp does not allow");
		switch (in->code) {
		case C_LD | M_ABS:
			if (in->k >= SECCOMP_DATA_SIZE || in->k & 3)
				return bad(why, size, pc, "a load outside struct seccomp_data, or not aligned");
			break;
		case C_ALU | A_DIV:
			if (in->k == 0)
				return bad(why, size, pc, "a division by zero");
			break;
		case C_ALU | A_LSH:
		case C_ALU | A_RSH:
			if (in->k >= 32)
				return bad(why, size, pc, "a shift by 32 or more");
			break;
		case C_LD | M_MEM:
		case C_LDX | M_MEM:
		case C_ST:
		case C_STX:
			if (in->k >= BPF_MEMWORDS)
				return bad(why, size, pc, "scratch memory past its 16 words");
			break;
		case C_JMP | J_JA:
			if (in->k >= n - pc - 1)
				return bad(why, size, pc, "a jump out of the program");
			break;
		default:
			if (CLASS(in->code) == C_JMP && (pc + in->jt + 1 >= n || pc + in->jf + 1 >= n))
				return bad(why, size, pc, "a jump out of the program");
		}
	}
	if (CLASS(p[n - 1].code) != C_RET)
		return bad(why, size, n - 1, "the last instruction is not a return");
	/* check_load_and_stores(): memory is written before it is read, on every path */
	for (pc = 0; pc < n; pc++)
		masks[pc] = 0xffff;
	for (pc = 0; pc < n; pc++) {
		const struct bpf_insn *in = &p[pc];

		valid &= masks[pc];
		switch (in->code) {
		case C_ST:
		case C_STX:
			valid |= (uint16_t)(1u << in->k);
			break;
		case C_LD | M_MEM:
		case C_LDX | M_MEM:
			if (!(valid & (1u << in->k)))
				return bad(why, size, pc, "scratch memory read before it is written");
			break;
		case C_JMP | J_JA:
			masks[pc + 1 + in->k] &= valid;
			valid = 0xffff;
			break;
		default:
			if (CLASS(in->code) == C_JMP) {
				masks[pc + 1 + in->jt] &= valid;
				masks[pc + 1 + in->jf] &= valid;
				valid = 0xffff;
			}
		}
	}
	return 0;
}

/* --- evaluation -------------------------------------------------------------------- */

/* A register's value: known, or a word of the unknown arguments (masked,
 * or changed otherwise: "computed"). */
struct val {
	bool sym;
	bool computed;
	uint8_t word;
	uint32_t v;		/* known: the value; sym: the mask */
};

struct state {
	size_t pc;
	struct val a, x, m[BPF_MEMWORDS];
	uint8_t ncond;
	struct bpf_cond cond[BPF_PATH_CONDS];
};

#define STACK_MAX 64

struct run {
	const struct bpf_insn *p;
	size_t n;
	uint32_t nr, arch;
	unsigned flags;
	struct bpf_result *r;
	struct state stack[STACK_MAX];
	size_t depth;
};

static struct val known(uint32_t v)
{
	return (struct val){ .sym = false, .v = v };
}

/* The word at offset k of seccomp_data: nr and arch are known; the rest is
 * this machine's byte order (a 64-bit value's low word first on little-endian). */
static struct val load(const struct run *run, uint32_t k)
{
	unsigned idx, half;

	if (k == 0)
		return run->flags & BPF_ANY_NR ? (struct val){ .sym = true, .word = BPF_WORD_NR, .v = 0xffffffffu }
					       : known(run->nr);
	if (k == 4)
		return run->flags & BPF_ANY_ARCH ? (struct val){ .sym = true, .word = BPF_WORD_ARCH, .v = 0xffffffffu }
						 : known(run->arch);
	idx = (k - 8) / 8;	/* 0: the instruction pointer, 1..6: args */
	half = (k - 8) % 8 / 4;
#if __BYTE_ORDER == __BIG_ENDIAN
	half = !half;
#endif
	return (struct val){ .sym = true, .word = (uint8_t)(idx == 0 ? BPF_WORD_IP_LO + half : 2 * (idx - 1) + half),
			     .v = 0xffffffffu };
}

static uint32_t alu(uint16_t op, uint32_t a, uint32_t b, bool *div0)
{
	switch (op) {
	case A_ADD: return a + b;
	case A_SUB: return a - b;
	case A_MUL: return a * b;
	case A_DIV:
		if (!b) {
			*div0 = true;
			return 0;
		}
		return a / b;
	case A_OR: return a | b;
	case A_AND: return a & b;
	case A_LSH: return b >= 32 ? 0 : a << b;
	case A_RSH: return b >= 32 ? 0 : a >> b;
	case A_NEG: return -a;
	case A_XOR: return a ^ b;
	}
	return 0;
}

static bool compare(uint8_t cmp, uint32_t a, uint32_t k)
{
	switch (cmp) {
	case BPF_CMP_EQ: return a == k;
	case BPF_CMP_GT: return a > k;
	case BPF_CMP_GE: return a >= k;
	default: return (a & k) != 0;
	}
}

static void add_path(struct run *run, const struct state *s, uint32_t ret)
{
	struct bpf_result *r = run->r;
	struct bpf_path *path;

	if (r->npaths == BPF_PATHS_MAX) {
		r->known = false;
		r->why = "more ways through the filter than seccompctl follows";
		return;
	}
	path = &r->paths[r->npaths++];
	path->ret = ret;
	path->ncond = s->ncond;
	memcpy(path->cond, s->cond, s->ncond * sizeof(s->cond[0]));
}

/* What the path already says of a masked word: it equals v (1), differs
 * from it (0 with *ne), or nothing (-1). */
static int known_by_path(const struct state *s, const struct val *a, uint8_t cmp, uint32_t k, bool *decided)
{
	size_t i;

	*decided = false;
	if (a->computed)
		return 0;
	for (i = 0; i < s->ncond; i++) {
		const struct bpf_cond *c = &s->cond[i];

		if (c->word != a->word || c->computed || c->against_x || c->cmp != BPF_CMP_EQ || c->mask != a->v)
			continue;
		if (c->holds) {
			/* the word (under this mask) is c->k */
			*decided = true;
			return compare(cmp, c->k, k);
		}
		if (cmp == BPF_CMP_EQ && c->k == k) {
			*decided = true;
			return 0;
		}
	}
	return 0;
}

static bool push(struct run *run, const struct state *s)
{
	if (run->depth == STACK_MAX) {
		run->r->known = false;
		run->r->why = "more nested argument checks than seccompctl follows";
		return false;
	}
	run->stack[run->depth++] = *s;
	return true;
}

/* One path from s to its RET, forking at each unknown comparison. */
/* An ALU instruction on A; false when it ends the path (a division by zero). */
static bool alu_step(struct run *run, struct state *s, const struct bpf_insn *in)
{
	uint16_t c = in->code;
	struct val b = c & SRC_X ? s->x : known(in->k);
	bool div0 = false;

	if (!s->a.sym && !b.sym) {
		s->a = known(alu(OP(c), s->a.v, b.v, &div0));
		if (div0) {
			/* the kernel's classic BPF returns 0 on a division by zero */
			add_path(run, s, 0);
			return false;
		}
	} else if (s->a.sym && !b.sym && OP(c) == A_AND && !s->a.computed) {
		s->a.v &= b.v;
	} else {
		if (!s->a.sym)	/* a known value with an unknown one: unknown */
			s->a = b;
		s->a.sym = true;
		s->a.computed = true;
	}
	s->pc++;
	return true;
}

/* A return: the path ends with its value, or the walk cannot say. */
static void ret_step(struct run *run, struct state *s, const struct bpf_insn *in)
{
	if (RVAL(in->code) == R_K) {
		add_path(run, s, in->k);
	} else if (!s->a.sym) {
		add_path(run, s, s->a.v);
	} else {
		run->r->known = false;
		run->r->why = "the filter returns a value computed from the arguments";
	}
}

/* A jump: the way a known comparison goes, or both ways on an unknown word
 * (the false way pushed for later, each with its condition); false when
 * the walk of s must stop. */
static bool jump_step(struct run *run, struct state *s, const struct bpf_insn *in)
{
	uint16_t c = in->code;
	struct val b = c & SRC_X ? s->x : known(in->k);
	const struct val *w;
	struct bpf_cond cond;
	struct state other;
	bool decided;
	uint8_t cmp;
	int t;

	if (OP(c) == J_JA) {
		s->pc += 1 + in->k;
		return true;
	}
	cmp = OP(c) == J_JEQ ? BPF_CMP_EQ : OP(c) == J_JGT ? BPF_CMP_GT : OP(c) == J_JGE ? BPF_CMP_GE : BPF_CMP_SET;
	if (!s->a.sym && !b.sym) {
		s->pc += 1 + (compare(cmp, s->a.v, b.v) ? in->jt : in->jf);
		return true;
	}
	if (in->jt == in->jf) {	/* both ways lead to the same place */
		s->pc += 1 + in->jt;
		return true;
	}
	if (s->a.sym && !b.sym) {
		t = known_by_path(s, &s->a, cmp, b.v, &decided);
		if (decided) {
			s->pc += 1 + (t ? in->jt : in->jf);
			return true;
		}
	}
	if (s->ncond == BPF_PATH_CONDS) {
		run->r->known = false;
		run->r->why = "more argument checks on one path than seccompctl follows";
		return false;
	}
	/* a known value against an unknown X: the condition is on X */
	w = s->a.sym ? &s->a : &b;
	cond = (struct bpf_cond){
		.word = w->word, .cmp = cmp, .computed = w->computed || (s->a.sym && b.sym),
		.against_x = s->a.sym && b.sym, .mask = w->computed ? 0xffffffffu : w->v, .k = s->a.sym ? b.v : s->a.v,
	};
	other = *s;
	cond.holds = false;
	other.cond[other.ncond++] = cond;
	other.pc += 1 + in->jf;
	cond.holds = true;
	s->cond[s->ncond++] = cond;
	s->pc += 1 + in->jt;
	return push(run, &other);
}

/* One way through the program from s, to its return (the ways it forks
 * into are pushed on run's stack). */
static void walk(struct run *run, struct state *s)
{
	while (s->pc < run->n && run->r->known) {
		const struct bpf_insn *in = &run->p[s->pc];
		uint16_t c = in->code;

		switch (CLASS(c)) {
		case C_LD:
			s->a = MODE(c) == M_ABS ? load(run, in->k) : MODE(c) == M_LEN ? known(SECCOMP_DATA_SIZE)
			     : MODE(c) == M_MEM ? s->m[in->k] : known(in->k);
			break;
		case C_LDX:
			s->x = MODE(c) == M_LEN ? known(SECCOMP_DATA_SIZE) : MODE(c) == M_MEM ? s->m[in->k] : known(in->k);
			break;
		case C_ST:
			s->m[in->k] = s->a;
			break;
		case C_STX:
			s->m[in->k] = s->x;
			break;
		case C_MISC:
			if (c == (C_MISC | MISC_TAX))
				s->x = s->a;
			else
				s->a = s->x;
			break;
		case C_ALU:
			if (!alu_step(run, s, in))
				return;
			continue;
		case C_RET:
			ret_step(run, s, in);
			return;
		case C_JMP:
			if (!jump_step(run, s, in))
				return;
			continue;
		}
		s->pc++;
	}
}

bool bpf_result_reads(const struct bpf_result *r, uint8_t word)
{
	size_t i, k;

	for (i = 0; i < r->npaths; i++)
		for (k = 0; k < r->paths[i].ncond; k++)
			if (r->paths[i].cond[k].word == word)
				return true;
	return false;
}

void bpf_eval(const struct bpf_insn *p, size_t n, uint32_t nr, uint32_t arch, unsigned flags, struct bpf_result *r)
{
	struct run run;		/* 25 KB, on the stack: no state outlives a call */
	struct state s;
	size_t i;

	memset(&s, 0, sizeof(s));
	r->known = true;
	r->conditional = false;
	r->npaths = 0;
	r->why = NULL;
	run.p = p;
	run.n = n;
	run.nr = nr;
	run.arch = arch;
	run.flags = flags;
	run.r = r;
	run.depth = 0;
	run.stack[run.depth++] = s;
	while (run.depth && r->known) {
		s = run.stack[--run.depth];
		walk(&run, &s);
	}
	if (!r->known || !r->npaths) {
		r->known = false;
		if (!r->why)
			r->why = "no way through the filter ends in a return";
		return;
	}
	/* one value on every path: not conditional at all */
	for (i = 1; i < r->npaths && r->paths[i].ret == r->paths[0].ret; i++)
		;
	r->ret = r->paths[0].ret;
	r->conditional = i < r->npaths;
	if (!r->conditional)
		r->npaths = 0;
}

bool bpf_reads_args(const struct bpf_insn *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i].code == (C_LD | M_ABS) && p[i].k >= 8)
			return true;
	return false;
}

/* --- text ------------------------------------------------------------------------------ */

static const char *op_name(uint16_t c)
{
	switch (CLASS(c)) {
	case C_LD: return "ld";
	case C_LDX: return "ldx";
	case C_ST: return "st";
	case C_STX: return "stx";
	case C_RET: return "ret";
	case C_MISC: return c == (C_MISC | MISC_TAX) ? "tax" : "txa";
	case C_ALU:
		switch (OP(c)) {
		case A_ADD: return "add";
		case A_SUB: return "sub";
		case A_MUL: return "mul";
		case A_DIV: return "div";
		case A_OR: return "or";
		case A_AND: return "and";
		case A_LSH: return "lsh";
		case A_RSH: return "rsh";
		case A_NEG: return "neg";
		case A_MOD: return "mod";
		case A_XOR: return "xor";
		}
		break;
	case C_JMP:
		switch (OP(c)) {
		case J_JA: return "jmp";
		case J_JEQ: return "jeq";
		case J_JGT: return "jgt";
		case J_JGE: return "jge";
		case J_JSET: return "jset";
		}
	}
	return "???";
}

/* A return value in scmp_bpf_disasm's words: KILL_PROCESS, ERRNO(1) ... */
static void action_text_k(uint32_t k, char *buf, size_t size)
{
	const struct action_info *a = action_by_code(k & SECCOMP_RET_ACTION_FULL);

	if (!a || a == ACTION(USER_NOTIF))	/* scmp_bpf_disasm has no word for it */
		snprintf(buf, size, "0x%.8x", k);
	else if (a == ACTION(ERRNO) || a == ACTION(TRACE))
		snprintf(buf, size, "%s(%u)", a->disasm, k & SECCOMP_RET_DATA);
	else
		snprintf(buf, size, "%s", a->disasm);
}

void bpf_disasm(const struct bpf_insn *in, unsigned line, char *buf, size_t size)
{
	char args[64];
	uint16_t c = in->code;

	args[0] = '\0';
	switch (CLASS(c)) {
	case C_LD:
	case C_LDX:
		if (MODE(c) == M_ABS)
			snprintf(args, sizeof(args), "$data[%u]", in->k);
		else if (MODE(c) == M_MEM)
			snprintf(args, sizeof(args), "$temp[%u]", in->k);
		else if (MODE(c) == M_LEN)
			snprintf(args, sizeof(args), "len($data)");
		else
			snprintf(args, sizeof(args), "%u", in->k);
		break;
	case C_ST:
	case C_STX:
		snprintf(args, sizeof(args), "$temp[%u]", in->k);
		break;
	case C_ALU:
		if (!(c & SRC_X) && (OP(c) == A_OR || OP(c) == A_AND))
			snprintf(args, sizeof(args), "0x%.8x", in->k);
		else
			snprintf(args, sizeof(args), "%u", in->k);
		break;
	case C_JMP:
		if (OP(c) == J_JA)
			snprintf(args, sizeof(args), "%.4u", line + 1 + in->k);
		else
			snprintf(args, sizeof(args), "%-4u true:%.4u false:%.4u", in->k, line + 1 + in->jt,
				 line + 1 + in->jf);
		break;
	case C_RET:
		if (RVAL(c) == R_A)
			snprintf(args, sizeof(args), "$acc");
		else
			action_text_k(in->k, args, sizeof(args));
		break;
	}
	snprintf(buf, size, " %.4u: 0x%.2x 0x%.2x 0x%.2x 0x%.8x   %-3s %s", line, c, in->jt, in->jf, in->k,
		 op_name(c), args);
}

void bpf_cond_text(const struct bpf_cond *c, char *buf, size_t size)
{
	static const char *const ops[] = { "==", ">", ">=", "&" };
	char who[48], mask[24] = "";

	if (c->word == BPF_WORD_NR)
		snprintf(who, sizeof(who), "nr");
	else if (c->word == BPF_WORD_ARCH)
		snprintf(who, sizeof(who), "arch");
	else if (c->word >= BPF_WORD_IP_LO)
		snprintf(who, sizeof(who), "instruction_pointer (%s 32 bits)", c->word == BPF_WORD_IP_LO ? "low" : "high");
	else
		snprintf(who, sizeof(who), "arg%u (%s 32 bits)", c->word / 2, c->word & 1 ? "high" : "low");
	if (c->mask != 0xffffffffu)
		snprintf(mask, sizeof(mask), " & 0x%x", c->mask);
	if (c->against_x)
		snprintf(buf, size, "%s%s%s %s a computed value", c->holds ? "" : "not ", who, c->computed ? " (computed)" : "",
			 ops[c->cmp]);
	else if (c->cmp == BPF_CMP_SET)
		snprintf(buf, size, "%s%s%s%s & 0x%x", c->holds ? "" : "not ", who, c->computed ? " (computed)" : "",
			 mask, c->k);
	else
		snprintf(buf, size, "%s%s%s%s %s 0x%x", c->holds ? "" : "not ", who, c->computed ? " (computed)" : "", mask,
			 ops[c->cmp], c->k);
}
