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

/* Every filter of a stopped thread. */
static int read_stack(pid_t tid, struct thread_filters *out)
{
	size_t i;

	for (i = 0;; i++) {
		struct metadata md = { .filter_off = i };
		long n = pt(PTRACE_SECCOMP_GET_FILTER, tid, i, NULL);
		struct filter_prog *f;

		if (n < 0)
			return errno == ENOENT && i > 0 ? 0 : -errno;
		if (i == STACK_FILTERS_MAX)
			return -E2BIG;
		if (n == 0 || n > BPF_INSNS_MAX)
			return -EIO;
		f = &out->f[i];
		memset(f, 0, sizeof(*f));
		if (!(f->insns = calloc((size_t)n, sizeof(*f->insns))))
			return -ENOMEM;
		out->n = i + 1;
		if (pt(PTRACE_SECCOMP_GET_FILTER, tid, i, f->insns) != n)
			return errno ? -errno : -EIO;	/* it changed under us: not a filter to trust */
		f->n = (size_t)n;
		if (pt(PTRACE_SECCOMP_GET_METADATA, tid, sizeof(md), &md) < 0)
			return -errno;
		f->log = md.flags & FLAG_LOG;
		f->digest = filter_digest(f->insns, f->n);
		f->checked = bpf_check(f->insns, f->n, f->why, sizeof(f->why)) == 0;
	}
}

int thread_filters_read(pid_t tid, int timeout_ms, struct thread_filters *out)
{
	uint64_t t0;
	int sig = 0, r, e;

	memset(out, 0, sizeof(*out));
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
	r = read_stack(tid, out);
	/* on every path: the thread runs again, or goes back to its group stop */
	e = pt(PTRACE_DETACH, tid, 0, (void *)(long)sig) < 0 ? -errno : 0;
	out->stop_ns = now_ns() - t0;
	if (r < 0) {
		thread_filters_free(out);
		return r;
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
