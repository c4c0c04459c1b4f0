/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What a stack of seccomp filters decides, per arch and system call, and which of it the kernel logs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/actions.h"
#include "model/bpf.h"
#include "model/names.h"

/*
 * A thread's seccomp filters, oldest first as PTRACE_SECCOMP_GET_FILTER
 * numbers them, and what they decide together: every filter runs, newest
 * first, and the action lowest as a signed 32-bit value wins, the newer on
 * a tie (seccomp_run_filters); the winner's SECCOMP_FILTER_FLAG_LOG and
 * actions_logged decide whether the kernel logs it (seccomp_log).
 */

struct filter_prog {
	struct bpf_insn *insns;
	size_t n;
	bool log;		/* SECCOMP_FILTER_FLAG_LOG */
	uint64_t digest;	/* of the instructions, to find the same filter in other processes */
	bool checked;		/* bpf_check accepted it */
	char why[128];		/* when not */
};

uint64_t filter_digest(const struct bpf_insn *p, size_t n);

#define STACK_FILTERS_MAX 64

struct filter_stack {
	size_t n;
	const struct filter_prog *f[STACK_FILTERS_MAX];	/* [0] the oldest */
};

enum decision_kind { DEC_FIXED, DEC_ARGS, DEC_UNKNOWN };

/* What the stack decides for one number on one arch. */
struct decision {
	enum decision_kind kind;
	uint32_t ret;		/* FIXED: the winning value; ARGS: the value when no argument check applies */
	int match;		/* FIXED, ARGS: the filter whose value that is (index), -1 for none */
	const char *why;	/* UNKNOWN */
};

/* The stack's decision for nr on arch (an AUDIT_ARCH value). */
void stack_decide(const struct filter_stack *s, uint32_t arch, uint32_t nr, struct decision *d);
/* Does the stack decide alike for every number of this arch (it never reads
 * nr on it)? Then *d is that decision. */
bool stack_uniform(const struct filter_stack *s, uint32_t arch, struct decision *d);
/* Does any filter of the stack look at the arch at all? */
bool stack_reads_arch(const struct filter_stack *s);

/* For DEC_ARGS: each filter's ways that can beat the rest, one at a time
 * (fn gets the filter index and the path); returns how many. */
size_t stack_alternatives(const struct filter_stack *s, uint32_t arch, uint32_t nr,
			  void (*fn)(size_t filter, const struct bpf_path *p, void *data), void *data);

/* Does the kernel log this decision under actions_logged (a set over the
 * vocabulary v)? Unknown actions are killed as kill_process, and logged so. */
bool decision_logged(const struct action_vocab *v, action_set logged, uint32_t ret, bool flag_log);
/* NULL when it is logged, else why not, in words. */
const char *decision_log_reason(const struct action_vocab *v, action_set logged, uint32_t ret, bool flag_log);

/* Is a decision seen as it was made logged under actions_logged: of the
 * action code (ACTION_CODE_KILL_EITHER: either kill), or one of two when
 * other is not 0, by a task whose filters carry SECCOMP_FILTER_FLAG_LOG
 * (flag_log 1: all of them, 0: none, -1: some)? 1, 0, or -1 when that
 * cannot be told; *why (may be NULL) why not, when not 1. */
int seen_logged(const struct action_vocab *v, action_set logged, uint32_t code, uint32_t other, int flag_log,
		const char **why);

/* What a stack decides on one arch, grouped for people and scripts. */
struct decision_group {
	uint32_t ret;
	int match;		/* the deciding filter, -1 for none */
	size_t n, cap;
	int64_t *nrs;		/* in the arch's numbering (x32's with its bit) */
};

struct arch_view {
	const struct arch_info *arch;
	bool uniform;		/* one decision for every number: *all */
	struct decision all;
	struct decision_group *groups;	/* fixed decisions, the largest first */
	size_t ngroups;
	int64_t *args;		/* numbers whose decision depends on arguments */
	size_t nargs;
	int64_t *unknown;	/* numbers that could not be evaluated */
	size_t nunknown;
	const char *why;	/* of the first unknown */
	struct decision other;	/* a number the arch's table does not hold */
	int64_t other_nr;
};

/* 0, or -ENOMEM. */
int arch_view_make(const struct filter_stack *s, const struct arch_info *a, struct arch_view *v);
void arch_view_free(struct arch_view *v);
/* Every arch's view of a stack (arch_at's order); NULL when out of memory. */
struct arch_view *stack_views(const struct filter_stack *s);
void stack_views_free(struct arch_view *views);
/* Does the stack decide alike on both arches (both uniform, the same way)? */
bool arch_view_same(const struct arch_view *a, const struct arch_view *b);
