// SPDX-License-Identifier: LGPL-2.1-or-later
/* profile: records into an allow-list (OCI, systemd, JSON); --check: what a
 * profile would deny of what happened. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "cmdutil.h"
#include "filterview.h"
#include "model/event.h"
#include "os/log.h"
#include "os/ocijson.h"
#include "os/output.h"
#include "model/array.h"
#include "model/hashtab.h"
#include "model/profile.h"
#include "profile-cli.h"
#include "readopts.h"
#include "os/safefile.h"
#include "os/sandbox.h"
#include "os/table.h"
#include "os/workloads.h"

static struct read_opts ro = { .source = "auto" };
static struct profile_cli pc;
static const char *opt_check, *opt_per, *opt_output_dir;

static const struct cli_opt profile_opts[] = {
	READ_OPTS_SOURCE(ro, "auto, netlink, kernel, journal or file", "events"),
	READ_OPTS_FILTER(ro),
	PROFILE_CLI_OPTS(pc),
	{ "per", 0, OPT_STRING, &opt_per, "KIND",
	  "container or unit: one profile per workload, into --output-dir, with an index" },
	{ "output-dir", 0, OPT_STRING, &opt_output_dir, "DIR",
	  "with --per: write each workload's profile and index.json into DIR (made when missing)" },
	{ "check", 0, OPT_STRING, &opt_check, "FILE",
	  "instead: list every recorded call this OCI profile would deny (exit 3 when any); 'live' with --pid: "
	  "the live filter of that process" },
	{ NULL }
};

/* --per: a profile per workload, by its label (model/workload.h) */
#define PER_MAX 1024

struct per_entry {
	char *label;
	struct profile p;
};

struct per_set {
	bool units;			/* --per unit; else container */
	struct per_entry *v;
	size_t n, cap;
	uint64_t unattributed;		/* events whose workload is not one of the kind */
	uint64_t over;			/* events past PER_MAX workloads */
	int err;
};

struct reading {
	struct event_filter filter;
	struct profile *p;
	struct check *check;
	struct per_set *per;
};

static void per_add(struct per_set *s, const struct event *e)
{
	char label[EVENT_NAME_MAX + 32];
	struct per_entry *pe;
	size_t i;

	if (s->units ? !span_has(e->unit) : !(span_has(e->container_id) || span_has(e->container_name))) {
		s->unattributed++;
		return;
	}
	if (s->units)
		snprintf(label, sizeof(label), "%.*s", (int)e->unit.len, event_str(e, e->unit));
	else
		event_workload_label(e, label, sizeof(label));
	for (i = 0; i < s->n && strcmp(s->v[i].label, label); i++)
		;
	if (i == s->n) {
		if (s->n == PER_MAX) {
			s->over++;
			return;
		}
		if (ARRAY_GROW(s->v, s->cap, s->n) < 0) {
			s->err = -ENOMEM;
			return;
		}
		pe = &s->v[s->n];
		if (!(pe->label = strdup(label)) || profile_init(&pe->p) < 0) {
			free(pe->label);
			s->err = -ENOMEM;
			return;
		}
		s->n++;
	}
	profile_add(&s->v[i].p, e);
}

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
	struct htab index;	/* (arch, nr, exe) -> its row, or CHECK_ALLOWED: each judged once */
	uint64_t allowed;
	int err;
};

#define CHECK_ALLOWED SIZE_MAX

struct check_slot {
	uint32_t audit_arch;
	int64_t nr;
	const char *exe;	/* the row's copy, or the index's own for an allowed call */
	size_t row;
};

static bool slot_is(void *entry, void *data)
{
	return entry == data;
}

/* The index owns every exe, a row's included. */
static void check_free(struct check *c)
{
	struct check_slot *s;
	size_t i = 0;

	while ((s = htab_next(&c->index, &i)))
		free((char *)s->exe);
	htab_free(&c->index);
	for (i = 0; c->live && i < c->n; i++)
		free((char *)c->rows[i].action);
	free(c->rows);
}

static uint64_t check_hash(uint32_t audit_arch, int64_t nr, const char *exe)
{
	return hash_bytes(hash_u64(hash_u64(HASH_INIT, audit_arch), (uint64_t)nr), exe, strlen(exe));
}

