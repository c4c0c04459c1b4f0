/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Which events tail, profile and record show: the filter options, matched. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "model/timeparse.h"

/* Which events tail shows. Unset members match everything. */
struct event_filter {
	bool pid_set, uid_set, syscall_set, arch_set;
	int64_t pid, uid;
	const char *comm, *exe;		/* fnmatch(3) patterns on the decoded bytes */
	int64_t syscall_nr;		/* when syscall_name is NULL */
	const char *syscall_name;
	uint32_t actions;		/* bit i: action_table[i]; 0: any */
	uint32_t arch;
	struct time_window time;
};

bool filter_match(const struct event_filter *f, const struct event *e);
/* Comma-separated action names into f->actions; -EINVAL names the bad one in bad. */
int filter_actions(struct event_filter *f, const char *list, char *bad, size_t size);
