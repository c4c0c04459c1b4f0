// SPDX-License-Identifier: LGPL-2.1-or-later
/* verify: is the audit paper trail of actions_logged whole? */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "os/clock.h"
#include "os/auditnl.h"
#include "cli.h"
#include "commands.h"
#include "cmdutil.h"
#include "readopts.h"
#include "source/kmsg.h"
#include "source/source.h"
#include "source/journal.h"
#include "os/log.h"
#include "model/lineform.h"
#include "os/usernames.h"
#include "os/output.h"
#include "os/procfs.h"
#include "os/sandbox.h"
#include "os/sysctl.h"
#include "os/table.h"
#include "config.h"
#include "model/timeparse.h"
#include "model/trail.h"

static struct read_opts ro = { .source = "auto" };
static const char *opt_metrics_file;

static const struct cli_opt verify_opts[] = {
	READ_OPTS_SOURCE(ro, "auto, kernel, journal or file", "changes"),
	{ "host", 0, OPT_STRING, &ro.host, "PATTERN",
	  "only the trails of hosts matching (glob), as records name them (node=, syslog, _HOSTNAME)" },
	{ "metrics-file", 0, OPT_STRING, &opt_metrics_file, "PATH",
	  "also write the verdict in Prometheus's text format to PATH (replaced whole), for node_exporter" },
	{ NULL }
};

/* --metrics-file: the verdict for node_exporter's textfile collector. */
static int write_metrics(const struct trail *t)
{
	static const enum trail_verdict verdicts[] = { TRAIL_INTACT, TRAIL_UNPROVEN, TRAIL_BROKEN };
	struct out *o = out_new(-1, 4096, false, false);
	int64_t now = realtime_ms();
	char why[FILE_WHY_MAX];
	size_t i, proven = 0;
	int r;

	if (!o)
		return -ENOMEM;
	for (i = 0; i < t->np; i++)
		proven += t->problems[i].proven;
	out_puts(o, "# HELP seccompctl_verify_verdict The last seccompctl verify: 1 for the verdict it gave.\n"
		    "# TYPE seccompctl_verify_verdict gauge\n");
	for (i = 0; i < 3; i++)
		out_printf(o, "seccompctl_verify_verdict{verdict=\"%s\"} %d\n", trail_verdict_name(verdicts[i]),
			   trail_verdict(t) == verdicts[i]);
	out_printf(o, "# HELP seccompctl_verify_changes Changes to actions_logged in the window checked.\n"
		   "# TYPE seccompctl_verify_changes gauge\nseccompctl_verify_changes %zu\n", t->n);
	out_printf(o, "# HELP seccompctl_verify_problems Problems found, proven (a change without a record) or not.\n"
		   "# TYPE seccompctl_verify_problems gauge\nseccompctl_verify_problems{proven=\"true\"} %zu\n"
		   "seccompctl_verify_problems{proven=\"false\"} %zu\n", proven, t->np - proven);
	out_printf(o, "# HELP seccompctl_verify_timestamp_seconds When this verify ran.\n"
		   "# TYPE seccompctl_verify_timestamp_seconds gauge\nseccompctl_verify_timestamp_seconds %lld.%03lld\n",
		   (long long)(now / 1000), (long long)(now % 1000));
	r = out_save(o, opt_metrics_file, 0644, why, sizeof(why));
	out_free(o);
	if (r < 0)
		p_err("cannot write %s: %s", opt_metrics_file, why);
	return r;
}

/* --- reading: the same sources as tail ----------------------------------------------- */

/* One host's trail as it is read: each host has its own (an aggregated log
 * holds many); records that name no host are this host's. */
struct reading {
	struct trail *t;
	const struct time_window *w;
	bool journal, offline;
	bool started;
	char boot[33];
	uint64_t last_serial, last_sec;
	bool reaches_now, now_unknown;
	struct source *src;
	char *host;		/* NULL: the records name none */
	bool local;		/* this host's: its present can be judged */
};

#define VERIFY_HOSTS_MAX 256

