// SPDX-License-Identifier: LGPL-2.1-or-later
/* set, enable, disable, reset: change actions_logged and prove it with the
 * kernel's CONFIG_CHANGE record. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "os/auditnl.h"
#include "cli.h"
#include "commands.h"
#include "cmdutil.h"
#include "writeverify.h"
#include "config.h"
#include "os/log.h"
#include "os/ns.h"
#include "os/output.h"
#include "os/sandbox.h"
#include "os/sysctl.h"
#include "model/timeparse.h"
#include "model/watch.h"

static bool opt_force, opt_dry_run, opt_require_record;
static double opt_timeout = 2.0;
static const char *opt_persist;

static const struct cli_opt set_opts[] = {
	{ "dry-run", 0, OPT_FLAG, &opt_dry_run, NULL, "show what would be written; write nothing" },
	{ "force", 0, OPT_FLAG, &opt_force, NULL, "write even when the value would not change" },
	{ "persist", 0, OPT_OPTIONAL_PATH, &opt_persist, "PATH",
	  "also save the value for boot in a sysctl.d file (default " PERSIST_PATH_DEFAULT ")",
	  PERSIST_PATH_DEFAULT },
	{ "timeout", 0, OPT_SECONDS, &opt_timeout, "SECONDS",
	  "how long to wait for the kernel's record (default 2)" },
	{ "require-record", 0, OPT_FLAG, &opt_require_record, NULL,
	  "exit 3 when the change cannot be verified (audit off, no CAP_AUDIT_READ, other netns)" },
	{ NULL }
};

enum set_op { OP_SET, OP_ENABLE, OP_DISABLE, OP_RESET };

/* SIGINT, SIGTERM, SIGHUP: noted, and acted on where the value is known */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static void catch_signals(sigset_t *mask)
{
	struct sigaction sa = { .sa_handler = on_signal };	/* no SA_RESTART: poll() wakes */

	sigemptyset(mask);
	sigaddset(mask, SIGINT);
	sigaddset(mask, SIGTERM);
	sigaddset(mask, SIGHUP);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

struct set_result {
	const char *command;
	struct action_vocab v;
	action_set old, new, readback;
	bool changed;		/* new differs from old */
	bool wrote;		/* a write was attempted */
	int write_err;		/* -errno of the write, 0 when accepted */
	char written[ACTIONS_LOGGED_WRITE_MAX + 64];
	bool readback_ok;
	bool audit_known;
	struct audit_state audit;
	bool watched;
	struct change_watch watch;
	bool verified;
	char reason[512];
	const char *persist_path;
	int persist_err;
	long long lost_after;	/* the kernel's lost counter after waiting, -1 unknown */
	int exit;
};

static int name_error(const struct action_vocab *v, const struct name_error *e)
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

static const char *write_error_text(int err, char *buf, size_t size)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
		snprintf(buf, size, "%s: changing actions_logged needs root with CAP_SYS_ADMIN in the "
			 "initial user namespace%s", strerror(-err),
			 ns_is_initial("user") == 0 ? " (this process is in a user namespace)" : "");
		break;
	case -E2BIG:
		snprintf(buf, size, "the value is longer than the %d bytes the kernel accepts",
			 ACTIONS_LOGGED_WRITE_MAX);
		break;
	case -EINVAL:
		snprintf(buf, size, "%s: the kernel did not accept the names", strerror(-err));
		break;
	default:
		snprintf(buf, size, "%s", strerror(-err));
	}
	return buf;
}

/* The value read back is not ours: the record of whoever replaced it follows ours. */
static int replaced_cb(uint32_t type, const char *payload, size_t len, void *data)
{
	struct change_watch *w = data;
	const struct watched_change *ours;
	size_t i;

	watch_feed(w, type, payload, len);
	ours = watch_ours(w);
	for (i = 0; ours && i < w->n; i++)
		if (w->seen[i].c.serial > ours->c.serial && w->seen[i].c.res == 1 &&
		    (w->seen[i].who_known || w->seen[i].ended))
			return 1;
	return 0;
}

static void unverified(struct set_result *res, const char *why)
{
	res->verified = false;
	snprintf(res->reason, sizeof(res->reason), "%s", why);
	if (opt_require_record && res->exit == EXIT_DONE)
		res->exit = EXIT_UNVERIFIED;
}

