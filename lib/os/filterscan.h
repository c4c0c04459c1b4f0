/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Every thread's seccomp filters on the host, or of some processes, into one stack set. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "model/stackset.h"

/*
 * Walks /proc (every process, or the pids given), each thread whose
 * Seccomp: is 2 read with os/ptracefilter.c, strict mode (1) kept as such,
 * each thread that cannot be read kept with its reason; seccompctl's own
 * threads are passed over. Run before the sandbox: the kernel gives filters
 * only to a tracer that is not under seccomp.
 */

/* 0; -ESRCH when a given pid does not exist (said in the set's misses
 * too); -errno when /proc cannot be read. */
int filterscan(struct stackset *set, const pid_t *pids, size_t npids);