static uint64_t slot_hash(const void *entry)
{
	const struct check_slot *s = entry;

	return check_hash(s->audit_arch, s->nr, s->exe);
}

static bool slot_eq(const void *entry, const void *key)
{
	const struct check_slot *s = entry, *k = key;

	return s->audit_arch == k->audit_arch && s->nr == k->nr && !strcmp(s->exe, k->exe);
}

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
	*action = action_ret_text(d.ret, text, sizeof(text));
	if (d.kind == DEC_ARGS)
		return OCI_DEPENDS;
	return oci_verdict_of(action_of_ret(d.ret)->effect);
}

static void check_add(struct check *c, const struct event *e)
{
	const struct arch_info *a = e->has_arch ? arch_of(e->arch, e->syscall) : NULL;
	const char *name = a ? syscall_name(a, e->syscall) : NULL, *action = NULL;
	const char *exe = span_has(e->exe) ? event_str(e, e->exe) : "";
	struct check_slot key = { e->has_arch ? e->arch : 0, e->syscall, exe, 0 }, *slot;
	enum oci_verdict v;
	struct check_row *r;
	bool found;

	if (!c->index.cap && htab_init(&c->index, sizeof(struct check_slot), 256, slot_hash) < 0) {
		c->err = -ENOMEM;
		return;
	}
	if (!(slot = htab_insert(&c->index, check_hash(key.audit_arch, key.nr, exe), slot_eq, &key, &found))) {
		c->err = -ENOMEM;
		return;
	}
	if (found) {
		if (slot->row == CHECK_ALLOWED)
			c->allowed++;
		else
			c->rows[slot->row].count++;
		return;
	}
	/* the first of its kind: judged, and kept in the index */
	*slot = key;
	slot->row = CHECK_ALLOWED;
	v = c->live ? live_judge(c->live, e, &action) : oci_judge(c->op, a, name, &action);
	if (!c->live && !name && v == OCI_ALLOWED && oci_effect(c->op->default_action) != EFFECT_RUNS)
		v = OCI_DEPENDS;	/* a call without a name: no rule can name it */
	if (ARRAY_GROW(c->rows, c->cap, c->n) < 0 || !(slot->exe = strdup(exe))) {
		htab_remove_if(&c->index, slot_is, slot);
		c->err = -ENOMEM;
		return;
	}
	if (v == OCI_ALLOWED) {
		c->allowed++;
		return;	/* its own copy of exe, in the index alone */
	}
	slot->row = c->n;
	r = &c->rows[c->n];
	r->exe = (char *)slot->exe;
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

	/* a line a process could have written never makes or breaks a profile
	 * (read_report says how many) */
	if (e->untrusted || !filter_match(&rd->filter, e))
		return;
	if (rd->check)
		check_add(rd->check, e);
	else if (rd->per)
		per_add(rd->per, e);
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
	bool this_host;		/* source_reads_this_host */
	struct per_set per;
	int out_dir;		/* --output-dir, walked safely once; -1 */
};