struct readings {
	struct reading rd[VERIFY_HOSTS_MAX];
	struct trail trails[VERIFY_HOSTS_MAX];
	size_t n;
	const struct action_vocab *vocab;
	struct reading proto;	/* what every reading shares */
	uint64_t hosts_over;	/* records of hosts past VERIFY_HOSTS_MAX */
	int err;
};

/* The reading of a record's host, made at its first record. NULL: too many. */
static struct reading *reading_of(struct readings *all, const char *host, size_t len)
{
	static char me[256];
	struct reading *rd;
	size_t i;

	for (i = 0; i < all->n; i++) {
		rd = &all->rd[i];
		if (!host ? !rd->host : rd->host && strlen(rd->host) == len && memcmp(rd->host, host, len) == 0)
			return rd;
	}
	if (all->n == VERIFY_HOSTS_MAX)
		return NULL;
	if (!me[0] && gethostname(me, sizeof(me) - 1) < 0)
		me[0] = '\0';
	rd = &all->rd[all->n];
	*rd = all->proto;
	rd->t = &all->trails[all->n];
	trail_init(rd->t, all->vocab);
	if (host && !(rd->host = strndup(host, len))) {
		all->err = -ENOMEM;
		return NULL;
	}
	rd->local = !host || strcmp(rd->host, me) == 0;
	all->n++;
	return rd;
}

static int64_t ms_of(const struct audit_record *r)
{
	return (int64_t)r->sec * 1000 + r->msec;
}

/* Is this (32 hex digits, as the journal writes it) the running boot? */
static bool boot_is_current(const char *boot)
{
	char cur[33];

	return sysctl_boot_id(SYSCTL_ROOT, cur) == 0 && strcasecmp(cur, boot) == 0;
}

/* A new boot in the trail: the journal names it; in a log the kernel's serials
 * start again (or the clock runs back by minutes). */
static int boundary(struct reading *rd, const struct source_item *it)
{
	const struct time_window *w = rd->w;
	const struct audit_record *r = &it->rec;

	if (rd->journal) {
		if (!it->boot[0] || strcmp(it->boot, rd->boot) == 0)
			return 0;
		snprintf(rd->boot, sizeof(rd->boot), "%s", it->boot);
		return trail_boot(rd->t, rd->boot, false,
				  !w->since_set && source_covers_boot_start(rd->src, rd->boot) > 0,
				  !rd->offline && boot_is_current(rd->boot));
	}
	if (r->type == AUDIT_TYPE_DAEMON_START || r->type == AUDIT_TYPE_DAEMON_END)
		return 0;	/* auditd numbers its own records */
	if (rd->started && r->serial >= rd->last_serial && r->sec + 300 >= rd->last_sec) {
		rd->last_serial = r->serial;
		rd->last_sec = r->sec;
		return 0;
	}
	/* the first boot of a log is not taken to start with it */
	rd->last_serial = r->serial;
	rd->last_sec = r->sec;
	if (trail_boot(rd->t, NULL, rd->started, rd->started && (!w->since_set || ms_of(r) >= w->since_ms), false) < 0)
		return -ENOMEM;
	rd->started = true;
	return 0;
}

static int read_trail(struct readings *all, const char *host_pattern)
{
	struct source_item it;
	struct logging_change c;
	struct syscall_who who;
	struct reading *rd;
	char host[256];
	size_t i;
	int k;

	while ((k = source_next(all->proto.src, &it)) > 0) {
		/* a loss may be any host's */
		if (it.kind == ITEM_LOST && (it.lost_ms < 0 || window_holds(all->proto.w, it.lost_ms)))
			for (i = 0; i < all->n; i++)
				trail_source_lost(all->rd[i].t, it.lost, it.why);
		if (it.kind != ITEM_RECORD)
			continue;
		if (host_pattern) {
			snprintf(host, sizeof(host), "%.*s", it.rec.host ? (int)it.rec.host_len : 0,
				 it.rec.host ? it.rec.host : "");
			if (!it.rec.host || strlen(host) != it.rec.host_len || fnmatch(host_pattern, host, 0))
				continue;
		}
		/* auditd's own records (a collector's DAEMON_ACCEPT ...) are no host's trail */
		if (it.rec.type >= AUDIT_TYPE_DAEMON_START && it.rec.type < 1300)
			continue;
		if (!(rd = reading_of(all, it.rec.host, it.rec.host_len))) {
			if (all->err)
				return all->err;
			all->hosts_over++;
			continue;
		}
		if (boundary(rd, &it) < 0)
			return -ENOMEM;
		if (!window_holds(rd->w, ms_of(&it.rec))) {
			if (rd->journal && rd->w->until_set && ms_of(&it.rec) >= rd->w->until_ms)
				break;
			continue;
		}
		if (record_logging_change(rd->t->vocab, &it.rec, &c) == 0 && it.rec.untrusted) {
			trail_untrusted(rd->t, all->proto.src->untrusted_why);
		} else if (record_logging_change(rd->t->vocab, &it.rec, &c) == 0) {
			if (trail_add(rd->t, &c) < 0)
				return -ENOMEM;
		} else if (!it.rec.untrusted && record_syscall_who(&it.rec, &who) == 0) {
			trail_who(rd->t, &who);
		}
	}
	return k;
}