static void judge(struct set_result *res)
{
	size_t len;

	switch (watch_verdict(&res->watch)) {
	case WATCH_VERIFIED:
		if (!res->readback_ok) {
			snprintf(res->reason, sizeof(res->reason),
				 "the kernel recorded the change, but the value read back differs: "
				 "another writer changed it since");
			res->exit = EXIT_UNVERIFIED;
			return;
		}
		res->verified = true;
		return;
	case WATCH_CONCURRENT:
		snprintf(res->reason, sizeof(res->reason),
			 "another writer changed actions_logged around this write: see the concurrent records");
		res->exit = EXIT_UNVERIFIED;
		return;
	case WATCH_MISSING:
		len = (size_t)snprintf(res->reason, sizeof(res->reason),
				       "no record of this change arrived within %.1f s", opt_timeout);
		if (res->audit_known && res->lost_after > (long long)res->audit.lost)
			snprintf(res->reason + len, sizeof(res->reason) - len,
				 "; the kernel lost %llu audit records meanwhile (backlog or rate limit)",
				 res->lost_after - (long long)res->audit.lost);
		else if (!res->audit_known)
			snprintf(res->reason + len, sizeof(res->reason) - len,
				 "; audit state unknown (AUDIT_GET needs CAP_AUDIT_CONTROL): audit may be off");
		res->exit = EXIT_UNVERIFIED;
		return;
	}
}

/* One record of a write: the JSON object, or a line for people. */
static void pr_record(struct out *o, const char *key, const char *label, const struct action_vocab *v,
		      const struct watched_change *c)
{
	char time[64];

	if (o->json) {
		jw_open_obj(o, key);
		pr_change_fields(o, v, &c->c, c->who_known ? &c->who : NULL);
		jw_close_obj(o);
		return;
	}
	fmt_time_local(time, sizeof(time), c->c.sec, c->c.msec);
	pr_text(o, "%s: record %llu at %s: ", label, (unsigned long long)c->c.serial, time);
	if (c->c.old_known)
		pr_action_set(o, PR_TEXT, NULL, "old-actions=%s ", v, c->c.old_actions, ',');
	else
		pr_text(o, "old-actions=? ");
	if (c->c.actions_known)
		pr_action_set(o, PR_TEXT, NULL, "actions=%s ", v, c->c.actions, ',');
	else
		pr_text(o, "actions=? ");
	pr_text(o, "res=%d", c->c.res);
	if (c->who_known) {
		pr_bytes(o, PR_TEXT, NULL, ", by %s", c->who.comm, c->who.comm_len);
		pr_text(o, "[%lld] uid=%lld", (long long)c->who.pid, (long long)c->who.uid);
		pr_bytes(o, PR_TEXT, NULL, " exe=%s", c->who.exe, c->who.exe_len);
	} else {
		pr_text(o, " (no SYSCALL record: the writer is not known)");
	}
	pr_text(o, "\n");
}

static void render(const struct set_result *res)
{
	const struct watched_change *ours = res->watched ? watch_ours(&res->watch) : NULL;
	struct out *o = out_stdout();
	char old[512], new[512];
	size_t i;

	set_text(&res->v, res->old, ' ', old, sizeof(old));
	set_text(&res->v, res->new, ' ', new, sizeof(new));
	if (!o->json && !g_opts.quiet) {
		if (opt_dry_run)
			pr_text(o, "would write '%s': %s -> %s\n", res->written, old, new);
		else if (!res->wrote && interrupted)
			pr_text(o, "actions_logged: %s (unchanged: interrupted before writing)\n", old);
		else if (!res->wrote)
			pr_text(o, "actions_logged: %s (unchanged, nothing written)\n", new);
		else if (!res->write_err)
			pr_text(o, "actions_logged: %s -> %s\n", old, new);
	}
	pr_obj_open(o, NULL);
	pr_str(o, PR_JSON, "command", NULL, res->command);
	pr_action_set(o, PR_JSON, "old", NULL, &res->v, res->old, ' ');
	pr_action_set(o, PR_JSON, "new", NULL, &res->v, res->new, ' ');
	pr_bool(o, PR_JSON, "changed", NULL, res->changed && res->wrote && !res->write_err);
	pr_bool(o, PR_JSON, "dry_run", NULL, opt_dry_run);
	pr_str(o, PR_JSON, "written", NULL, res->wrote || opt_dry_run ? res->written : NULL);
	pr_bool(o, PR_JSON, "verified", NULL, res->verified);
	pr_str(o, PR_JSON, "reason", NULL, res->reason[0] ? res->reason : NULL);
	pr_str(o, PR_JSON, "error", NULL, res->write_err ? log_first_error() : NULL);
	if (res->audit_known) {
		pr_obj_open(o, "audit");
		pr_uint(o, PR_JSON, "enabled", NULL, res->audit.enabled);
		pr_uint(o, PR_JSON, "lost", NULL, res->audit.lost);
		if (res->lost_after >= 0)
			pr_uint(o, PR_JSON, "lost_after", NULL, (unsigned long long)res->lost_after);
		else
			pr_null(o, PR_JSON, "lost_after", NULL);
		pr_obj_close(o);
	} else {
		pr_null(o, PR_JSON, "audit", NULL);
	}
	if (ours && (o->json || !g_opts.quiet))
		pr_record(o, "record", res->verified ? "verified" : "recorded", &res->v, ours);
	else
		pr_null(o, PR_JSON, "record", NULL);
	pr_arr_open(o, "concurrent");
	for (i = 0; res->watched && i < res->watch.n; i++)
		if (watch_is_concurrent(&res->watch, &res->watch.seen[i]))
			pr_record(o, NULL, "concurrent change", &res->v, &res->watch.seen[i]);
	pr_arr_close(o);
	if (res->persist_path && !res->persist_err && !g_opts.quiet)
		pr_str(o, PR_TEXT, NULL, "saved for boot in %s\n", res->persist_path);
	pr_str(o, PR_JSON, "persist", NULL, res->persist_path && !res->persist_err ? res->persist_path : NULL);
	pr_obj_close(o);
	pr_end(o);
	if (res->wrote && !res->write_err && !res->verified && res->reason[0])
		p_warn("not verified: %s", res->reason);
}

