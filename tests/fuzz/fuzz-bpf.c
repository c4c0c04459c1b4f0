// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libFuzzer target: bytes as a stack of seccomp filter programs, each checked
 * as the kernel checks it and evaluated for a few numbers and arches, with nr
 * and arch unknown too; then the stack judged whole as filters, status and
 * set --dry-run judge a host's: every arch's view, every fixed decision, the
 * tally, one call's alternatives. It must never crash, loop, or do anything
 * UBSan calls undefined (an arch with no fixed decision once did). Run by
 * scripts/fuzz.sh.
 *
 * The input: a first byte (the number of filters, 1 to 4, and which carry
 * FLAG_LOG), then each filter as a byte of its instruction count and its
 * instructions; a filter the kernel would refuse stays in, unchecked.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/bpf.h"
#include "model/names.h"
#include "model/stackset.h"
#include "model/verdict.h"

#define FILTERS 4

static struct bpf_result r;

static void count(const struct stack_fixed *d, void *data)
{
	*(size_t *)data += d->count;
}

static void alternative(size_t filter, const struct bpf_path *p, void *data)
{
	*(size_t *)data += p->ncond + filter;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct filter_prog f[FILTERS];
	struct action_tally tally[ACTIONS_MAX];
	struct action_vocab v;
	struct stackset set;
	struct stack_task t = { .pid = 1, .tid = 1, .exe = "/fuzz", .cgroup = "/" };
	struct arch_view *views;
	struct decision d;
	size_t nf, k, n, used = 1, sink = 0;
	char why[128];

	if (size < 2 || vocab_from_avail(&v, "kill_process kill_thread trap errno user_notif trace log allow") < 0)
		return 0;
	nf = 1 + (data[0] & 3);
	for (k = 0; k < nf && used < size; k++) {
		n = data[used++] + 1;
		if (n * sizeof(struct bpf_insn) > size - used)
			n = (size - used) / sizeof(struct bpf_insn);
		if (!n)
			break;
		/* the set takes the instructions over, as from a thread read */
		f[k] = (struct filter_prog){ .insns = malloc(n * sizeof(struct bpf_insn)), .n = n,
					     .log = data[0] >> (2 + k) & 1 };
		if (!f[k].insns)
			break;
		memcpy(f[k].insns, data + used, n * sizeof(struct bpf_insn));
		used += n * sizeof(struct bpf_insn);
		f[k].checked = bpf_check(f[k].insns, n, why, sizeof(why)) == 0;
		f[k].digest = filter_digest(f[k].insns, n);
		if (!f[k].checked)
			continue;
		bpf_eval(f[k].insns, n, 110, 0xc000003eu, 0, &r);
		bpf_eval(f[k].insns, n, 0, 0xc000003eu, BPF_ANY_NR, &r);
		bpf_eval(f[k].insns, n, 0, 0, BPF_ANY_NR | BPF_ANY_ARCH, &r);
		bpf_result_reads(&r, BPF_WORD_NR);
	}
	if (!k)
		return 0;
	/* the stack, as filters reads a thread's: the oldest first */
	stackset_init(&set);
	stackset_add(&set, &t, f, k);
	if (!set.err && set.nstacks == 1) {
		const struct filter_stack *s = &set.stacks[0].stack;

		if ((views = stack_views(s)))
			stack_views_free(views);
		stack_decide(s, 0x40000003u, 64, &d);
		stack_uniform(s, 0xc000003eu, &d);
		stack_reads_arch(s);
		stack_alternatives(s, 0xc000003eu, 110, alternative, &sink);
		stackset_each_fixed(&set, count, NULL, &sink);
		stackset_tally(&set, &v, vocab_default(&v), tally);
		decision_log_reason(&v, 0, d.ret, f[0].log);
	}
	stackset_free(&set);
	return sink == SIZE_MAX;
}
