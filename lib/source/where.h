/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "os/auditnl.h"
#include "os/procfs.h"

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
	bool journald_disabled_audit;	/* the journal holds its op=set audit_enabled=0 */
	char journald_disabled_at[64];
};

void route_gather(struct route *r);
/* A live auditd is registered with the kernel. */
bool route_auditd(const struct route *r);
