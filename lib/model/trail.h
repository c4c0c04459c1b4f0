/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The paper trail of actions_logged, and the checks that say whether it is whole. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/actions.h"
#include "model/audit-record.h"

/*
 * The paper trail of actions_logged: every op=seccomp-logging record, by
 * boot, with its writer when a SYSCALL record named it, and the checks that
 * tell whether the trail is whole. Pure: fed records, no I/O.
 */

struct trail_boot {
	char id[33];		/* journal boot id; "" when inferred from a log */
	bool inferred;		/* the boundary was inferred (serials restarted) */
	bool covers_start;	/* the window holds this boot from its start */
	bool current;		/* the running boot */
};

struct trail_change {
	struct logging_change c;
	bool lost_before;	/* the source dropped records since the change before */
	bool who_known;
	struct syscall_who who;
	size_t boot;
};

enum trail_problem_kind {
	/* proven: the value changed without a record */
	TRAIL_GAP,		/* old-actions is not the value the previous record left */
	TRAIL_BOOT_START,	/* a boot's first change did not start from the default */
	TRAIL_PRESENT,		/* the live value is not what the last record left */
	/* not proven: the trail is consistent, but cannot be shown complete */
	TRAIL_AUDIT_DISABLED,	/* changes while audit is off leave no record */
	TRAIL_LOST,		/* the kernel lost records in the window: changes among them? */
	TRAIL_NOW_UNKNOWN,	/* cannot tell whether the log reaches the running boot */
	TRAIL_UNTRUSTED,	/* records a process could have written were left out: real ones among them? */
};

enum trail_verdict {
	TRAIL_INTACT,		/* every change recorded, as far as anything can show */
	TRAIL_UNPROVEN,		/* consistent, but records may be missing */
	TRAIL_BROKEN,		/* a change was made without a record */
};

struct trail_problem {
	enum trail_problem_kind kind;
	bool proven;
	uint64_t serials[2];
	size_t nserials;
	char message[512];
};

struct trail {
	const struct action_vocab *vocab;
	struct trail_change *changes;
	size_t n, cap;
	struct trail_boot *boots;
	size_t nboots, capb;
	struct trail_problem *problems;
	size_t np, capp;
	int err;		/* a problem could not be kept */
	/* records the source itself says it dropped in the window (the kernel
	 * log's printk rate limit, a journal that missed messages) */
	uint64_t source_lost, source_lost_reports;
	char source_lost_why[256];
	bool loss_pending;	/* a loss since the last change added */
	/* op=seccomp-logging records left out because the source cannot vouch
	 * for them (model/lineform.h): nothing is proven while there are any */
	uint64_t untrusted;
	char untrusted_why[512];
};

/* What is true now, for the checks that look at the present. */
struct trail_now {
	bool reaches_now;	/* the window ends now, on the current boot */
	bool now_unknown;	/* cannot tell whether it does (no boot time) */
	bool live_known;
	action_set live;
	bool audit_known;
	uint32_t enabled, lost;
	/* when the kernel's lost counter last rose, as far as the kernel log
	 * says: losses all before the window do not touch it */
	bool lost_before_window;
	action_set kernel_default;
};

void trail_init(struct trail *t, const struct action_vocab *v);
void trail_free(struct trail *t);
/* Start a boot; records that follow belong to it. */
int trail_boot(struct trail *t, const char *id, bool inferred, bool covers_start, bool current);
int trail_add(struct trail *t, const struct logging_change *c);
/* The source dropped records in the window: n (0: it does not say how many). */
void trail_source_lost(struct trail *t, uint64_t n, const char *why);
/* A change record the source cannot vouch for, left out: why, for people. */
void trail_untrusted(struct trail *t, const char *why);
/* The SYSCALL record of a change's serial: its writer. */
void trail_who(struct trail *t, const struct syscall_who *w);
/* 0, or -ENOMEM when a problem could not be kept (then nothing may be claimed). */
int trail_check(struct trail *t, const struct trail_now *now);
enum trail_verdict trail_verdict(const struct trail *t);
const char *trail_verdict_name(enum trail_verdict v);
bool trail_intact(const struct trail *t);
const char *trail_problem_name(enum trail_problem_kind kind);
/* Did systemd-sysctl or sysctl make this change (boot-time sysctl.d)? */
bool trail_from_sysctl(const struct trail_change *c);
