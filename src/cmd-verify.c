// SPDX-License-Identifier: LGPL-2.1-or-later
/* verify: is the audit paper trail of actions_logged whole? */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auditnl.h"
#include "cli.h"
#include "commands.h"
#include "common.h"
#include "interpret.h"
#include "journal.h"
#include "log.h"
#include "logfile.h"
#include "output.h"
#include "procfs.h"
#include "sandbox.h"
#include "sysctl.h"
#include "config.h"
#include "timeparse.h"
#include "trail.h"

static const char *opt_source = "auto", *opt_since, *opt_until, *opt_directory, *opt_boot;
static struct cli_list opt_files;
static bool opt_all;

static const struct cli_opt verify_opts[] = {
	{ "source", 0, OPT_STRING, &opt_source, "SOURCE", "auto, journal or file (default auto)" },
	{ "file", 0, OPT_STRING_LIST, &opt_files, "PATH",
	  "read this audit log, or journal file (*.journal) (repeatable)" },
	{ "all", 0, OPT_FLAG, &opt_all, NULL, "also read the rotated logs (PATH.N ... PATH.1), oldest first" },
	{ "directory", 'D', OPT_STRING, &opt_directory, "DIR", "read the journal files in DIR" },
	{ "boot", 'b', OPT_OPTIONAL_PATH, &opt_boot, "ID",
	  "journal: only this boot (alone: the current one; 'all': every boot)", "current" },
	{ "since", 0, OPT_STRING, &opt_since, "TIME", "changes at or after TIME" },
	{ "until", 0, OPT_STRING, &opt_until, "TIME", "changes before TIME" },
	{ NULL }
};

/* --- audit.log: boots are where the kernel's serials start again ------------------- */

static int read_files(struct trail *t, const struct time_window *w, const char *const *paths, size_t n,
		      bool *reaches_now)
{
	const struct action_vocab *v = t->vocab;
	struct logfile lf;
	struct audit_record r;
	struct logging_change c;
	struct syscall_who who;
	const char *line;
	size_t len;
	uint64_t last_serial = 0, last_sec = 0, bad = 0;
	bool started = false;
	int64_t btime = proc_boot_time("/proc");
	int k;

	k = logfile_open(&lf, paths, n, false);
	if (k < 0) {
		p_err("cannot read %s: %s", logfile_path(&lf) ? logfile_path(&lf) : paths[0], strerror(-k));
		logfile_close(&lf);
		return EXIT_ERROR;
	}
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_AUDIT_CONTROL);
	while ((k = logfile_next(&lf, &line, &len)) > 0) {
		if (record_parse_line(line, len, &r) < 0) {
			bad += len > 0;
			continue;
		}
		if (r.type == AUDIT_TYPE_DAEMON_START || r.type == AUDIT_TYPE_DAEMON_END)
			continue;	/* auditd numbers its own records */
		/* the kernel's serials restart at boot; clocks do not run back by minutes */
		if (!started || r.serial < last_serial || r.sec + 300 < last_sec) {
			if (trail_boot(t, NULL, started, started && (!w->since_set ||
					(int64_t)r.sec * 1000 + r.msec >= w->since_ms), false) < 0)
				return EXIT_ERROR;
			started = true;
		}
		last_serial = r.serial;
		last_sec = r.sec;
		if (!window_holds(w, (int64_t)r.sec * 1000 + r.msec))
			continue;
		if (record_logging_change(v, &r, &c) == 0)
			trail_add(t, &c);
		else if (record_syscall_who(&r, &who) == 0)
			trail_who(t, &who);
	}
	if (k < 0)
		p_err("reading %s failed: %s", logfile_path(&lf), strerror(-k));
	if (bad)
		p_warn("skipped %llu lines that are not audit records", (unsigned long long)bad);
	logfile_close(&lf);
	if (t->nboots && btime > 0 && last_sec >= (uint64_t)btime)
		t->boots[t->nboots - 1].current = true;
	*reaches_now = t->nboots && t->boots[t->nboots - 1].current && !w->until_set;
	return k < 0 ? EXIT_ERROR : EXIT_DONE;
}

/* --- the journal: boots have ids ---------------------------------------------------- */

