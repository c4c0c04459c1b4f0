/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which events tail, profile and record show: the filter options, matched. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "model/names.h"
#include "model/timeparse.h"

/* Which events tail shows. Unset members match everything. */
struct event_filter {
	bool pid_set, uid_set, syscall_set, arch_set;
	int64_t pid, uid;
	const char *comm, *exe;		/* fnmatch(3) patterns on the decoded bytes */
	const char *host;		/* a pattern on the host the record names; none matches no host */
	const char *unit;		/* a pattern on the unit or its slice */
	const char *container;		/* an id's prefix, or a pattern on the container's name */
	const char *pod;		/* a pattern on the pod's name or NAMESPACE/NAME, or its UID */
	int64_t syscall_nr;		/* when syscall_name is NULL */
	const char *syscall_name;
	uint32_t actions;		/* bit i: action_table[i]; 0: any */
	const struct arch_info *arch;	/* --arch by name (x32 apart from x86_64) */
	uint32_t arch_audit;		/* --arch as a number, when arch is NULL */
	struct time_window time;
};

bool filter_match(const struct event_filter *f, const struct event *e);
/* Comma-separated action names into f->actions (kill: both kill actions, and
 * ausearch's kill of either); -EINVAL names the bad one in bad. */
int filter_actions(struct event_filter *f, const char *list, char *bad, size_t size);
