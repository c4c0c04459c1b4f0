// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: bytes as a seccomp filter program, checked as the kernel
 * checks it and, when it passes, evaluated for a few numbers and arches, with
 * nr and arch unknown too, alone and stacked on itself. It must never crash,
 * and never loop. Run by scripts/fuzz.sh.
 */
#include <stdint.h>
#include <string.h>

#include "model/bpf.h"
#include "model/verdict.h"

static struct bpf_result r;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bpf_insn prog[BPF_INSNS_MAX];
	size_t n = size / sizeof(struct bpf_insn);
	char why[128];
	struct filter_prog f;
	struct filter_stack s;
	struct decision d;

	if (n == 0 || n > BPF_INSNS_MAX)
		return 0;
	memcpy(prog, data, n * sizeof(struct bpf_insn));
	if (bpf_check(prog, n, why, sizeof(why)) < 0)
		return 0;
	bpf_eval(prog, n, 110, 0xc000003eu, 0, &r);
	bpf_eval(prog, n, 0, 0xc000003eu, BPF_ANY_NR, &r);
	bpf_eval(prog, n, 0, 0, BPF_ANY_NR | BPF_ANY_ARCH, &r);
	bpf_result_reads(&r, BPF_WORD_NR);
	f = (struct filter_prog){ .insns = prog, .n = n, .log = size & 1, .checked = true };
	s = (struct filter_stack){ 2, { &f, &f } };
	stack_decide(&s, 0x40000003u, 64, &d);
	stack_uniform(&s, 0xc000003eu, &d);
	stack_reads_arch(&s);
	return 0;
}