/* The earliest time the kernel log shows the lost counter at (or past) a
 * value: every loss up to that value happened by then. */
struct lost_search {
	uint32_t want;
	int64_t at_ms;
};

static int lost_reached(const struct line_info *li, const char *text, size_t len, void *data)
{
	struct lost_search *ls = data;

	if (li->kind == LINE_LOST && li->lost_total >= ls->want && li->wall_ms >= 0) {
		ls->at_ms = li->wall_ms;
		return 1;
	}
	return 0;
}

/* When did the trail's window start, for the kernel's losses? --since; the
 * boot's start when the trail holds the running boot from it; else its first
 * record, before which it claims nothing. */
static int64_t window_start_ms(const struct trail *t, const struct time_window *w)
{
	size_t i;

	if (w->since_set)
		return w->since_ms;
	if (!t->nboots || t->boots[t->nboots - 1].covers_start)
		return INT64_MIN;
	for (i = 0; i < t->n; i++)
		if (t->changes[i].boot == t->nboots - 1)
			return (int64_t)t->changes[i].c.sec * 1000 + t->changes[i].c.msec;
	return INT64_MAX;	/* nothing of this boot in the window: no loss can touch it */
}

/* Where the window ends: now, on the running boot? */
static int reach_now(struct reading *rd, const char *boot_opt)
{
	struct trail *t = rd->t;
	char cur[33];
	int64_t btime;

	if (rd->w->until_set)
		return 0;
	if (rd->journal) {
		if (rd->offline || (boot_opt && strcmp(boot_opt, "current") && strcmp(boot_opt, "all") &&
				    !boot_is_current(boot_opt)))
			return 0;
		/* the running boot belongs to the trail even when nothing changed in it */
		if (sysctl_boot_id(SYSCTL_ROOT, cur) < 0)
			cur[0] = '\0';
		if ((!t->nboots || strcmp(t->boots[t->nboots - 1].id, cur) != 0) &&
		    trail_boot(t, cur, false, !rd->w->since_set && source_covers_boot_start(rd->src, cur) > 0,
			       true) < 0)
			return -ENOMEM;
		rd->reaches_now = true;
		return 0;
	}
	btime = proc_boot_time("/proc");
	if (btime < 0) {
		rd->now_unknown = true;
		return 0;
	}
	if (t->nboots && rd->last_sec >= (uint64_t)btime)
		t->boots[t->nboots - 1].current = true;
	rd->reaches_now = t->nboots && t->boots[t->nboots - 1].current;
	return 0;
}

/* --- output ----------------------------------------------------------------------- */

#define NO_WRITER "the kernel sent no SYSCALL record with this change: its writer had no audit " \
	"context (a process started before audit was first enabled in this boot, or one a 'never' " \
	"rule excludes), or the source did not keep that record"

static void who_text(const struct trail_change *c, char *buf, size_t size)
{
	char comm[128], exe[1024];
	const char *auser;

	if (!c->who_known) {
		snprintf(buf, size, "(unknown: no SYSCALL record)");
		return;
	}
	auser = user_name(c->who.auid);
	text_escape(comm, sizeof(comm), c->who.comm, c->who.comm_len);
	text_escape(exe, sizeof(exe), c->who.exe, c->who.exe_len);
	snprintf(buf, size, "%s[%lld] auid=%s uid=%lld %s", comm, (long long)c->who.pid,
		 c->who.auid == AUDIT_ID_UNSET ? "unset" : auser ? auser : "?", (long long)c->who.uid, exe);
}

