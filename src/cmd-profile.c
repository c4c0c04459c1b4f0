// SPDX-License-Identifier: LGPL-2.1-or-later
/* profile: records into an allow-list (OCI, systemd, JSON); --check: what a
 * profile would deny of what happened. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "cmdutil.h"
#include "filterview.h"
#include "model/event.h"
#include "os/log.h"
#include "os/ocijson.h"
#include "os/output.h"
#include "model/profile.h"
#include "profile-cli.h"
#include "readopts.h"
#include "os/sandbox.h"
#include "os/table.h"
#include "os/workloads.h"

static struct read_opts ro = { .source = "auto" };
static struct profile_cli pc;
static const char *opt_check;

static const struct cli_opt profile_opts[] = {
	READ_OPTS_SOURCE(ro, "auto, netlink, kernel, journal or file", "events"),
	READ_OPTS_FILTER(ro),
	PROFILE_CLI_OPTS(pc),
	{ "check", 0, OPT_STRING, &opt_check, "FILE",
	  "instead: list every recorded call this OCI profile would deny (exit 3 when any); 'live' with --pid: "
	  "the live filter of that process" },
	{ NULL }
};

struct reading {
	struct event_filter filter;
	struct profile *p;
	struct check *check;
};

/* --check: per executable, arch and call, what the profile would do */
struct check_row {
	char *exe;
	const struct arch_info *arch;
	uint32_t audit_arch;
	int64_t nr;
	const char *name;
	const char *action;	/* what the profile does: its rule's action, or its default */
	enum oci_verdict verdict;
	uint64_t count;
};

struct check {
	const struct oci_profile *op;
	const struct filter_stack *live;	/* --check live: the process's filters instead */
	struct check_row *rows;
	size_t n, cap;
	uint64_t allowed;
	int err;
};

/* What the live filter does with a recorded call: the kernel's decision. */
static enum oci_verdict live_judge(const struct filter_stack *s, const struct event *e, const char **action)
{
	static char text[64];
	struct decision d;

	if (!e->has_arch || e->syscall < 0) {
		*action = "a record without arch or number";
		return OCI_DEPENDS;
	}
	stack_decide(s, e->arch, (uint32_t)e->syscall, &d);
	if (d.kind == DEC_UNKNOWN) {
		*action = d.why;
		return OCI_DEPENDS;
	}
	*action = filter_ret_text(d.ret, text, sizeof(text));
	if (d.kind == DEC_ARGS)
		return OCI_DEPENDS;
	switch (d.ret & SECCOMP_RET_ACTION_FULL) {
	case 0x7fff0000u:
	case 0x7ffc0000u:
		return OCI_ALLOWED;
	case 0x7ff00000u:
	case 0x7fc00000u:
		return OCI_DEPENDS;	/* a tracer or a supervisor decides */
	}
	return OCI_DENIED;
}

static void check_add(struct check *c, const struct event *e)
{
	const struct arch_info *a = e->has_arch ? arch_of(e->arch, e->syscall) : NULL;
	const char *name = a ? syscall_name(a, e->syscall) : NULL, *action = NULL;
	const char *exe = span_has(e->exe) ? event_str(e, e->exe) : "";
	enum oci_verdict v = c->live ? live_judge(c->live, e, &action) : oci_judge(c->op, a, name, &action);
	struct check_row *r;
	size_t i;

	if (!c->live && !name && v == OCI_ALLOWED && strcmp(c->op->default_action, "SCMP_ACT_ALLOW") &&
	    strcmp(c->op->default_action, "SCMP_ACT_LOG"))
		v = OCI_DEPENDS;	/* a call without a name: no rule can name it */
	if (v == OCI_ALLOWED) {
		c->allowed++;
		return;
	}
	for (i = 0; i < c->n; i++) {
		r = &c->rows[i];
		if (r->audit_arch == (e->has_arch ? e->arch : 0) && r->nr == e->syscall && !strcmp(r->exe, exe)) {
			r->count++;
			return;
		}
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct check_row *more = realloc(c->rows, cap * sizeof(*more));

		if (!more) {
			c->err = -ENOMEM;
			return;
		}
		c->rows = more;
		c->cap = cap;
	}
	r = &c->rows[c->n];
	if (!(r->exe = strdup(exe))) {
		c->err = -ENOMEM;
		return;
	}
	c->n++;
	r->arch = a;
	r->audit_arch = e->has_arch ? e->arch : 0;
	r->nr = e->syscall;
	r->name = name;
	/* the live filter's words are made per call: kept */
	r->action = c->live && action ? strdup(action) : action;
	r->verdict = v;
	r->count = 1;
}

