/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "actions.h"
#include "record.h"

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
	bool who_known;
	struct syscall_who who;
	size_t boot;
};

enum trail_problem_kind {
	TRAIL_GAP,		/* old-actions is not the value the previous record left */
	TRAIL_BOOT_START,	/* a boot's first change did not start from the default */
	TRAIL_PRESENT,		/* the live value is not what the last record left */
	TRAIL_AUDIT_DISABLED,	/* from now on nothing is recorded */
	TRAIL_LOST,		/* the kernel lost records: changes among them? */
};

struct trail_problem {
	enum trail_problem_kind kind;
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
};

/* What is true now, for the checks that look at the present. */
struct trail_now {
	bool reaches_now;	/* the window ends now, on the current boot */
	bool live_known;
	action_set live;
	bool audit_known;
	uint32_t enabled, lost;
	action_set kernel_default;
};

void trail_init(struct trail *t, const struct action_vocab *v);
void trail_free(struct trail *t);
/* Start a boot; records that follow belong to it. */
int trail_boot(struct trail *t, const char *id, bool inferred, bool covers_start, bool current);
int trail_add(struct trail *t, const struct logging_change *c);
/* The SYSCALL record of a change's serial: its writer. */
void trail_who(struct trail *t, const struct syscall_who *w);
void trail_check(struct trail *t, const struct trail_now *now);
bool trail_intact(const struct trail *t);
const char *trail_problem_name(enum trail_problem_kind kind);
/* Did systemd-sysctl or sysctl make this change (boot-time sysctl.d)? */
bool trail_from_sysctl(const struct trail_change *c);
