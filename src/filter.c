// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "actions.h"
#include "filter.h"
#include "interpret.h"

#define SECCOMP_RET_ACTION_FULL 0xffff0000U

static bool glob(const char *pattern, const char *s, size_t len)
{
	/* decoded names may hold NUL bytes: such a name cannot match a pattern */
	if (strlen(s) != len)
		return false;
	return fnmatch(pattern, s, 0) == 0;
}

bool filter_match(const struct event_filter *f, const struct event *e)
{
	const struct seccomp_rec *s = &e->sc;
	int64_t ms = (int64_t)s->sec * 1000 + s->msec;
	const struct action_info *a;
	const char *name;

	if (f->pid_set && s->pid != f->pid)
		return false;
	if (f->uid_set && s->uid != f->uid)
		return false;
	if (!window_holds(&f->time, ms))
		return false;
	if (f->arch_set && s->arch != f->arch)
		return false;
	if (f->actions) {
		a = action_by_code(s->code & SECCOMP_RET_ACTION_FULL);
		if (!a || !(f->actions & (1U << (a - action_table))))
			return false;
	}
	if (f->syscall_set) {
		if (f->syscall_name) {
			name = syscall_name(s->arch, s->syscall);
			if (!name || strcmp(name, f->syscall_name))
				return false;
		} else if (s->syscall != f->syscall_nr) {
			return false;
		}
	}
	if (f->comm && !glob(f->comm, s->comm, s->comm_len))
		return false;
	if (f->exe && !glob(f->exe, s->exe, s->exe_len))
		return false;
	return true;
}

int filter_actions(struct event_filter *f, const char *list, char *bad, size_t size)
{
	const char *p = list, *end;
	const struct action_info *a;

	while (*p) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		a = action_by_name(p, (size_t)(end - p));
		if (!a) {
			snprintf(bad, size, "%.*s", (int)(end - p), p);
			return -EINVAL;
		}
		f->actions |= 1U << (a - action_table);
		p = *end ? end + 1 : end;
	}
	return 0;
}
