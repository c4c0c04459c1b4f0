// SPDX-License-Identifier: LGPL-2.1-or-later
/* A thread's seccomp filters, read with ptrace: the only module that traces. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include "os/ptracefilter.h"

#ifndef PTRACE_SECCOMP_GET_FILTER
#define PTRACE_SECCOMP_GET_FILTER 0x420c
#endif
#ifndef PTRACE_SECCOMP_GET_METADATA
#define PTRACE_SECCOMP_GET_METADATA 0x420d
#endif

struct metadata {
	uint64_t filter_off;
	uint64_t flags;
};

#define FLAG_LOG 2

/* seized threads that had not stopped in time */
#define PENDING_MAX 1024
static pid_t pending[PENDING_MAX];
static size_t npending;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static long pt(int req, pid_t tid, unsigned long addr, void *data)
{
	return ptrace((enum __ptrace_request)req, tid, (void *)addr, data);
}

/* Wait for tid's stop: 1 stopped (*sig the signal to give back on detach),
 * 0 not yet, -ESRCH gone. */
static int stopped(pid_t tid, int *sig)
{
	int status;
	pid_t r;

	do
		r = waitpid(tid, &status, __WALL | WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r == 0)
		return 0;
	if (!WIFSTOPPED(status))
		return -ESRCH;	/* it exited while seized */
	/* the interrupt's stop, or a group stop (both PTRACE_EVENT_STOP): nothing
	 * to give back; any other stop is a signal's, which goes on to the thread */
	*sig = status >> 16 == PTRACE_EVENT_STOP ? 0 : WSTOPSIG(status);
	return 1;
}

static void on_alarm(int sig)
{
	(void)sig;	/* only to end the wait */
}

/* Wait for tid's stop, blocking (it is seen the moment it happens) for at
 * most timeout_ms: a timer's signal ends the wait. */
static int wait_stop(pid_t tid, int timeout_ms, int *sig)
{
	struct sigaction sa = { .sa_handler = on_alarm }, old;
	struct itimerval it = { .it_value = { timeout_ms / 1000, (timeout_ms % 1000) * 1000 } }, off = { 0 };
	int status, r;
	pid_t w;

	if ((r = stopped(tid, sig)) != 0)
		return r;
	if (timeout_ms <= 0)
		return -ETIMEDOUT;	/* a timer of 0 would never fire */
	sigaction(SIGALRM, &sa, &old);	/* no SA_RESTART: the wait ends with EINTR */
	setitimer(ITIMER_REAL, &it, NULL);
	w = waitpid(tid, &status, __WALL);
	r = w < 0 ? -errno : 0;
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
	if (r == -EINTR)
		return stopped(tid, sig) > 0 ? 1 : -ETIMEDOUT;
	if (r < 0)
		return r;
	if (!WIFSTOPPED(status))
		return -ESRCH;
	*sig = status >> 16 == PTRACE_EVENT_STOP ? 0 : WSTOPSIG(status);
	return 1;
}

void thread_filters_free(struct thread_filters *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->f[i].insns);
	t->n = 0;
}

/* What a stop copies: each filter's instructions, side by side, and flags.
 * The arena keeps room for a whole filter (BPF_INSNS_MAX) past the last, so
 * that one call copies each; it grows, if ever, before the stop. */
static struct bpf_insn *arena;
static size_t arena_cap;		/* in instructions */
static struct {
	size_t off, n;
	bool log;
} copied[STACK_FILTERS_MAX];

static int arena_room(size_t filters)
{
	size_t want = (filters + 1) * BPF_INSNS_MAX;
	struct bpf_insn *more;

	if (want <= arena_cap)
		return 0;
	if (!(more = realloc(arena, want * sizeof(*arena))))
		return -ENOMEM;
	/* the kernel writes it; zeroed first for tools that cannot see that
	 * (valgrind knows no PTRACE_SECCOMP_GET_FILTER) */
	memset(more + arena_cap, 0, (want - arena_cap) * sizeof(*arena));
	arena = more;
	arena_cap = want;
	return 0;
}

/* Every filter of a stopped thread, copied: nothing else is done while it
 * stands still. The number of filters, or -errno (-EAGAIN: the arena is too
 * small for a stack this deep: grown, to be read again). */
