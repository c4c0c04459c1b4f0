// SPDX-License-Identifier: LGPL-2.1-or-later
/* What the commands share: the kernel's vocabulary read once, the time
 * window, and the emitters of action sets and seccomp-logging changes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "os/clock.h"
#include "cmdutil.h"
#include "config.h"
#include "exitcode.h"
#include "os/log.h"
#include "os/runtimes.h"
#include "os/sysctl.h"
#include "model/event.h"
#include "model/workload.h"

int load_vocab(struct action_vocab *v)
{
	int r = seccomp_read_avail(SYSCTL_ROOT, v);

	if (r == -ENOENT) {
		p_err("%s/%s does not exist: this kernel has no seccomp logging controls "
		      "(Linux 4.14 or later with CONFIG_SECCOMP_FILTER needed)", SYSCTL_ROOT, ACTIONS_AVAIL);
		return EXIT_ERROR;
	}
	if (r == -EINVAL) {
		p_err("%s/%s holds no list of action names this tool can read", SYSCTL_ROOT, ACTIONS_AVAIL);
		return EXIT_ERROR;
	}
	if (r < 0) {
		p_err("cannot read %s/%s: %s", SYSCTL_ROOT, ACTIONS_AVAIL, strerror(-r));
		return EXIT_ERROR;
	}
	return 0;
}

int load_logged(const struct action_vocab *v, action_set *logged)
{
	int r = seccomp_read_logged(SYSCTL_ROOT, v, logged);

	if (r == -EINVAL) {
		p_err("%s/%s holds a name that is not in actions_avail", SYSCTL_ROOT, ACTIONS_LOGGED);
		return EXIT_ERROR;
	}
	if (r < 0) {
		p_err("cannot read %s/%s: %s", SYSCTL_ROOT, ACTIONS_LOGGED, strerror(-r));
		return EXIT_ERROR;
	}
	return 0;
}

int parse_window(const char *since, const char *until, int64_t now_ms, struct time_window *w)
{
	memset(w, 0, sizeof(*w));
	if (since && parse_time(since, now_ms, &w->since_ms) < 0) {
		p_err("--since: cannot read the time '%s'", since);
		return EXIT_USAGE;
	}
	if (until && parse_time(until, now_ms, &w->until_ms) < 0) {
		p_err("--until: cannot read the time '%s'", until);
		return EXIT_USAGE;
	}
	w->since_set = since;
	w->until_set = until;
	return 0;
}

void pr_action_set(struct out *o, enum pr_mode m, const char *key, const char *fmt,
		   const struct action_vocab *v, action_set set, char sep)
{
	char text[512];
	size_t i;

	if (o->json && (m & PR_JSON)) {
		jw_open_arr(o, key);
		for (i = 0; i < v->n; i++)
			if (set & (1U << i))
				jw_str(o, NULL, v->names[i]);
		jw_close_arr(o);
	} else {
		pr_str(o, m & PR_TEXT, key, fmt, set_text(v, set, sep, text, sizeof(text)));
	}
}

void pr_change_fields(struct out *o, const struct action_vocab *v, const struct logging_change *c,
		      const struct syscall_who *who)
{
	char time[64];

	jw_uint(o, "serial", c->serial);
	fmt_time_iso(time, sizeof(time), c->sec, c->msec);
	jw_own_str(o, "time", time);
	if (c->old_known)
		pr_action_set(o, PR_JSON, "old_actions", NULL, v, c->old_actions, ',');
	else
		jw_null(o, "old_actions");
	if (c->actions_known)
		pr_action_set(o, PR_JSON, "actions", NULL, v, c->actions, ',');
	else
		jw_null(o, "actions");
	jw_int(o, "res", c->res);
	if (!who) {
		jw_null(o, "pid");
		jw_null(o, "uid");
		jw_null(o, "auid");
		jw_null(o, "comm");
		jw_null(o, "exe");
		return;
	}
	jw_int(o, "pid", who->pid);
	jw_int(o, "uid", who->uid);
	if (who->auid == AUDIT_ID_UNSET)
		jw_null(o, "auid");
	else
		jw_int(o, "auid", who->auid);
	jw_strn(o, "comm", who->comm, who->comm_len);
	jw_strn(o, "exe", who->exe, who->exe_len);
}


int exit_for(int err)
{
	return err == -EINVAL ? EXIT_USAGE : EXIT_ERROR;
}

int open_chosen(const struct source_choice *c, struct source_opts *o, struct source **src)
{
	int r = source_open(c, o, src);

	return r < 0 ? exit_for(r) : 0;
}

int report_name_error(const struct action_vocab *v, const struct name_error *e)
{
	char avail[512];

	set_format(v, vocab_default(v), ' ', avail, sizeof(avail));
	switch (e->problem) {
	case NAME_ALLOW:
		p_err("'allow' cannot be logged: the kernel never logs allowed system calls and "
		      "refuses 'allow' in actions_logged");
		break;
	case NAME_UNAVAILABLE:
		p_err("'%s' is not available on this kernel; it knows: %s", e->name, avail);
		break;
	default:
		if (e->suggestion)
			p_err("unknown action '%s'; did you mean '%s'? Valid: %s", e->name, e->suggestion, avail);
		else
			p_err("unknown action '%s'; valid: %s", e->name, avail);
	}
	return EXIT_USAGE;
}

/* What a cgroup names, and the names the host keeps: false when not known. */
static bool workload_read(struct runtimes *rt, const char *cg, struct workload *w, struct container_names *n)
{
	memset(n, 0, sizeof(*n));
	if (!cg || !*cg)
		return false;
	workload_parse(cg, strlen(cg), w);
	if (rt)
		runtimes_names(rt, cg, strlen(cg), w, n, (uint64_t)monotonic_ms());
	w->runtime = container_runtime_of(w, n);
	return true;
}

