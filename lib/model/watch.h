/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Is this CONFIG_CHANGE record the proof of our write to actions_logged? */
#pragma once

#include <stdbool.h>
#include <sys/types.h>

#include "model/actions.h"
#include "model/audit-record.h"

/*
 * Finds the kernel's CONFIG_CHANGE record for one write to actions_logged
 * among the records that arrive, and tells whether it proves the change.
 * Pure: fed with records, no I/O.
 */

#define WATCH_MAX_RECORDS 16

struct watched_change {
	struct logging_change c;
	bool who_known;
	bool ended;		/* EOE seen: no SYSCALL record will follow */
	struct syscall_who who;
};

struct change_watch {
	const struct action_vocab *vocab;
	pid_t self;
	action_set old;		/* read just before the write */
	action_set new;		/* written */
	bool write_ok;		/* the kernel accepted the write (expect res=1) */

	size_t n;
	struct watched_change seen[WATCH_MAX_RECORDS];
	size_t dropped;		/* seccomp-logging records past WATCH_MAX_RECORDS */
	size_t malformed;
};

void watch_init(struct change_watch *w, const struct action_vocab *v, pid_t self,
		action_set old, action_set new, bool write_ok);
/* Feed one record. Returns true once nothing more is needed: our record was
 * seen and its SYSCALL record (or the end of its event) too. */
bool watch_feed(struct change_watch *w, uint32_t type, const char *payload, size_t len);
/* Our record, or NULL. Ours: res matches the write, actions are what was
 * written (for a refused write: "?"), and the writer is us or unknown. */
const struct watched_change *watch_ours(const struct change_watch *w);

enum watch_verdict {
	WATCH_VERIFIED,		/* our record, chained on the value we read */
	WATCH_MISSING,		/* no record of our write */
	WATCH_CONCURRENT,	/* someone else changed the value around our write */
};

enum watch_verdict watch_verdict(const struct change_watch *w);
/* Is this other record a concurrent change (rather than one before our read)? */
bool watch_is_concurrent(const struct change_watch *w, const struct watched_change *c);
