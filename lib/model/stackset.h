/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The host's seccomp filters, each distinct one once, with the threads that run each stack. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/verdict.h"

/*
 * Every thread's filter stack, grouped: a filter shared by a thousand
 * processes (every process of a container, every thread) is kept once, and
 * so is each distinct stack, with the threads that run it. Filters are the
 * same when their instructions and flags are (a digest, then the bytes).
 */

struct stack_task {
	pid_t pid, tid, inner_pid;	/* inner_pid: in its own PID namespace */
	char comm[32];
	char *exe;			/* "" when unreadable */
	char *cgroup;			/* its cgroup path (model/workload.h), "" when unreadable */
	uint64_t stop_ns;		/* how long reading stopped it */
};

struct stack_entry {
	struct filter_stack stack;
	char id[17];			/* the stack's digest, hex: its name in output */
	struct stack_task *tasks;
	size_t ntasks, cap;
	size_t nprocs;			/* distinct pids among the tasks */
};

/* A thread that could not be read, and why; a strict-mode one. */
struct stack_miss {
	pid_t pid, tid;
	char comm[32];
	int err;			/* -errno of the read; 0 for strict mode */
};

struct stackset {
	struct filter_prog **progs;	/* distinct filters */
	size_t nprogs, capp;
	struct stack_entry *stacks;
	size_t nstacks, caps;
	struct stack_miss *misses;	/* unreadable threads */
	size_t nmisses, capm;
	struct stack_miss *strict;	/* strict mode (Seccomp: 1) */
	size_t nstrict, capst;
	uint64_t max_stop_ns;
	pid_t max_stop_pid;
	int err;			/* -ENOMEM once memory ran out: the set is not whole */
};

void stackset_init(struct stackset *s);
void stackset_free(struct stackset *s);
/* One thread's filters (oldest first; insns are taken over, and the
 * array's entries cleared). */
void stackset_add(struct stackset *s, const struct stack_task *t, struct filter_prog *f, size_t n);
void stackset_miss(struct stackset *s, pid_t pid, pid_t tid, const char *comm, int err);
void stackset_strict(struct stackset *s, pid_t pid, pid_t tid, const char *comm);
/* The stack a process runs (its first thread read), or NULL. */
const struct stack_entry *stackset_of_pid(const struct stackset *s, pid_t pid);

/* One fixed decision of a stack on an arch: a group of calls, or every call (uniform). */
struct stack_fixed {
	const struct stack_entry *e;
	const struct arch_view *v;
	uint32_t ret;
	bool flag;			/* the deciding filter's FLAG_LOG */
	size_t count;			/* calls in the group; 0: every call */
	int64_t first;			/* the group's first number */
};

/* fn over every fixed decision of every stack and arch; per stack, done
 * (may be NULL) after its arches. 0, or -ENOMEM when a stack's views could
 * not be made. */
int stackset_each_fixed(const struct stackset *s, void (*fn)(const struct stack_fixed *d, void *data),
			void (*done)(const struct stack_entry *e, void *data), void *data);

/* Per action (action_table's order), over every stack and arch: how many
 * stacks decide it, and how many of those the kernel logs under logged. */
struct action_tally {
	size_t stacks, logged_stacks, flagless_stacks;	/* flagless: decided by a filter without FLAG_LOG */
	size_t processes, logged_processes;
};
/* 0, or -ENOMEM. */
int stackset_tally(const struct stackset *s, const struct action_vocab *v, action_set logged,
		   struct action_tally tally[ACTIONS_MAX]);
