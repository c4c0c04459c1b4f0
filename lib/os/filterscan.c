// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every thread's seccomp filters on the host, or of some processes, into one stack set. */
#include <dirent.h>
#include <sched.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "os/filterscan.h"
#include "os/procfs.h"
#include "os/ptracefilter.h"
#include "os/workloads.h"

/* A thread that is running or sleeping stops at once; one in uninterruptible
 * sleep may never (held in vfork, say): it gets a short wait, and the time
 * spent waiting for threads that did not stop is bounded per process and for
 * the whole scan, so that threads an attacker holds cannot stretch a scan
 * without bound. What is not read is said (-ETIME). Threads that stop cost
 * their read alone, however many a process has. */
#define STOP_TIMEOUT_MS 200
#define STOP_TIMEOUT_D_MS 20
#define PROCESS_WAIT_MS 500
#define SCAN_WAIT_MS 2000

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct scan {
	struct stackset *set;
	int64_t wait_left;	/* the whole scan's time to lose on threads that do not stop */
	pid_t *tids;
	size_t cap;
};

static void scan_pid(struct scan *sc, pid_t pid)
{
	static struct thread_filters tf;
	static char cgroup[WORKLOAD_CGROUP_MAX + 1];
	struct stackset *set = sc->set;
	char comm[32] = "", path[64], exe[4096];
	int64_t wait_left = PROCESS_WAIT_MS, left, t0;
	size_t n, i;
	ssize_t len;
	int r;

	if ((r = proc_tasks("/proc", pid, &sc->tids, &sc->cap, &n)) < 0 && !n) {
		stackset_miss(set, pid, pid, "", r == -ENOMEM ? -ENOMEM : -ESRCH);
		return;
	}
	proc_comm("/proc", pid, comm, sizeof(comm));
	if (r == -ENOMEM)
		stackset_miss(set, pid, pid, comm, -ENOMEM);	/* not every thread listed */
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	len = readlink(path, exe, sizeof(exe) - 1);
	exe[len > 0 ? len : 0] = '\0';
	if (workload_of_pid("/proc", pid, cgroup, sizeof(cgroup), NULL) < 0)
		cgroup[0] = '\0';
	for (i = 0; i < n; i++) {
		pid_t tid = sc->tids[i];
		struct stack_task t = { .pid = pid, .tid = tid, .exe = exe, .cgroup = cgroup };
		int mode = proc_task_seccomp("/proc", pid, tid);
		char st;

		if (mode == SECCOMP_MODE_DISABLED || mode == -ENOENT)
			continue;	/* no filter, or gone */
		st = proc_task_state("/proc", pid, tid);
		if (st == 'Z' || st == 'X')
			continue;	/* dead, not yet reaped: no call of it will meet a filter again */
		if (mode == SECCOMP_MODE_STRICT) {
			stackset_strict(set, pid, tid, comm);
			continue;
		}
		if (mode < 0) {
			stackset_miss(set, pid, tid, comm, mode);
			continue;
		}
		left = wait_left < sc->wait_left ? wait_left : sc->wait_left;
		if (left <= 0) {
			stackset_miss(set, pid, tid, comm, -ETIME);
			continue;
		}
		t0 = now_ms();
		r = thread_filters_read(tid, (int)(st == 'D' && left > STOP_TIMEOUT_D_MS ? STOP_TIMEOUT_D_MS :
						   left < STOP_TIMEOUT_MS ? left : STOP_TIMEOUT_MS), &tf);
		if (r == -ETIMEDOUT) {
			wait_left -= now_ms() - t0;
			sc->wait_left -= now_ms() - t0;
		}
		if (r < 0) {
			stackset_miss(set, pid, tid, comm, r);
			continue;
		}
		snprintf(t.comm, sizeof(t.comm), "%s", comm);
		t.inner_pid = proc_inner_pid("/proc", pid);
		t.stop_ns = tf.stop_ns;
		stackset_add(set, &t, tf.f, tf.n);
		thread_filters_free(&tf);
	}
}

/* While threads stand still for it, seccompctl must not wait for a CPU: a
 * stop that spans its preemption lasts the other task's slice (5 ms seen
 * with both CPUs busy). The scan runs at the lowest real-time priority
 * (what a busy normal task cannot preempt), its children at none; without
 * CAP_SYS_NICE it runs as it was, and the stops it measures say so. */
struct priority {
	int policy;
	struct sched_param param;
	bool raised;
};

static void priority_raise(struct priority *p)
{
	struct sched_param rt = { .sched_priority = 1 };

	p->policy = sched_getscheduler(0);
	p->raised = p->policy >= 0 && sched_getparam(0, &p->param) == 0 && p->policy == SCHED_OTHER &&
		    sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &rt) == 0;
}

static void priority_restore(struct priority *p)
{
	if (p->raised)
		sched_setscheduler(0, p->policy, &p->param);
}

int filterscan(struct stackset *set, const pid_t *pids, size_t npids)
{
	struct scan sc = { .set = set, .wait_left = SCAN_WAIT_MS };
	pid_t self = getpid();
	struct priority prio;
	struct dirent *d;
	int r = 0;
	DIR *dir;
	size_t i;

	priority_raise(&prio);

	if (npids) {
		for (i = 0; i < npids; i++) {
			char path[32];

			snprintf(path, sizeof(path), "/proc/%d", (int)pids[i]);
			if (access(path, F_OK) < 0) {
				stackset_miss(set, pids[i], pids[i], "", -ESRCH);
				r = -ESRCH;
				continue;
			}
			if (pids[i] != self)
				scan_pid(&sc, pids[i]);
		}
	} else {
		if (!(dir = opendir("/proc"))) {
			r = -errno;
			free(sc.tids);
			priority_restore(&prio);
			return r;
		}
		while ((d = readdir(dir)))
			if (proc_is_pid(d->d_name) && atoi(d->d_name) != self)
				scan_pid(&sc, (pid_t)atoi(d->d_name));
		closedir(dir);
	}
	free(sc.tids);
	/* threads that were slow to stop are let go now, if they have stopped since */
	thread_filters_settle(STOP_TIMEOUT_MS);
	priority_restore(&prio);
	return r;
}
