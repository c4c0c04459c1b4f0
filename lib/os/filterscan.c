// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every thread's seccomp filters on the host, or of some processes, into one stack set. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/filterscan.h"
#include "os/procfs.h"
#include "os/ptracefilter.h"
#include "os/workloads.h"

#define TASKS_MAX 4096
#define STOP_TIMEOUT_MS 200

static void scan_pid(struct stackset *set, pid_t pid)
{
	static pid_t tids[TASKS_MAX];
	static struct thread_filters tf;
	static char cgroup[WORKLOAD_CGROUP_MAX + 1];
	char comm[32] = "", path[64], exe[4096];
	size_t n, i;
	ssize_t len;

	if (proc_tasks("/proc", pid, tids, TASKS_MAX, &n) < 0) {
		stackset_miss(set, pid, pid, "", -ESRCH);
		return;
	}
	proc_comm("/proc", pid, comm, sizeof(comm));
	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	len = readlink(path, exe, sizeof(exe) - 1);
	exe[len > 0 ? len : 0] = '\0';
	if (workload_of_pid("/proc", pid, cgroup, sizeof(cgroup), NULL) < 0)
		cgroup[0] = '\0';
	for (i = 0; i < n; i++) {
		struct stack_task t = { .pid = pid, .tid = tids[i], .exe = exe, .cgroup = cgroup };
		int mode = proc_task_seccomp("/proc", pid, tids[i]), r;
		char st;

		if (mode == SECCOMP_MODE_NONE || mode == -ENOENT)
			continue;	/* no filter, or gone */
		st = proc_task_state("/proc", pid, tids[i]);
		if (st == 'Z' || st == 'X')
			continue;	/* dead, not yet reaped: no call of it will meet a filter again */
		if (mode == SECCOMP_MODE_STRICT) {
			stackset_strict(set, pid, tids[i], comm);
			continue;
		}
		if (mode < 0) {
			stackset_miss(set, pid, tids[i], comm, mode);
			continue;
		}
		r = thread_filters_read(tids[i], STOP_TIMEOUT_MS, &tf);
		if (r < 0) {
			stackset_miss(set, pid, tids[i], comm, r);
			continue;
		}
		snprintf(t.comm, sizeof(t.comm), "%s", comm);
		t.inner_pid = proc_inner_pid("/proc", pid);
		t.stop_ns = tf.stop_ns;
		stackset_add(set, &t, tf.f, tf.n);
		thread_filters_free(&tf);
	}
}

int filterscan(struct stackset *set, const pid_t *pids, size_t npids)
{
	pid_t self = getpid();
	struct dirent *d;
	int r = 0;
	DIR *dir;
	size_t i;

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
				scan_pid(set, pids[i]);
		}
	} else {
		if (!(dir = opendir("/proc")))
			return -errno;
		while ((d = readdir(dir)))
			if (proc_is_pid(d->d_name) && atoi(d->d_name) != self)
				scan_pid(set, (pid_t)atoi(d->d_name));
		closedir(dir);
	}
	/* a thread that was slow to stop is let go now, if it has stopped since */
	thread_filters_settle(STOP_TIMEOUT_MS);
	return r;
}