/* One JSON object a change; for people, a table a boot. */
static int render_changes(struct out *o, const struct trail *t)
{
	static const char *const headers[] = { "TIME", ">SERIAL", "RES", "WHO", "OLD -> NEW", NULL };
	struct table *tb = NULL;
	char old[256], new[256], time[64], who[1400];
	size_t i;

	pr_arr_open(o, "changes");
	for (i = 0; i < t->n; i++) {
		const struct trail_change *c = &t->changes[i];

		if (o->json) {
			jw_open_obj(o, NULL);
			pr_change_fields(o, t->vocab, &c->c, c->who_known ? &c->who : NULL);
			jw_uint(o, "boot", c->boot);
			jw_str(o, "audit_user", c->who_known ? user_name(c->who.auid) : NULL);
			jw_str(o, "writer_unknown", c->who_known ? NULL : NO_WRITER);
			jw_close_obj(o);
			continue;
		}
		if (i == 0 || c->boot != t->changes[i - 1].boot) {
			const struct trail_boot *b = &t->boots[c->boot];

			if (tb && table_print(tb, o) < 0)
				return -ENOMEM;
			if (!(tb = table_new(headers))) {
				p_err("out of memory");
				return -ENOMEM;
			}
			if (b->id[0])
				pr_text(o, "-- boot %s%s --\n", b->id, b->current ? " (current)" : "");
			else
				pr_text(o, "-- boot #%zu of the log%s%s --\n", c->boot + 1,
					b->inferred ? " (inferred: the kernel's serials start again)" : "",
					b->current ? " (current)" : "");
		}
		fmt_time_local(time, sizeof(time), c->c.sec, c->c.msec);
		who_text(c, who, sizeof(who));
		table_row(tb);
		table_cell(tb, 0, time);
		table_cellf(tb, 1, "%llu", (unsigned long long)c->c.serial);
		table_cell(tb, 2, c->c.res ? "ok" : "FAIL");
		table_cell(tb, 3, who);
		table_cellf(tb, 4, "%s -> %s",
			    c->c.old_known ? set_text(t->vocab, c->c.old_actions, ',', old, sizeof(old)) : "?",
			    c->c.actions_known ? set_text(t->vocab, c->c.actions, ',', new, sizeof(new)) : "?");
	}
	pr_arr_close(o);
	if (tb && table_print(tb, o) < 0)
		return -ENOMEM;
	if (!t->n)
		pr_text(o, "(no change to actions_logged in the window)\n");
	return 0;
}

static void render_problems(struct out *o, const struct trail *t)
{
	size_t i, k;

	pr_arr_open(o, "problems");
	for (i = 0; i < t->np; i++) {
		pr_text(o, "%s", i == 0 ? "\nProblems:\n" : "");
		pr_obj_open(o, NULL);
		pr_str(o, PR_JSON, "kind", NULL, trail_problem_name(t->problems[i].kind));
		pr_bool(o, PR_JSON, "proven", NULL, t->problems[i].proven);
		pr_arr_open(o, "serials");
		for (k = 0; k < t->problems[i].nserials; k++)
			pr_uint(o, PR_JSON, NULL, NULL, t->problems[i].serials[k]);
		pr_arr_close(o);
		pr_text(o, "  %s ", t->problems[i].proven ? "[broken]" : "[unproven]");
		pr_str(o, PR_ANY, "message", "%s\n", t->problems[i].message);
		pr_obj_close(o);
	}
	pr_arr_close(o);
	for (i = 0; i < t->n && !o->json; i++)
		if (!t->changes[i].who_known) {
			pr_text(o, "\nWriter unknown: %s.\n", NO_WRITER);
			break;
		}
}