/* Options, the profile to check, the source; 0 or an exit code. */
static int prof_open(struct prof_run *pr)
{
	struct source_opts so;
	char err[256], why[FILE_WHY_MAX];
	int r;

	if (read_opts_filter(&ro, &pr->rd.filter) < 0)
		return EXIT_USAGE;
	if (opt_per || opt_output_dir) {
		if (!opt_per || (strcmp(opt_per, "container") && strcmp(opt_per, "unit"))) {
			p_err("--per: container or unit%s", opt_per ? "" : " (--output-dir is for --per)");
			return EXIT_USAGE;
		}
		if (!opt_output_dir || opt_check || pc.output) {
			p_err("--per writes into --output-dir DIR, and not with --check or --output-file");
			return EXIT_USAGE;
		}
		if ((pr->out_dir = safe_dir_open(opt_output_dir, true, 0755, why, sizeof(why))) < 0) {
			p_err("cannot write into %s: %s", opt_output_dir, why);
			return EXIT_ERROR;
		}
		pr->per.units = strcmp(opt_per, "unit") == 0;
		pr->rd.per = &pr->per;
	}
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
	/* the process events before the source: a process that starts once
	 * records can be read is seen starting */
	if ((r = read_opts_source(&ro, &pr->rd.filter.time, false, true, &pr->choice, &so)))
		return r;
	if (pr->choice.source == SOURCE_BPF) {
		p_err("profile learns from what was already seen: save the decisions first (seccompctl tail "
		      "--source=bpf -o json > FILE while the workload runs), then: seccompctl profile --file FILE");
		return EXIT_USAGE;
	}
	if ((r = read_opts_workloads(&ro, (pr->this_host = source_reads_this_host(&pr->choice, &so)), &pr->wl,
				     &pr->wl_open)) ||
	    (r = open_chosen(&pr->choice, &so, &pr->src)))
		return r;
	pr->popts.source = pr->src->where;
	pr->p_init = profile_init(&pr->p) == 0;
	pr->a_init = pr->p_init && assembler_init(&pr->a, pr->src->kind, on_event, &pr->rd) == 0;
	if (pr->a_init)
		read_opts_use_workloads(pr->this_host, &pr->a, &pr->wl, pr->wl_open);
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
	read_report(pr->src, &pr->a, true);
	if (pr->wl_open)
		read_report_workloads(&pr->wl);
	if (r < 0) {
		p_err("reading %s failed: %s", pr->src->where, strerror(-r));
		return EXIT_ERROR;
	}
	if (pr->p.err || pr->check.err || pr->per.err) {
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

/* A workload's label as a file name's stem: what is not a letter, digit,
 * '.', '_' or '-' becomes '_', and it never starts with '.'. */
static void stem_of(const char *label, char *buf, size_t size)
{
	size_t n = 0;

	for (; *label && n < size - 1; label++) {
		char c = *label;

		buf[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
					   c == '_' || c == '-'
				   ? c
				   : '_';
	}
	buf[n] = '\0';
	if (!n)
		snprintf(buf, size, "_");
	else if (buf[0] == '.')
		buf[0] = '_';
}

/* Its file: the stem, and -2, -3 ... for a stem an earlier workload has. */
static void file_name(const struct per_set *s, size_t i, const char *ext, char *buf, size_t size)
{
	char stem[200], other[200];
	size_t k, same = 1;

	stem_of(s->v[i].label, stem, sizeof(stem));
	for (k = 0; k < i; k++) {
		stem_of(s->v[k].label, other, sizeof(other));
		same += strcmp(other, stem) == 0;
	}
	if (same > 1)
		snprintf(buf, size, "%s-%zu%s", stem, same, ext);
	else
		snprintf(buf, size, "%s%s", stem, ext);
}

/* --per: each workload's profile into its file, and index.json. */
static int prof_write_per(struct prof_run *pr)
{
	const char *ext = pc.format && strcmp(pc.format, "systemd") == 0 ? ".conf" : ".json";
	struct out *index = out_new(-1, 1 << 14, true, true), *mem = NULL;
	char name[256], path[4096], why[FILE_WHY_MAX];
	int r = EXIT_DONE, e;
	size_t i;

	if (!index) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	jw_open_obj(index, NULL);
	jw_own_str(index, "per", pr->per.units ? "unit" : "container");
	jw_str(index, "source", pr->popts.source);
	jw_open_arr(index, "profiles");
	for (i = 0; i < pr->per.n && r == EXIT_DONE; i++) {
		struct profile *p = &pr->per.v[i].p;

		file_name(&pr->per, i, ext, name, sizeof(name));
		snprintf(path, sizeof(path), "%s/%s", opt_output_dir, name);
		p->lost = pr->p.lost;
		p->lost_reports = pr->p.lost_reports;
		if (!(mem = out_new(-1, 1 << 16, true, true))) {
			p_err("out of memory");
			r = EXIT_ERROR;
			break;
		}
		r = profile_cli_write(&pc, &pr->popts, p, mem);
		if (r == EXIT_DONE && (e = out_save_at(mem, pr->out_dir, opt_output_dir, name, 0644, why, sizeof(why))) < 0) {
			p_err("cannot write %s: %s", path, why);
			r = EXIT_ERROR;
		}
		out_free(mem);
		jw_open_obj(index, NULL);
		jw_str(index, "workload", pr->per.v[i].label);
		jw_str(index, "file", name);
		jw_uint(index, "events", p->events);
		jw_close_obj(index);
	}
	jw_close_arr(index);
	jw_uint(index, "unattributed", pr->per.unattributed);
	jw_uint(index, "over_limit", pr->per.over);
	jw_uint(index, "lost", pr->p.lost);
	jw_close_obj(index);
	jw_end(index);
	snprintf(path, sizeof(path), "%s/index.json", opt_output_dir);
	if (r == EXIT_DONE && (e = out_save_at(index, pr->out_dir, opt_output_dir, "index.json", 0644, why, sizeof(why))) < 0) {
		p_err("cannot write %s: %s", path, why);
		r = EXIT_ERROR;
	}
	out_free(index);
	if (r != EXIT_DONE)
		return r;
	p_note("%zu %s profile%s in %s (index.json lists them)", pr->per.n, pr->per.units ? "unit" : "container",
	       pr->per.n == 1 ? "" : "s", opt_output_dir);
	if (pr->per.unattributed)
		p_warn("%llu event%s named no %s (see no_workload_because in tail's JSON): in no profile",
		       (unsigned long long)pr->per.unattributed, pr->per.unattributed == 1 ? "" : "s",
		       pr->per.units ? "unit" : "container");
	if (pr->per.over)
		p_warn("%llu events of workloads past the first %d: in no profile", (unsigned long long)pr->per.over,
		       PER_MAX);
	if (pr->p.lost_reports) {
		p_warn("the profiles may lack calls: the source dropped records (%llu records told lost)",
		       (unsigned long long)pr->p.lost);
		return EXIT_UNVERIFIED;
	}
	return pr->per.n ? EXIT_DONE : EXIT_UNVERIFIED;
}

/* The profile, to standard output or whole into its file. */
static int prof_write(struct prof_run *pr)
{
	char why[FILE_WHY_MAX];
	int r = profile_cli_write(&pc, &pr->popts, &pr->p, pr->mem ? pr->mem : out_stdout()), e;

	if (r == EXIT_DONE && pr->mem && (e = out_save(pr->mem, pc.output, 0644, why, sizeof(why))) < 0) {
		p_err("cannot write %s: %s", pc.output, why);
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
	check_free(&pr->check);
	if (pr->fv_open)
		filterview_close(&pr->fv);
	for (size_t i = 0; i < pr->per.n; i++) {
		free(pr->per.v[i].label);
		profile_free(&pr->per.v[i].p);
	}
	free(pr->per.v);
	if (pr->out_dir >= 0)
		close(pr->out_dir);
}

static int run_profile(int argc, const char *const *argv)
{
	static struct prof_run pr;
	int r;

	memset(&pr, 0, sizeof(pr));
	pr.out_dir = -1;
	pr.check.op = &pr.checked;
	pr.rd.p = &pr.p;
	if (!(r = prof_open(&pr))) {
		sandbox_enter(pc.output || opt_per ? SANDBOX_PERSIST : SANDBOX_READ,
			      pr.src->kind == SOURCE_NETLINK ? SANDBOX_KEEP_AUDIT_CONTROL : SANDBOX_KEEP_NONE);
		if (!(r = prof_read(&pr)))
			r = opt_check ? prof_check(&pr) : opt_per ? prof_write_per(&pr) : prof_write(&pr);
	}
	prof_close(&pr);
	return r;
}

const struct cmd cmd_profile = {
	.name = "profile",
	.summary = "turn seccomp records into an allow-list (OCI, systemd, JSON), or check a profile against them",
	.max_args = 0,
	.exit_note = "profile: 3 when the source lost records or a call has no name (the profile may lack "
		     "calls), or with --per when no event named a workload of the kind; --check: 3 when the profile would deny a recorded call, 4 when some depend on "
		     "arguments or a tracer, or the source lost records",
	.opts = profile_opts,
	.run = run_profile,
};
