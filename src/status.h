/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "actions.h"
#include "auditnl.h"
#include "procfs.h"

/*
 * The whole logging path, as facts gathered by cmd-status.c, and the verdicts
 * drawn from them here: pure, so each verdict is tested from recorded inputs.
 * Tri-state ints: 1 yes, 0 no, -1 cannot tell.
 */

#define STATUS_MAX_LISTENERS 32
#define STATUS_MAX_WARNINGS 16

struct status_facts {
	char release[128];
	bool seccomp_filter;		/* actions_avail exists */
	struct action_vocab vocab;
	bool logged_known;
	action_set logged;
	int audit_cmdline_off;		/* audit=0 on the kernel command line */

	bool audit_known;
	struct audit_state audit;
	bool auditd_alive;		/* audit.pid names a live process */
	char auditd_log[1024];		/* from auditd.conf; "" when unknown */
	char auditd_format[32];
	int auditd_writes_logs;

	size_t nlisteners;
	struct audit_listener listeners[STATUS_MAX_LISTENERS];
	bool listeners_known;
	pid_t journald_pid;		/* 0: no journald */
	int journald_reads_audit;
	bool journald_disabled_audit;	/* the journal holds its op=set audit_enabled=0 */
	char journald_disabled_at[64];

	bool caps_known;
	bool cap_sys_admin, cap_audit_read, cap_audit_control;
	int initial_user_ns, initial_net_ns;
	pid_t self;
};

/* A verdict's reason, a destination or a warning: a stable code for scripts
 * and the sentence for people. */
struct status_note {
	const char *kind;
	char text[512];
};

struct status_verdicts {
	int paper_trail;
	struct status_note paper_trail_why;
	size_t ngo;
	struct status_note go[8];
	int can_verify;
	struct status_note can_verify_why;
	size_t nwarnings;
	struct status_note warnings[STATUS_MAX_WARNINGS];
};

void status_judge(const struct status_facts *f, struct status_verdicts *v);