static int read_journal(struct trail *t, const struct time_window *w, bool *reaches_now)
{
	struct journal_src *j;
	struct audit_record r, sr;
	struct logging_change c;
	struct syscall_who who;
	char boot[33] = "", cur[33];
	bool offline = opt_directory || opt_files.n;
	int k;

	k = journal_open(&j, JOURNAL_CHANGES, opt_directory, opt_files.items, opt_files.n, opt_boot);
	if (k == -EINVAL && opt_boot) {
		p_err("--boot wants a boot id (32 hex digits), 'current' or 'all', not '%s'", opt_boot);
		return EXIT_USAGE;
	}
	if (k < 0) {
		p_err("cannot open the journal: %s", strerror(-k));
		return EXIT_ERROR;
	}
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_AUDIT_CONTROL);
	journal_seek(j, w->since_set ? w->since_ms : -1);
	while ((k = journal_next(j, &r)) > 0) {
		if (!window_holds(w, (int64_t)r.sec * 1000 + r.msec)) {
			if (w->until_set && (int64_t)r.sec * 1000 + r.msec >= w->until_ms)
				break;
			continue;
		}
		if (record_logging_change(t->vocab, &r, &c) < 0)
			continue;
		if (journal_entry_boot(j, cur) == 0 && strcmp(cur, boot) != 0) {
			snprintf(boot, sizeof(boot), "%s", cur);
			trail_boot(t, boot, false, !w->since_set && journal_boot_covers_start(j, boot) > 0,
				   !offline && journal_boot_is_current(boot));
		}
		trail_add(t, &c);
		if (boot[0] && journal_find_syscall(j, boot, c.serial, &sr) > 0 &&
		    record_syscall_who(&sr, &who) == 0)
			trail_who(t, &who);
	}
	if (k < 0)
		p_err("reading the journal failed: %s", strerror(-k));
	/* the running boot belongs to the trail even when nothing changed in it */
	if (!offline && !w->until_set && (!opt_boot || strcmp(opt_boot, "current") == 0 ||
					  strcmp(opt_boot, "all") == 0 || journal_boot_is_current(opt_boot))) {
		journal_current_boot(cur);
		if (!t->nboots || strcmp(t->boots[t->nboots - 1].id, cur) != 0)
			trail_boot(t, cur, false, !w->since_set && journal_boot_covers_start(j, cur) > 0, true);
		*reaches_now = true;
	}
	journal_close(j);
	return k < 0 ? EXIT_ERROR : EXIT_DONE;
}

/* --- output ----------------------------------------------------------------------- */

static void render(const struct trail *t, const char *source)
{
	char old[256], new[256], time[64], comm[128], exe[1024];
	size_t i, k;

	if (out_json()) {
		jw_open_obj(NULL);
		jw_bool("intact", trail_intact(t));
		jw_str("source", source);
		jw_open_arr("boots");
		for (i = 0; i < t->nboots; i++) {
			jw_open_obj(NULL);
			jw_str("id", t->boots[i].id[0] ? t->boots[i].id : NULL);
			jw_bool("inferred", t->boots[i].inferred);
			jw_bool("covers_start", t->boots[i].covers_start);
			jw_bool("current", t->boots[i].current);
			jw_close_obj();
		}
		jw_close_arr();
		jw_open_arr("changes");
		for (i = 0; i < t->n; i++) {
			const struct trail_change *c = &t->changes[i];

			jw_open_obj(NULL);
			jw_change_fields(t->vocab, &c->c, c->who_known ? &c->who : NULL);
			jw_uint("boot", c->boot);
			jw_str("audit_user", c->who_known ? user_name(c->who.auid) : NULL);
			jw_close_obj();
		}
		jw_close_arr();
		jw_open_arr("problems");
		for (i = 0; i < t->np; i++) {
			jw_open_obj(NULL);
			jw_str("kind", trail_problem_name(t->problems[i].kind));
			jw_open_arr("serials");
			for (k = 0; k < t->problems[i].nserials; k++)
				jw_uint(NULL, t->problems[i].serials[k]);
			jw_close_arr();
			jw_str("message", t->problems[i].message);
			jw_close_obj();
		}
		jw_close_arr();
		jw_close_obj();
		jw_finish();
		return;
	}
	printf("%-23s %-9s %-4s %-36s %s\n", "TIME", "SERIAL", "RES", "WHO", "OLD -> NEW");
	for (i = 0; i < t->n; i++) {
		const struct trail_change *c = &t->changes[i];
		char who[1400];

		if (i == 0 || c->boot != t->changes[i - 1].boot) {
			const struct trail_boot *b = &t->boots[c->boot];

			if (b->id[0])
				printf("-- boot %s%s --\n", b->id, b->current ? " (current)" : "");
			else
				printf("-- boot #%zu of the log%s%s --\n", c->boot + 1,
				       b->inferred ? " (inferred: the kernel's serials start again)" : "",
				       b->current ? " (current)" : "");
		}
		fmt_time_local(time, sizeof(time), c->c.sec, c->c.msec);
		if (c->who_known) {
			const char *auser = user_name(c->who.auid);

			text_escape(comm, sizeof(comm), c->who.comm, c->who.comm_len);
			text_escape(exe, sizeof(exe), c->who.exe, c->who.exe_len);
			snprintf(who, sizeof(who), "%s[%lld] auid=%s uid=%lld %s", comm, (long long)c->who.pid,
				 c->who.auid == AUDIT_ID_UNSET ? "unset" : auser ? auser : "?",
				 (long long)c->who.uid, exe);
		} else {
			snprintf(who, sizeof(who), "(no SYSCALL record)");
		}
		printf("%-23s %-9llu %-4s %-36s %s -> %s\n", time, (unsigned long long)c->c.serial,
		       c->c.res ? "ok" : "FAIL", who,
		       c->c.old_known ? set_text(t->vocab, c->c.old_actions, ',', old, sizeof(old)) : "?",
		       c->c.actions_known ? set_text(t->vocab, c->c.actions, ',', new, sizeof(new)) : "?");
	}
	if (!t->n)
		printf("(no change to actions_logged in the window)\n");
	for (i = 0; i < t->np; i++)
		printf("%s %s\n", i == 0 ? "\nProblems:\n " : " ", t->problems[i].message);
	printf("\ntrail: %s\n", trail_intact(t) ? "intact" : "NOT intact");
}

