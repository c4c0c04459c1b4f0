/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A thread's seccomp filters, read with ptrace: the only module that traces. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/verdict.h"

/*
 * PTRACE_SEIZE, PTRACE_INTERRUPT and a wait for the stop, then
 * PTRACE_SECCOMP_GET_FILTER for each filter (index 0 the oldest) and
 * PTRACE_SECCOMP_GET_METADATA for its flags, then PTRACE_DETACH, on every
 * path. The thread is stopped only between the interrupt and the detach; a
 * thread stopped by job control before stays stopped after (the kernel puts
 * it back into its group stop). If seccompctl dies in between, the kernel
 * detaches and the thread runs on.
 *
 * The kernel gives filters only to a tracer with CAP_SYS_ADMIN in the
 * initial user namespace that is not itself under seccomp, and only with
 * CONFIG_CHECKPOINT_RESTORE.
 */

struct thread_filters {
	size_t n;
	struct filter_prog f[STACK_FILTERS_MAX];	/* [0] the oldest; insns malloc'd */
	uint64_t stop_ns;	/* from its stop (seen as it happens) to the detach */
};

/* 0; -ESRCH it is gone; -EPERM or -EBUSY another tracer holds it, or no
 * privilege; -EACCES the kernel refuses (no CAP_SYS_ADMIN, or seccompctl is
 * under seccomp); -EINVAL no CONFIG_CHECKPOINT_RESTORE; -ETIMEDOUT it did
 * not stop within timeout_ms (it is detached when it does, at the latest
 * when seccompctl exits); -E2BIG more filters than STACK_FILTERS_MAX. */
int thread_filters_read(pid_t tid, int timeout_ms, struct thread_filters *out);
void thread_filters_free(struct thread_filters *t);
/* Threads seized that had not stopped in time: detached now if they have
 * stopped since, waiting timeout_ms at most for all of them. Returns how
 * many are still held (detached when they stop, at the latest when
 * seccompctl exits). */
size_t thread_filters_settle(int timeout_ms);
