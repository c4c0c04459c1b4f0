/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel's process events: the proc connector, through libmnl. */
#pragma once

#include <stdint.h>
#include <sys/types.h>

/*
 * The kernel's process events (the proc connector: NETLINK_CONNECTOR,
 * CN_IDX_PROC): every fork and exit on the host, as they happen. The kernel
 * sends a fork's event before the child first runs, so a record of a process
 * arrives after the event that made it. The only module that speaks the
 * connector. Functions return 0 or -errno.
 */

struct mnl_socket;

struct procconn {
	struct mnl_socket *sock;
	char *buf;
	uint64_t overruns;	/* recv() failures with ENOBUFS: events were lost */
	int rcvbuf;
};

/* A process's events (a thread's start and end are not told); ns: when,
 * CLOCK_MONOTONIC's nanoseconds (the kernel's ktime_get_ns()). */
struct proc_ev_fns {
	void (*fork)(pid_t parent_tgid, pid_t child_tgid, uint64_t ns, void *data);
	void (*exit)(pid_t tgid, uint64_t ns, void *data);
	void (*exec)(pid_t tgid, uint64_t ns, void *data);	/* NULL: not wanted */
};

/* Subscribe. -EPERM without CAP_NET_ADMIN; -ENOENT when the kernel has no
 * proc connector (CONFIG_PROC_EVENTS off). */
int procconn_open(struct procconn *pc, int rcvbuf);
void procconn_close(struct procconn *pc);
int procconn_fd(const struct procconn *pc);
/* Every event queued now, without waiting. 0 or -errno. */
int procconn_drain(struct procconn *pc, const struct proc_ev_fns *fns, void *data);