static int apply(enum set_op op, int argc, const char *const *argv, const char *command)
{
	static struct set_result res;
	struct audit_reader rd = { 0 };
	struct name_error nerr;
	action_set req = 0, after;
	struct audit_state now;
	int r, sub_err = -1, in_netns;
	char msg[512];
	sigset_t mask;

	memset(&res, 0, sizeof(res));
	res.command = command;
	res.exit = EXIT_DONE;
	catch_signals(&mask);
	if ((r = load_vocab(&res.v)))
		return r;
	if (op != OP_RESET && actions_parse_user(&res.v, argc, argv, &req, &nerr) < 0)
		return name_error(&res.v, &nerr);
	if ((op == OP_ENABLE || op == OP_DISABLE) && !req) {
		p_err("%s needs at least one action name; try 'seccompctl %s --help'", command, command);
		return EXIT_USAGE;
	}

	/* subscribe before reading the old value: every record after the read is seen */
	if (!opt_dry_run) {
		sub_err = audit_reader_open(&rd, AUDIT_READER_RCVBUF_DEFAULT);
		res.audit_known = audit_get_state(&res.audit) == 0;
	}
	res.lost_after = -1;
	if ((r = load_logged(&res.v, &res.old)))
		goto out;
	switch (op) {
	case OP_SET:
		res.new = req;
		break;
	case OP_ENABLE:
		res.new = res.old | req;
		break;
	case OP_DISABLE:
		res.new = res.old & ~req;
		break;
	case OP_RESET:
		res.new = vocab_default(&res.v);
		break;
	}
	res.changed = res.new != res.old;
	set_format(&res.v, res.new, ' ', res.written, sizeof(res.written));
	if (!res.new && !opt_dry_run)
		p_warn("the new set is empty: the kernel will log no seccomp action at all");
	if (opt_dry_run || (!res.changed && !opt_force)) {
		sandbox_enter(opt_persist && !opt_dry_run ? SANDBOX_PERSIST : SANDBOX_READ, SANDBOX_KEEP_NONE);
		goto persist;
	}

	/* /proc/2/ns is out of reach once capabilities are dropped */
	in_netns = ns_is_initial("net") == 0;
	/* from the last look at a signal to the read-back, none may cut in:
	 * the write happens whole, or not at all */
	sigprocmask(SIG_BLOCK, &mask, NULL);
	if (interrupted) {
		sigprocmask(SIG_UNBLOCK, &mask, NULL);
		p_err("interrupted (%s) before writing: actions_logged is unchanged", strsignal(interrupted));
		snprintf(res.reason, sizeof(res.reason), "interrupted before writing: nothing changed");
		res.exit = EXIT_ERROR;
		goto done;
	}
	res.wrote = true;
	res.write_err = seccomp_write_logged(SYSCTL_ROOT, res.written);
	if (res.write_err) {
		p_err("cannot write '%s' to %s/%s: %s", res.written, SYSCTL_ROOT, ACTIONS_LOGGED,
		      write_error_text(res.write_err, msg, sizeof(msg)));
		res.exit = EXIT_ERROR;
	} else {
		res.readback_ok = seccomp_read_logged(SYSCTL_ROOT, &res.v, &res.readback) == 0 &&
				  res.readback == res.new;
	}
	sigprocmask(SIG_UNBLOCK, &mask, NULL);
	/* written: from here on only waiting, judging, persisting and printing */
	sandbox_enter(opt_persist ? SANDBOX_PERSIST : SANDBOX_READ, SANDBOX_KEEP_AUDIT_CONTROL);

	if (sub_err == -EPERM)
		unverified(&res, "cannot read audit records: this process lacks CAP_AUDIT_READ");
	else if (sub_err == -EPROTONOSUPPORT)
		unverified(&res, "this kernel has no audit support (CONFIG_AUDIT off)");
	else if (sub_err < 0) {
		snprintf(msg, sizeof(msg), "cannot subscribe to audit records: %s", strerror(-sub_err));
		unverified(&res, msg);
	}
	else if (in_netns)
		unverified(&res, "this process is not in the initial network namespace, "
			   "where alone the kernel sends audit records");
	else if (res.audit_known && res.audit.enabled == 0)
		unverified(&res, "audit is disabled (enabled=0): the kernel records no change "
			   "to actions_logged, this one included; enable it with 'auditctl -e 1'");
	else {
		watch_init(&res.watch, &res.v, getpid(), res.old, res.new, res.write_err == 0);
		res.watched = true;
		r = interrupted ? -EINTR : watch_wait(&rd, &res.watch, opt_timeout);
		if (r == 0 && !res.write_err && !res.readback_ok && watch_ours(&res.watch))
			r = audit_reader_run(&rd, monotonic_ms() + (int64_t)(opt_timeout * 1000),
					     replaced_cb, &res.watch);
		if (r == -EINTR && interrupted && !res.write_err) {
			/* the write is done: say so, and that it is not proven */
			snprintf(res.reason, sizeof(res.reason), "interrupted (%s) while waiting for the "
				 "kernel's record: the value was written, but is not verified", strsignal(interrupted));
			res.exit = EXIT_UNVERIFIED;
		} else if (r == -EINTR && interrupted) {
			res.exit = EXIT_ERROR;
		} else if (r < 0) {
			p_err("reading audit records failed: %s", strerror(-r));
			res.exit = res.exit ? res.exit : EXIT_ERROR;
		}
		/* the lost counter around this write: records of others may be among the lost */
		if (res.audit_known && audit_get_state(&now) == 0)
			res.lost_after = now.lost;
		if (r >= 0 && !res.write_err)
			judge(&res);
		if (res.verified && res.lost_after > (long long)res.audit.lost)
			p_warn("the kernel lost %llu audit records while this write was verified: a change "
			       "by another writer in that moment may have gone unrecorded",
			       res.lost_after - (long long)res.audit.lost);
		if (rd.overruns)
			p_warn("the audit socket overran %llu times: records were lost",
			       (unsigned long long)rd.overruns);
	}
	if (res.write_err)
		goto done;
	if (!res.readback_ok && res.exit == EXIT_DONE) {
		if (seccomp_read_logged(SYSCTL_ROOT, &res.v, &after) == 0)
			set_text(&res.v, after, ' ', msg, sizeof(msg));
		else
			snprintf(msg, sizeof(msg), "unreadable");
		p_err("wrote '%s' but the kernel now has '%s'", res.written, msg);
		res.exit = EXIT_UNVERIFIED;
	}

persist:
	if (opt_persist && !opt_dry_run && !res.write_err && interrupted) {
		p_warn("interrupted (%s): not saved to %s", strsignal(interrupted), opt_persist);
	} else if (opt_persist && !opt_dry_run && !res.write_err) {
		res.persist_path = opt_persist;
		res.persist_err = persist_write(opt_persist, res.written);
		if (res.persist_err) {
			p_err("cannot save to %s: %s", opt_persist, strerror(-res.persist_err));
			res.exit = EXIT_ERROR;
		}
	}
done:
	render(&res);
	r = res.exit;
out:
	audit_reader_close(&rd);
	return r;
}

