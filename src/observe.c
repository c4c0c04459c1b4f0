// SPDX-License-Identifier: LGPL-2.1-or-later
/* --observe: the decisions of a window, measured, for what a change to actions_logged would do. */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/event.h"
#include "os/clock.h"
#include "os/log.h"
#include "os/procfs.h"
#include "os/workloads.h"
#include "observe.h"
#include "readopts.h"
#include "source/source.h"

struct observation {
	struct source *bpf, *nl;	/* nl NULL: log decisions are not counted (why says) */
	struct workloads wl;
	bool wl_open;
	struct assembler a;	/* the log records on netlink; and what the counts' events are made like */
	struct tuning *t;
	int err;
	char why[256];
};

static void workload_of(const struct event *e, char *label, size_t size)
{
	label[event_workload_label(e, label, size - 1)] = '\0';
}

/* a record on netlink: only log decisions are counted from records (the
 * observer counts the rest, logged or not) */
static void judge_record(struct event *e, void *data)
{
	struct observation *ob = data;
	char label[EVENT_NAME_MAX + 64];

	if ((e->action ? e->action->code : e->code) != SECCOMP_RET_LOG)
		return;
	workload_of(e, label, sizeof(label));
	if (tuning_add(ob->t, label, SECCOMP_RET_LOG, 0, -1, 1) < 0)
		ob->err = -ENOMEM;
}

/* a count of the observer's */
static void judge_key(const struct decision_seen *d, struct event *e, uint64_t n, void *data)
{
	struct observation *ob = data;
	char label[EVENT_NAME_MAX + 64];

	workload_of(e, label, sizeof(label));
	if (tuning_add(ob->t, label, e->code, e->other, e->flag_log, n) < 0)
		ob->err = -ENOMEM;
}

int observe_open(struct observation **out)
{
	struct source_opts bo = { .counts_only = true }, no = { .want = WANT_SECCOMP, .follow = true };
	struct read_opts ro = { 0 };
	struct observation *ob;
	int r;

	*out = NULL;
	if (!(ob = calloc(1, sizeof(*ob))))
		return EXIT_ERROR;
	*out = ob;
	if (source_bpf_open(&ob->bpf, &bo) < 0)
		return EXIT_ERROR;
	/* without netlink the log decisions are not counted, and that is said */
	if (proc_has_cap("/proc", "self", CAP_AUDIT_READ) != 1)
		r = -EPERM;
	else
		r = source_netlink_open(&ob->nl, &no);
	if (r < 0) {
		ob->nl = NULL;
		snprintf(ob->why, sizeof(ob->why), "the audit netlink group cannot be read (%s): decisions of log, "
			 "seen only as records, are not counted", strerror(-r));
	}
	if ((r = read_opts_workloads(&ro, true, &ob->wl, &ob->wl_open)))
		return r;
	if (assembler_init(&ob->a, SOURCE_NETLINK, judge_record, ob) < 0) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	read_opts_use_workloads(true, &ob->a, &ob->wl, ob->wl_open);
	if (ob->wl_open)
		read_opts_serve_workloads(ob->bpf, &ob->wl);
	return 0;
}

int observe_run(struct observation *ob, double seconds, volatile sig_atomic_t *stop, struct tuning *t)
{
	int64_t until = monotonic_ms() + (int64_t)(seconds * 1000), start = monotonic_ms();
	struct source_item it;
	int r;

	ob->t = t;
	while (!*stop && monotonic_ms() < until) {
		/* the ring emptied unread; the records judged as they come */
		while (source_next(ob->bpf, &it) > 0)
			;
		while (ob->nl && (r = source_next(ob->nl, &it)) > 0)
			if (it.kind == ITEM_RECORD)
				assembler_feed(&ob->a, &it.rec, NULL, 0);
		assembler_flush(&ob->a);
		source_serve(ob->bpf, monotonic_ms() + 100 < until ? monotonic_ms() + 100 : until);
	}
	t->seconds = (double)(monotonic_ms() - start) / 1000;
	if ((r = source_tally_events(ob->bpf, &ob->a, judge_key, ob)) < 0) {
		p_err("cannot read the kernel's counts of decisions: %s", strerror(-r));
		return EXIT_ERROR;
	}
	if (ob->err) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	return 0;
}