static void on_event(struct event *e, void *data)
{
	struct reading *rd = data;

	if (!filter_match(&rd->filter, e))
		return;
	if (rd->check)
		check_add(rd->check, e);
	else
		profile_add(rd->p, e);
}

static int by_exe_then_count(const void *a, const void *b)
{
	const struct check_row *x = a, *y = b;
	int c = strcmp(x->exe, y->exe);

	return c ? c : x->count < y->count ? 1 : x->count > y->count ? -1 : 0;
}

static int render_check(struct out *o, struct check *c, const char *path, const struct profile *p)
{
	static const char *const headers[] = { "EXE", "ARCH", "SYSCALL", ">COUNT", "THE PROFILE DOES", NULL };
	struct table *t = o->json ? NULL : table_new(headers);
	uint64_t denied = 0, depends = 0;
	char nr[32];
	size_t i;
	int r = 0;

	if (!o->json && !t) {
		p_err("out of memory");
		return -ENOMEM;
	}
	if (c->n)
		qsort(c->rows, c->n, sizeof(*c->rows), by_exe_then_count);
	pr_obj_open(o, NULL);
	pr_str(o, PR_JSON, "profile", NULL, path);
	pr_uint(o, PR_JSON, "records", NULL, p->events);
	pr_uint(o, PR_JSON, "allowed", NULL, c->allowed);
	pr_uint(o, PR_JSON, "lost", NULL, p->lost);
	pr_arr_open(o, "calls");
	for (i = 0; i < c->n; i++) {
		const struct check_row *row = &c->rows[i];
		const char *verdict = row->verdict == OCI_DENIED ? "denied" : "depends";

		if (row->verdict == OCI_DENIED)
			denied += row->count;
		else
			depends += row->count;
		snprintf(nr, sizeof(nr), "#%lld", (long long)row->nr);
		pr_obj_open(o, NULL);
		pr_bytes(o, PR_JSON, "exe", NULL, row->exe, strlen(row->exe));
		pr_str(o, PR_JSON, "arch", NULL, row->arch ? row->arch->name : NULL);
		pr_str(o, PR_JSON, "syscall", NULL, row->name);
		pr_int(o, PR_JSON, "syscall_nr", NULL, row->nr);
		pr_uint(o, PR_JSON, "count", NULL, row->count);
		pr_str(o, PR_JSON, "verdict", NULL, verdict);
		pr_str(o, PR_JSON, "action", NULL, row->action);
		pr_obj_close(o);
		if (!t)
			continue;
		table_row(t);
		table_cell_bytes(t, 0, row->exe, strlen(row->exe));
		table_cell(t, 1, row->arch ? row->arch->name : "?");
		table_cell(t, 2, row->name ? row->name : nr);
		table_cellf(t, 3, "%llu", (unsigned long long)row->count);
		table_cellf(t, 4, "%s: %s%s", verdict, row->action ? row->action : "no name to match",
			    row->verdict == OCI_DEPENDS && row->action ? " (arguments, or a tracer, decide)" : "");
	}
	pr_arr_close(o);
	pr_uint(o, PR_JSON, "denied", NULL, denied);
	pr_uint(o, PR_JSON, "depends", NULL, depends);
	pr_obj_close(o);
	pr_end(o);
	if (t && c->n)
		r = table_print(t, o);
	else
		table_free(t);
	pr_text(o, "%llu of %llu recorded calls would be denied by %s%s%llu depend on arguments or a tracer\n",
		(unsigned long long)denied, (unsigned long long)p->events, path, depends ? "; " : "; ",
		(unsigned long long)depends);
	return r;
}

