/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* status's verdicts on the logging path, drawn from gathered facts. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/actions.h"
#include "model/route.h"

/*
 * The whole logging path, as facts gathered by cmd-status.c, and the verdicts
 * drawn from them here: pure, so each verdict is tested from recorded inputs.
 * Tri-state ints: 1 yes, 0 no, -1 cannot tell.
 */

#define STATUS_MAX_WARNINGS 16

struct status_facts {
	char release[128];
	bool seccomp_filter;		/* actions_avail exists */
	struct action_vocab vocab;
	bool logged_known;
	action_set logged;
	struct route route;		/* where records go */

	/* the kernel log (/dev/kmsg), as far as its ring buffer reaches back */
	bool klog_known;
	bool klog_from_boot;		/* it still holds the boot's first message */
	uint64_t suppressed, suppressed_reports;	/* kauditd_printk_skb: N callbacks suppressed */
	int printk_ratelimit, printk_ratelimit_burst;	/* -1 when unreadable */
	/* the earliest sign that audit had been enabled this boot: a record only
	 * an enabled audit makes; -1 none seen */
	int64_t audit_on_by_usec;
	char audit_on_evidence[160];
	/* processes started before it: they have no audit context */
	size_t nold, nold_total;
	struct proc_started old[6];

	bool caps_known;
	bool cap_sys_admin, cap_audit_read, cap_audit_control;
	int initial_user_ns, initial_net_ns;
	pid_t self;
};

/* A verdict's reason, a destination or a warning: a stable code for scripts
 * and the sentence for people. */
struct status_note {
	const char *kind;
	char text[1024];
};

struct status_verdicts {
	int paper_trail;
	struct status_note paper_trail_why;
	size_t ngo;
	struct status_note go[8];
	size_t nchanges_go;
	struct status_note changes_go[4];	/* where CONFIG_CHANGE records go */
	int can_verify;
	struct status_note can_verify_why;
	size_t nwarnings;
	struct status_note warnings[STATUS_MAX_WARNINGS];
};

void status_judge(const struct status_facts *f, struct status_verdicts *v);
/* The paper-trail verdict alone, from where records go: 1, 0, -1 unknown. */
int status_paper_trail(const struct route *r);