static int run_set(int argc, const char *const *argv) { return apply(OP_SET, argc, argv, "set"); }
static int run_enable(int argc, const char *const *argv) { return apply(OP_ENABLE, argc, argv, "enable"); }
static int run_disable(int argc, const char *const *argv) { return apply(OP_DISABLE, argc, argv, "disable"); }
static int run_reset(int argc, const char *const *argv) { return apply(OP_RESET, argc, argv, "reset"); }

const struct cmd cmd_set = {
	.name = "set", .args = "ACTION...", .min_args = 1, .max_args = -1, .opts = set_opts,
	.summary = "replace actions_logged with these actions ('' for none), and verify",
	.run = run_set,
};

const struct cmd cmd_enable = {
	.name = "enable", .args = "ACTION...", .min_args = 1, .max_args = -1, .opts = set_opts,
	.summary = "add actions to actions_logged, and verify",
	.run = run_enable,
};

const struct cmd cmd_disable = {
	.name = "disable", .args = "ACTION...", .min_args = 1, .max_args = -1, .opts = set_opts,
	.summary = "remove actions from actions_logged, and verify",
	.run = run_disable,
};

const struct cmd cmd_reset = {
	.name = "reset", .max_args = 0, .opts = set_opts,
	.summary = "restore the kernel default (every available action but allow), and verify",
	.run = run_reset,
};