static int render(struct out *o, const struct reading *rd, const char *source, bool several)
{
	const struct trail *t = rd->t;
	size_t i;

	pr_obj_open(o, NULL);
	if (several || rd->host) {
		/* the host's name is a record's bytes: escaped */
		char name[1100];

		pr_text(o, "== host %s%s ==\n", rd->host ? text_escape(name, sizeof(name), rd->host, strlen(rd->host))
						       : "(records that name none)",
			rd->local ? "" : " (another host: its present value is not checked)");
	}
	pr_bytes(o, PR_JSON, "host", NULL, rd->host, rd->host ? strlen(rd->host) : 0);
	pr_bool(o, PR_JSON, "intact", NULL, trail_intact(t));
	pr_str(o, PR_JSON, "verdict", NULL, trail_verdict_name(trail_verdict(t)));
	pr_str(o, PR_JSON, "source", NULL, source);
	pr_arr_open(o, "boots");
	for (i = 0; i < t->nboots; i++) {
		pr_obj_open(o, NULL);
		pr_str(o, PR_JSON, "id", NULL, t->boots[i].id[0] ? t->boots[i].id : NULL);
		pr_bool(o, PR_JSON, "inferred", NULL, t->boots[i].inferred);
		pr_bool(o, PR_JSON, "covers_start", NULL, t->boots[i].covers_start);
		pr_bool(o, PR_JSON, "current", NULL, t->boots[i].current);
		pr_obj_close(o);
	}
	pr_arr_close(o);
	if (render_changes(o, t) < 0)
		return -ENOMEM;
	render_problems(o, t);
	pr_text(o, "\ntrail: %s\n", trail_verdict(t) == TRAIL_INTACT ? "intact" :
		trail_verdict(t) == TRAIL_BROKEN ? "NOT intact: changed without a record" :
		"consistent, but NOT proven complete");
	pr_obj_close(o);
	pr_end(o);
	return 0;
}

/* --- the command ------------------------------------------------------------------ */

/* What the present says: judged only when the window reaches now. */
static void present(const struct reading *rd, const struct action_vocab *v, const struct time_window *w,
		    const struct lost_search *lost_at, struct trail_now *now)
{
	struct audit_state st;

	now->reaches_now = rd->reaches_now;
	now->now_unknown = rd->now_unknown;
	now->kernel_default = vocab_default(v);
	if (!rd->reaches_now)
		return;
	now->live_known = seccomp_read_logged(SYSCTL_ROOT, v, &now->live) == 0;
	now->audit_known = audit_get_state(&st) == 0;
	now->enabled = st.enabled;
	now->lost = st.lost;
	/* the kernel log dates the last rise of the counter before the window */
	now->lost_before_window = lost_at->at_ms >= 0 && st.lost <= lost_at->want &&
				  lost_at->at_ms < window_start_ms(rd->t, w);
	if (!now->live_known)
		p_warn("cannot read actions_logged: the last record is not checked against it");
	if (!now->audit_known)
		p_warn("cannot ask the kernel whether audit is enabled (AUDIT_GET needs CAP_AUDIT_CONTROL)");
}

/* One host's trail judged and told; its exit code. */
static int judge(struct reading *rd, const struct action_vocab *v, const struct lost_search *lost_at, bool several)
{
	struct trail_now now = { 0 };

	if (rd->local && reach_now(rd, ro.boot) < 0) {
		p_err("out of memory reading the trail: nothing can be claimed");
		return EXIT_ERROR;
	}
	present(rd, v, rd->w, lost_at, &now);
	if (trail_check(rd->t, &now) < 0) {
		p_err("out of memory judging the trail: nothing can be claimed");
		return EXIT_ERROR;
	}
	if (render(out_stdout(), rd, source_kind_names[rd->src->kind], several) < 0 ||
	    (opt_metrics_file && rd->local && write_metrics(rd->t) < 0))
		return EXIT_ERROR;
	return trail_verdict(rd->t) == TRAIL_INTACT ? EXIT_DONE :
	       trail_verdict(rd->t) == TRAIL_BROKEN ? EXIT_UNVERIFIED : EXIT_UNPROVEN;
}