/* --- the command ------------------------------------------------------------------ */

static int run_verify(int argc, const char *const *argv)
{
	static struct action_vocab v;
	struct trail t;
	struct trail_now now = { 0 };
	struct audit_state st;
	struct time_window w;
	const char *source = opt_source;
	bool reaches_now = false;
	int64_t now_ms;
	int r;

	if ((r = load_vocab(&v)))
		return r;
	now_ms = realtime_ms();
	if ((r = parse_window(opt_since, opt_until, now_ms, &w)))
		return r;
	/* an --until still to come ends nothing: the window reaches now */
	if (w.until_set && w.until_ms >= now_ms)
		w.until_set = false;
	if (strcmp(source, "auto") == 0)
		source = auto_source(&opt_files, opt_directory, opt_boot, false);
	if (strcmp(source, "journal") && strcmp(source, "file")) {
		p_err("--source wants auto, journal or file, not '%s'", source);
		return EXIT_USAGE;
	}
	if ((r = journal_only_options(source, opt_directory, opt_boot)))
		return r;

	trail_init(&t, &v);
	if (strcmp(source, "journal") == 0) {
		r = read_journal(&t, &w, &reaches_now);
	} else {
		char **paths;
		size_t np;

		if (logfile_list(opt_files.items, opt_files.n, opt_all, &paths, &np) < 0)
			return EXIT_ERROR;
		r = read_files(&t, &w, (const char *const *)paths, np, &reaches_now);
		logfile_free_paths(paths, np);
	}
	if (r) {
		trail_free(&t);
		return r;
	}
	/* the present and the future are judged only when the window reaches now */
	now.reaches_now = reaches_now;
	now.kernel_default = vocab_default(&v);
	if (reaches_now) {
		now.live_known = seccomp_read_logged(SYSCTL_ROOT, &v, &now.live) == 0;
		now.audit_known = audit_get_state(&st) == 0;
		now.enabled = st.enabled;
		now.lost = st.lost;
		if (!now.audit_known)
			p_warn("cannot ask the kernel whether audit is enabled (AUDIT_GET needs CAP_AUDIT_CONTROL)");
	}
	trail_check(&t, &now);
	render(&t, source);
	r = trail_intact(&t) ? EXIT_DONE : EXIT_UNVERIFIED;
	trail_free(&t);
	return r;
}

const struct cmd cmd_verify = {
	.name = "verify",
	.summary = "check the audit trail of actions_logged: every change, who made it, and gaps",
	.max_args = 0,
	.opts = verify_opts,
	.run = run_verify,
};
