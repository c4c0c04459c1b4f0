/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Where this host's audit records go: the facts, as the kernel and /proc report them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The kernel's audit state (AUDIT_GET). */
struct audit_state {
	uint32_t enabled;	/* 0 off, 1 on, 2 on and locked */
	uint32_t failure;
	uint32_t pid;		/* auditd's, 0 when none */
	uint32_t rate_limit;
	uint32_t backlog_limit;
	uint32_t lost;
	uint32_t backlog;
	uint32_t backlog_wait_time;
};

/* A NETLINK_AUDIT socket from /proc/net/netlink. */
struct audit_listener {
	uint32_t portid;
	uint32_t groups;	/* bit 0: AUDIT_NLGRP_READLOG */
	unsigned long inode;
	pid_t pid;		/* the process holding it, or 0 when unknown */
	char comm[32];
};

/* A process and when it started. */
struct proc_started {
	pid_t pid;
	char comm[32];
	uint64_t start_usec;	/* since boot */
};

/*
 * Where this host's audit records go now: the kernel's audit state, a
 * registered auditd and its log, journald and whether it reads audit (its
 * multicast socket) and the kernel log (/dev/kmsg), the other listeners.
 * status shows it; tail and verify choose their source from it. Tri-state
 * ints: 1 yes, 0 no, -1 cannot tell.
 */

#define ROUTE_MAX_LISTENERS 32

struct route {
	int audit_cmdline_off;		/* audit=0 on the kernel command line */
	bool audit_known;
	struct audit_state audit;
	bool auditd_alive;		/* audit.pid names a live process */
	char auditd_log[1024];		/* from auditd.conf; "" when unknown */
	char auditd_format[32];
	int auditd_writes_logs;
	size_t nlisteners;
	struct audit_listener listeners[ROUTE_MAX_LISTENERS];
	bool listeners_known;
	pid_t journald_pid;		/* 0: no journald */
	int journald_reads_audit;
	int journald_reads_kmsg;	/* it stores the kernel's messages */
	int journald_audit_conf;	/* its Audit= (os/journaldconf.h): 1 yes, 0 no, -1 unset */
	char journald_audit_file[256];	/* the file that set it */
	bool journald_disabled_audit;	/* the journal holds its op=set audit_enabled=0 */
	uint64_t journald_disabled_usec;	/* when, in microseconds since the epoch */
};

/* A live auditd is registered with the kernel. */
static inline bool route_auditd(const struct route *r)
{
	return r->audit_known && r->audit.pid && r->auditd_alive;
}
