// SPDX-License-Identifier: LGPL-2.1-or-later
/* The host's filters for status and set --dry-run: how each action is logged, what a change would start or stop. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmdutil.h"
#include "filterview.h"
#include "model/names.h"
#include "os/log.h"

static const char *const no_privilege = "reading filters needs root (CAP_SYS_ADMIN), and seccompctl not under seccomp";

struct impact_ctx {
	const struct filterview *fv;
	struct out *o;
	action_set old, new;
	size_t changes;
};

static void impact_one(const struct stack_fixed *d, void *data)
{
	struct impact_ctx *c = data;
	struct out *o = c->o;
	const struct stack_entry *e = d->e;
	bool before = decision_logged(&c->fv->v, c->old, d->ret, d->flag);
	bool after = decision_logged(&c->fv->v, c->new, d->ret, d->flag);
	const char *text, *first = d->count ? syscall_name(d->v->arch, d->first) : NULL;
	char buf[64], comm[128], calls[96];

	/* an arch deciding every call alike by one rule: told only for the native one */
	if (before == after || (!d->count && d->v->arch != arch_native()))
		return;
	c->changes++;
	text = action_ret_text(d->ret, buf, sizeof(buf));
	text_escape(comm, sizeof(comm), e->tasks[0].comm, strlen(e->tasks[0].comm));
	if (d->count)
		snprintf(calls, sizeof(calls), "%zu system calls (%s ...)", d->count, first ? first : "?");
	else
		snprintf(calls, sizeof(calls), "every call");
	pr_obj_open(o, NULL);
	pr_str(o, PR_JSON, "stack", NULL, e->id);
	pr_uint(o, PR_JSON, "processes", NULL, e->nprocs);
	pr_int(o, PR_JSON, "pid", NULL, e->tasks[0].pid);
	pr_str(o, PR_JSON, "arch", NULL, d->v->arch->name);
	pr_str(o, PR_JSON, "decision", NULL, text);
	if (d->count)
		pr_uint(o, PR_JSON, "syscalls", NULL, d->count);
	else
		pr_null(o, PR_JSON, "syscalls", NULL);
	pr_bool(o, PR_JSON, "logged_now", NULL, before);
	pr_bool(o, PR_JSON, "logged_after", NULL, after);
	pr_text(o, "  %s: %zu process%s (%d %s ...), %s: %s on %s\n", after ? "starts logging" : "stops logging",
		e->nprocs, e->nprocs == 1 ? "" : "es", (int)e->tasks[0].pid, comm, d->v->arch->name, text, calls);
	pr_obj_close(o);
}

int filterview_render_impact(const struct filterview *fv, struct out *o, action_set old, action_set new,
			     bool read)
{
	struct impact_ctx c = { .fv = fv, .o = o, .old = old, .new = new };

	pr_arr_open(o, "filters_impact");
	if (!read) {
		pr_arr_close(o);
		pr_str(o, PR_ANY, "filters_impact_unknown", "Filters: not read (%s): what would change is not known\n",
		       no_privilege);
		return 0;
	}
	if (stackset_each_fixed(&fv->set, impact_one, NULL, &c) < 0) {
		p_err("out of memory judging the filters");
		return -ENOMEM;
	}
	pr_arr_close(o);
	if (!c.changes)
		pr_text(o, "  no filter on this host changes whether its decisions are logged\n");
	return 0;
}

int filterview_render_status(const struct filterview *fv, struct out *o, bool read)
{
	struct action_tally tally[ACTIONS_MAX];
	size_t i;

	pr_obj_open(o, "filters");
	pr_bool(o, PR_JSON, "read", NULL, read);
	if (!read) {
		pr_str(o, PR_ANY, "why", "\nFilters: not read (%s)\n", no_privilege);
		pr_obj_close(o);
		return 0;
	}
	pr_null(o, PR_JSON, "why", NULL);
	pr_uint(o, PR_ANY, "stacks", "\nFilters on this host: %llu distinct", fv->set.nstacks);
	pr_uint(o, PR_ANY, "unreadable", ", %llu threads not read\n", fv->set.nmisses);
	if (stackset_tally(&fv->set, &fv->v, fv->logged, tally) < 0) {
		p_err("out of memory judging the filters");
		return -ENOMEM;
	}
	pr_arr_open(o, "actions");
	for (i = 0; i < action_kernel_len; i++) {
		const struct action_info *a = &action_table[i];
		const struct action_tally *t = &tally[i];
		int idx = vocab_index(&fv->v, a->name, strlen(a->name));
		bool listed = idx >= 0 && fv->logged & (1u << idx);
		char verdict[512], remedy[256] = "";

		if (!t->stacks || a->when == WHEN_NEVER)
			continue;
		if (t->logged_stacks == t->stacks)
			snprintf(verdict, sizeof(verdict), "%s is listed, and every filter stack that returns it is "
				 "logged (stacks: %zu, processes: %zu)", a->name, t->stacks, t->processes);
		else if (!listed) {
			snprintf(verdict, sizeof(verdict), "%s is not listed: filter stacks return %s (stacks: %zu, "
				 "processes: %zu), and nothing records those decisions", a->name, a->name, t->stacks,
				 t->processes);
			snprintf(remedy, sizeof(remedy), "seccompctl enable %s", a->name);
		} else {
			snprintf(verdict, sizeof(verdict), "%s is listed, but of the filter stacks that return it "
				 "(stacks: %zu, processes: %zu) %zu decide it with a filter that has no "
				 "SECCOMP_FILTER_FLAG_LOG: %s their %s decisions are logged", a->name, t->stacks,
				 t->processes, t->stacks - t->logged_stacks, t->logged_stacks ? "not all of" : "none of",
				 a->name);
			snprintf(remedy, sizeof(remedy), "load those filters with SECCOMP_FILTER_FLAG_LOG (OCI: \"flags\": "
				 "[\"SECCOMP_FILTER_FLAG_LOG\"]; seccompctl profile --log-denied)");
		}
		pr_obj_open(o, NULL);
		pr_str(o, PR_JSON, "action", NULL, a->name);
		pr_bool(o, PR_JSON, "listed", NULL, listed);
		pr_uint(o, PR_JSON, "stacks", NULL, t->stacks);
		pr_uint(o, PR_JSON, "logged_stacks", NULL, t->logged_stacks);
		pr_uint(o, PR_JSON, "processes", NULL, t->processes);
		pr_uint(o, PR_JSON, "logged_processes", NULL, t->logged_processes);
		pr_str(o, PR_ANY, "verdict", "  - %s", verdict);
		if (remedy[0])
			pr_str(o, PR_ANY, "remedy", "; remedy: %s", remedy);
		else
			pr_null(o, PR_JSON, "remedy", NULL);
		pr_text(o, "\n");
		pr_obj_close(o);
	}
	pr_arr_close(o);
	pr_obj_close(o);
	return 0;
}
