/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tail --unique: each (exe, arch, syscall, action) once a window, then its count. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/hashtab.h"

/*
 * An event is written the first time its (exe, arch, syscall, action) is
 * seen in a window; the repeats are counted, and told when the window closes
 * (WINDOW after that first event). Windows are measured in the events' own
 * time, so that history gives what live gave; a follower also closes them by
 * the clock. Pure: fed events and times, no I/O.
 */

#define UNIQUE_MAX 65536	/* keys held at once; past it events are written as they come */

struct unique_key {
	char *exe;			/* one allocation: exe, NUL, workload, NUL */
	size_t exe_len;
	const char *workload;		/* its label (event_workload_label), "" when not known */
	size_t wl_len;
	uint32_t arch;
	int64_t nr;
	uint32_t code;		/* the first event's code=: keys compare its action part */
	const char *arch_name, *syscall_name;	/* static, may be NULL */
	int64_t first_ms, last_ms;
	uint64_t repeats;
};

struct unique {
	int64_t window_ms;
	struct htab keys;		/* of struct unique_key */
	uint64_t overflow;		/* events written because the table was full */
	int64_t next_ms;		/* no window closes before this */
};

int unique_init(struct unique *u, int64_t window_ms);
void unique_free(struct unique *u);
/* Is this event the first of its window (true: write it)? A repeat is counted.
 * Call unique_expire(u, ms) first: the windows its time has closed are told there. */
bool unique_see(struct unique *u, const struct event *e, int64_t ms);
/* Close the windows that ended by now_ms (INT64_MAX: all): fn for each that
 * had repeats, then the key is forgotten. */
void unique_expire(struct unique *u, int64_t now_ms, void (*fn)(const struct unique_key *k, void *data),
		   void *data);
/* Restore a key from a cursor (its first event was written before). */
int unique_restore(struct unique *u, const struct unique_key *k);