/* What a run of profile holds, from the options to the last line. */
struct prof_run {
	struct profile p;
	bool p_init;
	struct profile_opts popts;
	struct oci_profile checked, base;
	struct check check;
	struct reading rd;
	struct source_choice choice;
	struct source *src;
	struct assembler a;
	bool a_init;
	struct out *mem;	/* the profile, whole, before it is saved */
	struct filterview fv;	/* --check live */
	bool fv_open;
	struct workloads wl;	/* live sources: who made each record */
	bool wl_open;
};

/* Options, the profile to check, the source; 0 or an exit code. */
static int prof_open(struct prof_run *pr)
{
	struct source_opts so;
	char err[256];
	int r;

	if (read_opts_filter(&ro, &pr->rd.filter) < 0)
		return EXIT_USAGE;
	if ((r = profile_cli_setup(&pc, &pr->popts, &pr->base)))
		return r;
	if (opt_check && strcmp(opt_check, "live") == 0) {
		const char *pid = ro.pid;

		if (!pid) {
			p_err("--check live needs --pid PID: the process whose filters to hold the records against");
			return EXIT_USAGE;
		}
		if ((r = filterview_open(&pr->fv, 1, &pid, NULL, false)))
			return r;
		pr->fv_open = true;
		if (!pr->fv.set.nstacks) {
			p_err("process %s runs no seccomp filter that could be read", pid);
			return pr->fv.exit ? pr->fv.exit : EXIT_ERROR;
		}
		pr->check.live = &pr->fv.set.stacks[0].stack;
		pr->rd.check = &pr->check;
	} else if (opt_check) {
		if (oci_profile_load(opt_check, &pr->checked, err, sizeof(err)) < 0) {
			p_err("--check %s: %s", opt_check, err);
			return EXIT_USAGE;
		}
		pr->rd.check = &pr->check;
	}
	if ((r = read_opts_source(&ro, &pr->rd.filter.time, false, true, &pr->choice, &so)) ||
	    (r = open_chosen(&pr->choice, &so, &pr->src)))
		return r;
	pr->popts.source = pr->src->where;
	pr->p_init = profile_init(&pr->p) == 0;
	pr->a_init = pr->p_init && assembler_init(&pr->a, pr->src->kind, on_event, &pr->rd) == 0;
	if (pr->a_init && (r = read_opts_workloads(&ro, pr->src->kind, &pr->a, &pr->wl, &pr->wl_open)))
		return r;
	/* the profile is written whole or not at all: into memory first */
	if (!pr->a_init || (pc.output && !opt_check && !(pr->mem = out_new(-1, 1 << 16, true, true)))) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	return 0;
}

/* Every record the source holds; 0 or an exit code. */
static int prof_read(struct prof_run *pr)
{
	struct source_item it;
	int r;

	while ((r = source_next(pr->src, &it)) > 0) {
		if (it.kind == ITEM_RECORD)
			assembler_feed(&pr->a, &it.rec, it.text, it.text_len);
		else if (it.kind == ITEM_LOST && (it.lost_ms < 0 || window_holds(&pr->rd.filter.time, it.lost_ms)))
			profile_lost(&pr->p, it.lost);
	}
	assembler_flush(&pr->a);
	read_report(pr->src, &pr->a);
	if (pr->wl_open)
		read_report_workloads(&pr->wl);
	if (r < 0) {
		p_err("reading %s failed: %s", pr->src->where, strerror(-r));
		return EXIT_ERROR;
	}
	if (pr->p.err || pr->check.err) {
		p_err("out of memory building the profile");
		return EXIT_ERROR;
	}
	return 0;
}