const char *observe_netlink_why(const struct observation *ob)
{
	return ob && ob->why[0] ? ob->why : NULL;
}

void observe_close(struct observation *ob)
{
	if (!ob)
		return;
	if (ob->a.ev)
		assembler_free(&ob->a);
	if (ob->wl_open)
		workloads_close(&ob->wl);
	source_close(ob->nl);
	source_close(ob->bpf);
	free(ob);
}

/* A sentence for each action the change adds or takes away. */
static void action_sentences(struct out *o, const struct tuning *t)
{
	const struct action_info *a;
	const struct tuning_action *ta;
	size_t i;

	for (i = 0; i < action_kernel_len; i++) {
		a = &action_table[i];
		ta = &t->by_action[i];
		if (vocab_index(t->v, a->name, strlen(a->name)) < 0)
			continue;
		bool on = t->new & (1U << vocab_index(t->v, a->name, strlen(a->name))),
		     was = t->old & (1U << vocab_index(t->v, a->name, strlen(a->name)));

		if (on == was)
			continue;
		if (on && !ta->added)
			pr_text(o, "  enabling %s adds nothing: %s\n", a->name,
				!ta->seen ? "no such decision was made in the window"
				: a->when == WHEN_FLAG_LOG && ta->no_flag == ta->seen
					? "every one of them came from a filter without SECCOMP_FILTER_FLAG_LOG"
					: "those made are logged already, or cannot be told");
		else if (on)
			pr_text(o, "  enabling %s adds %.1f records/s (%llu of %llu %s decisions in %.1f s)\n", a->name,
				(double)ta->added / t->seconds, (unsigned long long)ta->added,
				(unsigned long long)ta->seen, a->name, t->seconds);
		else if (!ta->removed)
			pr_text(o, "  disabling %s hides nothing that was logged in the window\n", a->name);
		else
			pr_text(o, "  disabling %s hides %.1f records/s (%llu in %.1f s)\n", a->name,
				(double)ta->removed / t->seconds, (unsigned long long)ta->removed, t->seconds);
	}
}

void observe_render(struct out *o, const struct tuning *t, const char *netlink_why)
{
	struct tuning_row **rows;
	double s = t->seconds > 0 ? t->seconds : 1;
	size_t i, n;

	if (!(rows = tuning_sorted(t, &n))) {
		p_err("out of memory");
		return;
	}
	pr_text(o, "observed for %.1f s: the change would add %.1f records/s and take away %.1f/s", t->seconds,
		(double)t->added / s, (double)t->removed / s);
	if (t->unknown)
		pr_text(o, "; %.1f/s cannot be told (a stack with and without FLAG_LOG, or an action of two)",
			(double)t->unknown / s);
	pr_text(o, "\n");
	action_sentences(o, t);
	for (i = 0; i < n; i++) {
		pr_text(o, "  %+9.1f/s %-9s ", (double)rows[i]->added / s - (double)rows[i]->removed / s, "records");
		pr_bytes(o, PR_TEXT, NULL, "%s\n", rows[i]->workload[0] ? rows[i]->workload : "(workload not known)",
			 rows[i]->workload[0] ? strlen(rows[i]->workload) : 20);
	}
	if (netlink_why)
		pr_text(o, "  note: %s\n", netlink_why);
	pr_obj_open(o, "observed");
	pr_uint(o, PR_JSON, "milliseconds", NULL, (unsigned long long)(t->seconds * 1000));
	pr_uint(o, PR_JSON, "added", NULL, t->added);
	pr_uint(o, PR_JSON, "removed", NULL, t->removed);
	pr_uint(o, PR_JSON, "unknown", NULL, t->unknown);
	pr_str(o, PR_JSON, "log_records", NULL, netlink_why ? "not counted" : "counted");
	pr_arr_open(o, "workloads");
	for (i = 0; i < n; i++) {
		pr_obj_open(o, NULL);
		pr_bytes(o, PR_JSON, "workload", NULL, rows[i]->workload, strlen(rows[i]->workload));
		pr_uint(o, PR_JSON, "added", NULL, rows[i]->added);
		pr_uint(o, PR_JSON, "removed", NULL, rows[i]->removed);
		pr_uint(o, PR_JSON, "unknown", NULL, rows[i]->unknown);
		pr_obj_close(o);
	}
	pr_arr_close(o);
	pr_obj_close(o);
	free(rows);
}