/* The worse of two exit codes: an error, then broken, then unproven. */
static int worse(int a, int b)
{
	static const int order[] = { EXIT_DONE, EXIT_UNPROVEN, EXIT_UNVERIFIED, EXIT_ERROR };
	size_t i, ra = 0, rb = 0;

	for (i = 0; i < 4; i++) {
		ra = order[i] == a ? i : ra;
		rb = order[i] == b ? i : rb;
	}
	return ra >= rb ? a : b;
}

/* The window, the source and what the kernel's losses say: before the
 * sandbox. 0 or an exit code. */
static int verify_open(struct readings *all, const struct action_vocab *v, struct time_window *w,
		       struct lost_search *lost_at)
{
	struct source_choice choice;
	struct audit_state st;
	struct source_opts so;
	int64_t now_ms = realtime_ms();
	int r;

	if ((r = parse_window(ro.since, ro.until, now_ms, w)))
		return r;
	/* an --until still to come ends nothing: the window reaches now */
	if (w->until_set && w->until_ms >= now_ms)
		w->until_set = false;
	if ((r = read_opts_source(&ro, w, false, false, &choice, &so)))
		return r;
	so.want = WANT_CHANGES;
	all->vocab = v;
	all->proto.w = w;
	all->proto.journal = choice.source == SOURCE_JOURNAL || choice.journal;
	all->proto.offline = ro.directory || ro.files.n;
	if ((r = open_chosen(&choice, &so, &all->proto.src)))
		return r;
	if (names_start() < 0)
		p_warn("cannot start the name resolver: names come from files only");
	/* when the kernel lost what it lost: /dev/kmsg, read while we may */
	if (audit_get_state(&st) == 0 && st.lost) {
		lost_at->want = st.lost;
		if (kmsg_scan(lost_reached, lost_at) < 0)
			lost_at->at_ms = -1;
	}
	return 0;
}

/* What reading met, said once. */
static void verify_report(const struct readings *all)
{
	if (all->proto.src->skipped)
		p_warn("skipped %llu lines or entries that are not audit records",
		       (unsigned long long)all->proto.src->skipped);
	read_report_trust(all->proto.src, true);
	if (all->hosts_over)
		p_warn("the records name more than %d hosts: %llu records of the hosts past them are not checked "
		       "(see --host)", VERIFY_HOSTS_MAX, (unsigned long long)all->hosts_over);
}

static int run_verify(int argc, const char *const *argv)
{
	static struct action_vocab v;
	static struct readings all;
	struct time_window w;
	struct lost_search lost_at = { .at_ms = -1 };
	size_t i;
	int r;

	if ((r = load_vocab(&v)) || (r = verify_open(&all, &v, &w, &lost_at)))
		return r;
	sandbox_enter(opt_metrics_file ? SANDBOX_PERSIST : SANDBOX_READ, SANDBOX_KEEP_AUDIT_CONTROL);
	r = read_trail(&all, ro.host);
	/* no record at all: this host's trail, empty, is still judged */
	if (r >= 0 && !all.n && !ro.host && !reading_of(&all, NULL, 0))
		r = -ENOMEM;
	if (r < 0) {
		if (r == -ENOMEM)
			p_err("out of memory reading the trail: nothing can be claimed");
		else
			p_err("reading %s failed: %s: nothing can be claimed", all.proto.src->where, strerror(-r));
		r = EXIT_ERROR;
		goto out;
	}
	verify_report(&all);
	if (!all.n) {
		p_err("no record names a host matching '%s'", ro.host);
		r = EXIT_UNPROVEN;
		goto out;
	}
	r = EXIT_DONE;
	for (i = 0; i < all.n; i++) {
		if (i)
			pr_text(out_stdout(), "\n");
		r = worse(r, judge(&all.rd[i], &v, &lost_at, all.n > 1));
	}
	if (all.hosts_over)
		r = worse(r, EXIT_UNPROVEN);
out:
	for (i = 0; i < all.n; i++) {
		trail_free(all.rd[i].t);
		free(all.rd[i].host);
	}
	source_close(all.proto.src);
	return r;
}

const struct cmd cmd_verify = {
	.name = "verify",
	.summary = "check the audit trail of actions_logged: every change, who made it, and gaps",
	.max_args = 0,
	.opts = verify_opts,
	.run = run_verify,
};
