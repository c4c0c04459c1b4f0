/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The processes a command started, from the kernel's fork and exit events. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/hashtab.h"

/*
 * The processes a command started, from the kernel's fork and exit events
 * (procconn.c): a set of process ids (tgids) that grows with every fork whose
 * parent is in it. An exited process stays in the set: its last records may
 * still be on their way. A pid the kernel gives again, to a process that is
 * not a descendant, is counted: records of that pid are then ambiguous.
 * Pure: fed events, no I/O.
 */

struct pidtree {
	struct htab procs;	/* of struct pidtree_proc */
	size_t n;		/* processes known */
	pid_t self;		/* forks whose parent is self (CLONE_PARENT from the command) count */
	pid_t exclude;		/* a child of self that is not the command's (the marker) */
	uint64_t reused;	/* pids of exited descendants given to a stranger */
	int err;		/* -ENOMEM: a descendant could not be kept */
};

int pidtree_init(struct pidtree *t, pid_t self, pid_t exclude);
void pidtree_free(struct pidtree *t);
/* The command itself. */
int pidtree_add(struct pidtree *t, pid_t pid);
void pidtree_fork(struct pidtree *t, pid_t parent_tgid, pid_t child_tgid);
void pidtree_exit(struct pidtree *t, pid_t tgid);
/* Is pid one of ours (alive, or exited since)? */
bool pidtree_has(const struct pidtree *t, pid_t pid);
/* How many are still alive, as far as the events tell. */
size_t pidtree_alive(const struct pidtree *t);
