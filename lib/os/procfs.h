/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What /proc says about processes, sockets and the boot. */
#pragma once

/* SECCOMP_MODE_DISABLED, _STRICT, _FILTER: the kernel's, as /proc/PID/status shows them */
#include <linux/seccomp.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/route.h"

/* What /proc says about processes, sockets and the boot. root is "/proc", or
 * a folder made by a test. Functions return 0 or -errno. */

/* Every NETLINK_AUDIT socket; the owners are looked up by socket inode. */
int proc_audit_listeners(const char *root, struct audit_listener *out, size_t max, size_t *n);

/* Does the kernel command line hold this word (e.g. "audit=0")? 1, 0, -errno */
int proc_cmdline_has(const char *root, const char *word);

/* The boot time in seconds since the epoch (btime in stat), or -errno. */
int64_t proc_boot_time(const char *root);

/* Effective capabilities of a process ("self" or a pid as text). */
int proc_cap_eff(const char *root, const char *pid, uint64_t *caps);
/* Does it hold capability cap (CAP_*) in its effective set? 1, 0, or -errno
 * when that cannot be read. */
int proc_has_cap(const char *root, const char *pid, int cap);

struct proc_seccomp {
	pid_t pid;
	char comm[32];
	char exe[4096];		/* "" when it cannot be read */
	int mode;		/* SECCOMP_MODE_* */
	int filters;		/* -1 when the kernel does not say (before 5.9) */
};

/* Every process whose Seccomp: is not 0; fn returns <0 to stop. */
int proc_seccomp_each(const char *root, int (*fn)(const struct proc_seccomp *p, void *data), void *data);

/* Is this /proc entry's name a pid (all digits)? */
bool proc_is_pid(const char *name);
/* Every thread of a process (/proc/PID/task) into *tids, grown (*cap) as
 * needed: *n of them. 0, -ENOMEM (*n those read), or -errno. */
int proc_tasks(const char *root, pid_t pid, pid_t **tids, size_t *cap, size_t *n);
/* A thread's Seccomp: (SECCOMP_MODE_*), or -errno. */
int proc_task_seccomp(const char *root, pid_t pid, pid_t tid);
/* A thread's state letter from its stat (R, S, T, t, Z ...), '?' when unreadable. */
char proc_task_state(const char *root, pid_t pid, pid_t tid);
/* The process's pid in its own PID namespace (NSpid's last), pid itself when
 * it is in this one. */
pid_t proc_inner_pid(const char *root, pid_t pid);

/* The pids of processes whose comm is name. */
int proc_find_comm(const char *root, const char *name, pid_t *pids, size_t max, size_t *n);
/* Is there a live (not zombie) process with this pid? */
bool proc_alive(const char *root, pid_t pid);
/* When pid started, in microseconds after boot (clock ticks' precision),
 * and whether it is ending (exiting, or a zombie: its cgroup v1 paths are
 * the root's then, its v2 path stays). 0 or -errno. */
int proc_start_usec(const char *root, pid_t pid, uint64_t *usec, bool *ending);
/* /proc/PID/cgroup's text, NUL-ended: its length, or -errno (-EFBIG: longer than size). */
ssize_t proc_cgroup(const char *root, pid_t pid, char *buf, size_t size);
int proc_comm(const char *root, pid_t pid, char *buf, size_t size);
/* Does the process hold a descriptor open on target? 1, 0, -errno (another
 * user's descriptors need privilege). */
int proc_has_fd_to(const char *root, pid_t pid, const char *target);

/* Processes (not kernel threads) started before before_usec since boot: up to
 * max of them in out, how many in all in *total. */
int proc_started_before(const char *root, uint64_t before_usec, struct proc_started *out, size_t max, size_t *n,
			size_t *total);

/* The executable of pid (its /proc exe link) into buf, NUL-ended: its
 * length, or -errno (-ENOENT: the process is gone). */
int proc_exe(const char *root, pid_t pid, char *buf, size_t size);
