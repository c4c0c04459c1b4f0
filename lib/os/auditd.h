/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* What a running auditd is configured to do: its auditd.conf. */
#pragma once

#include <sys/types.h>

struct auditd_config {
	char log_file[1024];
	char log_format[32];	/* RAW, ENRICHED */
	int write_logs;		/* 0 when write_logs = no */
};

/* The auditd.conf of the auditd with this pid (DIR/auditd.conf when it was
 * started with -c DIR), with auditd's defaults for what it leaves out.
 * 0, or -errno when it cannot be read. */
int auditd_config(pid_t pid, struct auditd_config *c);
