// SPDX-License-Identifier: LGPL-2.1-or-later
/* Which events tail, profile and record show: the filter options, matched. */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "model/actions.h"
#include "model/filter.h"

static bool glob(const char *pattern, const struct event *e, struct span sp)
{
	const char *s = span_has(sp) ? event_str(e, sp) : "";

	/* decoded names may hold NUL bytes: such a name cannot match a pattern */
	if (span_has(sp) && strlen(s) != sp.len)
		return false;
	return fnmatch(pattern, s, 0) == 0;
}

static bool pod_match(const char *pattern, const struct event *e)
{
	char full[2 * EVENT_NAME_MAX + 2];

	if (span_has(e->pod_uid) && strcmp(pattern, event_str(e, e->pod_uid)) == 0)
		return true;
	if (span_has(e->pod_name) && glob(pattern, e, e->pod_name))
		return true;
	if (!span_has(e->pod_name) || !span_has(e->pod_namespace))
		return false;
	snprintf(full, sizeof(full), "%s/%s", event_str(e, e->pod_namespace), event_str(e, e->pod_name));
	return fnmatch(pattern, full, 0) == 0;
}

bool filter_match(const struct event_filter *f, const struct event *e)
{
	int64_t ms = (int64_t)e->sec * 1000 + e->msec;

	if (f->pid_set && e->pid != f->pid)
		return false;
	if (f->uid_set && e->uid != f->uid)
		return false;
	if ((e->time_unknown && (f->time.since_set || f->time.until_set)) || !window_holds(&f->time, ms))
		return false;
	if (f->arch_set && (!e->has_arch || (f->arch ? arch_of(e->arch, e->syscall) != f->arch : e->arch != f->arch_audit)))
		return false;
	if (f->actions && (!e->action || !(f->actions & (1U << (e->action - action_table)))))
		return false;
	if (f->syscall_set) {
		if (f->syscall_name) {
			if (!e->syscall_name || strcmp(e->syscall_name, f->syscall_name))
				return false;
		} else if (e->syscall != f->syscall_nr) {
			return false;
		}
	}
	if (f->comm && !glob(f->comm, e, e->comm))
		return false;
	if (f->exe && !glob(f->exe, e, e->exe))
		return false;
	if (f->host && (!span_has(e->host) || !glob(f->host, e, e->host)))
		return false;
	if (f->unit && !(span_has(e->unit) && glob(f->unit, e, e->unit)) &&
	    !(span_has(e->slice) && glob(f->unit, e, e->slice)))
		return false;
	if (f->container && !(span_has(e->container_id) && container_id_prefix(event_str(e, e->container_id),
										 e->container_id.len, f->container)) &&
	    !(span_has(e->container_name) && glob(f->container, e, e->container_name)))
		return false;
	if (f->pod && !pod_match(f->pod, e))
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
		/* kill: either kill action, and the records that do not say which */
		if (a->code == ACTION_CODE_KILL_EITHER)
			f->actions |= 1U << ACT_KILL_PROCESS | 1U << ACT_KILL_THREAD;
		p = *end ? end + 1 : end;
	}
	return 0;
}