/* --check: the table, and 3 when anything would be denied, 4 when some calls only depend. */
static int prof_check(struct prof_run *pr)
{
	bool denied = false, depends = false;
	size_t i;

	/* the check counts events in the check; the profile, only the losses */
	pr->p.events = pr->check.allowed;
	for (i = 0; i < pr->check.n; i++) {
		pr->p.events += pr->check.rows[i].count;
		denied |= pr->check.rows[i].verdict == OCI_DENIED;
		depends |= pr->check.rows[i].verdict == OCI_DEPENDS;
	}
	if (pr->p.lost_reports)
		p_warn("the source dropped records (%llu told): calls among them are not checked",
		       (unsigned long long)pr->p.lost);
	char what[64];

	if (pr->check.live)
		snprintf(what, sizeof(what), "the live filter of process %s", ro.pid);
	if (render_check(out_stdout(), &pr->check, pr->check.live ? what : opt_check, &pr->p) < 0)
		return EXIT_ERROR;
	return denied ? EXIT_UNVERIFIED : depends || pr->p.lost_reports ? EXIT_UNPROVEN : EXIT_DONE;
}

/* The profile, to standard output or whole into its file. */
static int prof_write(struct prof_run *pr)
{
	int r = profile_cli_write(&pc, &pr->popts, &pr->p, pr->mem ? pr->mem : out_stdout()), e;

	if (r == EXIT_DONE && pr->mem && (e = out_save(pr->mem, pc.output, 0644)) < 0) {
		p_err("cannot write %s: %s", pc.output, strerror(-e));
		return EXIT_ERROR;
	}
	if (r == EXIT_DONE && !pr->p.events)
		p_warn("no SECCOMP record matched%s: the profile allows nothing of its own",
		       pr->choice.why[0] ? "" : " (see --source and the filters)");
	if (r == EXIT_DONE && pr->p.lost_reports) {
		p_warn("the profile may lack calls: the source dropped records (%llu records told lost)",
		       (unsigned long long)pr->p.lost);
		r = EXIT_UNVERIFIED;
	}
	return r;
}

static void prof_close(struct prof_run *pr)
{
	if (pr->a_init)
		assembler_free(&pr->a);
	if (pr->wl_open)
		workloads_close(&pr->wl);
	if (pr->p_init)
		profile_free(&pr->p);
	source_close(pr->src);
	out_free(pr->mem);
	oci_profile_free(&pr->checked);
	oci_profile_free(&pr->base);
	for (size_t i = 0; i < pr->check.n; i++) {
		free(pr->check.rows[i].exe);
		if (pr->check.live)
			free((char *)pr->check.rows[i].action);
	}
	free(pr->check.rows);
	if (pr->fv_open)
		filterview_close(&pr->fv);
}

static int run_profile(int argc, const char *const *argv)
{
	static struct prof_run pr;
	int r;

	memset(&pr, 0, sizeof(pr));
	pr.check.op = &pr.checked;
	pr.rd.p = &pr.p;
	if (!(r = prof_open(&pr))) {
		sandbox_enter(pc.output ? SANDBOX_PERSIST : SANDBOX_READ,
			      pr.src->kind == SOURCE_NETLINK ? SANDBOX_KEEP_AUDIT_CONTROL : SANDBOX_KEEP_NONE);
		if (!(r = prof_read(&pr)))
			r = opt_check ? prof_check(&pr) : prof_write(&pr);
	}
	prof_close(&pr);
	return r;
}

const struct cmd cmd_profile = {
	.name = "profile",
	.summary = "turn seccomp records into an allow-list (OCI, systemd, JSON), or check a profile against them",
	.max_args = 0,
	.exit_note = "profile: 3 when the source lost records or a call has no name (the profile may lack "
		     "calls); --check: 3 when the profile would deny a recorded call, 4 when some depend on "
		     "arguments or a tracer, or the source lost records",
	.opts = profile_opts,
	.run = run_profile,
};