static int copy_stack(pid_t tid, size_t *off)
{
	size_t i;

	*off = 0;
	for (i = 0;; i++) {
		struct metadata md = { .filter_off = i };
		long n;

		if (i == STACK_FILTERS_MAX)
			return -E2BIG;
		if ((*off + BPF_INSNS_MAX) > arena_cap)
			return -EAGAIN;
		n = pt(PTRACE_SECCOMP_GET_FILTER, tid, i, arena + *off);
		if (n < 0)
			return errno == ENOENT && i > 0 ? (int)i : -errno;
		if (n == 0 || n > BPF_INSNS_MAX)
			return -EIO;
		if (pt(PTRACE_SECCOMP_GET_METADATA, tid, sizeof(md), &md) < 0)
			return -errno;
		copied[i].off = *off;
		copied[i].n = (size_t)n;
		copied[i].log = md.flags & FLAG_LOG;
		*off += (size_t)n;
	}
}

/* The copies, once the thread runs again: kept, digested and checked. */
static int keep_stack(size_t n, struct thread_filters *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct filter_prog *f = &out->f[i];

		memset(f, 0, sizeof(*f));
		if (!(f->insns = malloc(copied[i].n * sizeof(*f->insns))))
			return -ENOMEM;
		out->n = i + 1;
		memcpy(f->insns, arena + copied[i].off, copied[i].n * sizeof(*f->insns));
		f->n = copied[i].n;
		f->log = copied[i].log;
		f->digest = filter_digest(f->insns, f->n);
		f->checked = bpf_check(f->insns, f->n, f->why, sizeof(f->why)) == 0;
	}
	return 0;
}

int thread_filters_read(pid_t tid, int timeout_ms, struct thread_filters *out)
{
	int sig = 0, r, e, tries = 0;
	uint64_t t0;
	size_t off;

	memset(out, 0, sizeof(*out));
	if (arena_room(4) < 0)
		return -ENOMEM;
again:
	if (pt(PTRACE_SEIZE, tid, 0, NULL) < 0)
		return -errno;
	if (pt(PTRACE_INTERRUPT, tid, 0, NULL) < 0) {
		e = -errno;
		pt(PTRACE_DETACH, tid, 0, NULL);
		return e;
	}
	r = wait_stop(tid, timeout_ms, &sig);
	if (r == -ETIMEDOUT) {
		/* not stopped (uninterruptible sleep): detached once it stops */
		if (npending < PENDING_MAX)
			pending[npending++] = tid;
		return r;
	}
	if (r < 0)
		return r;
	/* stopped from about now (the wait ends the moment it stops) until the detach */
	t0 = now_ns();
	r = copy_stack(tid, &off);
	/* on every path: the thread runs again, or goes back to its group stop */
	e = pt(PTRACE_DETACH, tid, 0, (void *)(long)sig) < 0 ? -errno : 0;
	out->stop_ns = now_ns() - t0;
	if (r == -EAGAIN && arena_room(STACK_FILTERS_MAX) == 0 && tries++ == 0)
		goto again;	/* a stack deeper than any before: once more, with room for the deepest */
	if (r >= 0)
		r = keep_stack((size_t)r, out);
	if (r < 0) {
		thread_filters_free(out);
		return r == -EAGAIN ? -ENOMEM : r;
	}
	return e == -ESRCH ? 0 : e;
}

size_t thread_filters_settle(int timeout_ms)
{
	uint64_t end = now_ns() + (uint64_t)timeout_ms * 1000000u, now;
	size_t i, kept = 0;
	int sig;

	/* one deadline for all of them: many threads that never stop cost
	 * timeout_ms once, not each */
	for (i = 0; i < npending; i++) {
		int r = wait_stop(pending[i], (now = now_ns()) < end ? (int)((end - now) / 1000000u) : 0, &sig);

		if (r == 1)
			pt(PTRACE_DETACH, pending[i], 0, (void *)(long)sig);
		else if (r == -ETIMEDOUT)
			pending[kept++] = pending[i];
	}
	npending = kept;
	return kept;
}