/* What a process's cgroup names, as words (model/workload.h); false when it
 * could not be read (the process is gone). */
static bool words_of(struct runtimes *rt, const char *cgroup, struct workload *w, struct container_names *n,
		     struct workload_words *ww)
{
	memset(ww, 0, sizeof(*ww));
	if (!workload_read(rt, cgroup, w, n)) {
		ww->why = WHY_GONE;
		return false;
	}
#define STR(field, s) ww->field = (s), ww->field##_len = (s) ? strlen(s) : 0
	ww->runtime = w->runtime;
	ww->qos = w->qos;
	STR(name, n->name);
	STR(image, n->image);
	STR(pod_name, n->pod_name);
	STR(pod_namespace, n->pod_namespace);
	STR(pod_uid, w->pod_uid[0] ? w->pod_uid : n->pod_uid);
	STR(cgroup, cgroup);
#undef STR
	ww->id = w->id.len ? cgroup + w->id.off : n->id;
	ww->id_len = w->id.len ? w->id.len : n->id ? strlen(n->id) : 0;
	ww->unit = cgroup + w->unit.off, ww->unit_len = w->unit.len;
	ww->slice = cgroup + w->slice.off, ww->slice_len = w->slice.len;
	return true;
}

void jw_workload(struct out *o, struct runtimes *rt, const char *cgroup)
{
	struct container_names n;
	struct workload_words ww;
	struct workload w;
	char *p;

	words_of(rt, cgroup, &w, &n, &ww);
	if ((p = jw_reserve(o, workload_json_max(&ww))))
		jw_commit(o, workload_json(p, &ww));
}

void process_workload_label(struct runtimes *rt, const char *cgroup, char *buf, size_t size)
{
	struct container_names n;
	struct workload_words ww;
	struct workload w;

	if (!words_of(rt, cgroup, &w, &n, &ww)) {
		snprintf(buf, size, "-");
		return;
	}
	if (!workload_label(&ww, buf, size))
		snprintf(buf, size, "%s", cgroup);
}
