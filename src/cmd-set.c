// SPDX-License-Identifier: LGPL-2.1-or-later
/* set, enable, disable, reset: change actions_logged and prove it with the
 * kernel's CONFIG_CHANGE record. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auditnl.h"
#include "cli.h"
#include "commands.h"
#include "common.h"
#include "config.h"
#include "log.h"
#include "ns.h"
#include "output.h"
#include "sandbox.h"
#include "sysctl.h"
#include "watch.h"

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

struct wait_ctx {
	struct change_watch *watch;
	bool done;
	bool found;	/* our record is in, its SYSCALL record may follow */
};

static int wait_cb(uint32_t type, const char *payload, size_t len, void *data)
{
	struct wait_ctx *ctx = data;

	if (watch_feed(ctx->watch, type, payload, len)) {
		ctx->done = true;
		return 1;
	}
	if (!ctx->found && watch_ours(ctx->watch)) {
		ctx->found = true;
		return 1;
	}
	return 0;
}

/* Wait for our record; once it is in, give its SYSCALL record a short grace. */
static int wait_record(struct audit_reader *rd, struct change_watch *w, double timeout)
{
	struct wait_ctx ctx = { .watch = w };
	int64_t deadline = monotonic_ms() + (int64_t)(timeout * 1000), grace;
	int r;

	for (;;) {
		r = audit_reader_run(rd, deadline, wait_cb, &ctx);
		if (r <= 0 || ctx.done)
			return r < 0 ? r : 0;
		grace = monotonic_ms() + 300;
		if (grace < deadline)
			deadline = grace;
	}
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

static void judge(struct set_result *res, int lost_before)
{
	struct audit_state now;
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
		if (lost_before >= 0 && audit_get_state(&now) == 0 && now.lost > (uint32_t)lost_before)
			snprintf(res->reason + len, sizeof(res->reason) - len,
				 "; the kernel lost %u audit records meanwhile (backlog or rate limit)",
				 now.lost - (uint32_t)lost_before);
		else if (!res->audit_known)
			snprintf(res->reason + len, sizeof(res->reason) - len,
				 "; audit state unknown (AUDIT_GET needs CAP_AUDIT_CONTROL): audit may be off");
		res->exit = EXIT_UNVERIFIED;
		return;
	}
}

static void jw_record(const char *key, const struct action_vocab *v, const struct watched_change *c)
{
	jw_open_obj(key);
	jw_change_fields(v, &c->c, c->who_known ? &c->who : NULL);
	jw_close_obj();
}

static void print_record(const char *label, const struct action_vocab *v, const struct watched_change *c)
{
	char time[64], old[512], new[512], comm[256], exe[8192];

	fmt_time_local(time, sizeof(time), c->c.sec, c->c.msec);
	printf("%s: record %llu at %s: old-actions=%s actions=%s res=%d", label,
	       (unsigned long long)c->c.serial, time,
	       c->c.old_known ? set_text(v, c->c.old_actions, ',', old, sizeof(old)) : "?",
	       c->c.actions_known ? set_text(v, c->c.actions, ',', new, sizeof(new)) : "?", c->c.res);
	if (c->who_known) {
		text_escape(comm, sizeof(comm), c->who.comm, c->who.comm_len);
		text_escape(exe, sizeof(exe), c->who.exe, c->who.exe_len);
		printf(", by %s[%lld] uid=%lld exe=%s", comm, (long long)c->who.pid,
		       (long long)c->who.uid, exe);
	}
	printf("\n");
}

static void render(const struct set_result *res)
{
	const struct watched_change *ours = res->watched ? watch_ours(&res->watch) : NULL;
	char old[512], new[512];
	size_t i;

	if (out_json()) {
		jw_open_obj(NULL);
		jw_str("command", res->command);
		jw_action_set("old", &res->v, res->old);
		jw_action_set("new", &res->v, res->new);
		jw_bool("changed", res->changed && res->wrote && !res->write_err);
		jw_bool("dry_run", opt_dry_run);
		if (res->wrote || opt_dry_run)
			jw_str("written", res->written);
		else
			jw_null("written");
		jw_bool("verified", res->verified);
		jw_str("reason", res->reason[0] ? res->reason : NULL);
		jw_str("error", res->write_err ? log_first_error() : NULL);
		if (res->audit_known) {
			jw_open_obj("audit");
			jw_uint("enabled", res->audit.enabled);
			jw_uint("lost", res->audit.lost);
			jw_close_obj();
		} else {
			jw_null("audit");
		}
		if (ours)
			jw_record("record", &res->v, ours);
		else
			jw_null("record");
		jw_open_arr("concurrent");
		for (i = 0; res->watched && i < res->watch.n; i++)
			if (watch_is_concurrent(&res->watch, &res->watch.seen[i]))
				jw_record(NULL, &res->v, &res->watch.seen[i]);
		jw_close_arr();
		jw_str("persist", res->persist_path && !res->persist_err ? res->persist_path : NULL);
		jw_close_obj();
		jw_finish();
		return;
	}
	set_text(&res->v, res->old, ' ', old, sizeof(old));
	set_text(&res->v, res->new, ' ', new, sizeof(new));
	if (!g_opts.quiet) {
		if (opt_dry_run)
			printf("would write '%s': %s -> %s\n", res->written, old, new);
		else if (!res->wrote && interrupted)
			printf("actions_logged: %s (unchanged: interrupted before writing)\n", old);
		else if (!res->wrote)
			printf("actions_logged: %s (unchanged, nothing written)\n", new);
		else if (!res->write_err)
			printf("actions_logged: %s -> %s\n", old, new);
		if (ours && res->verified)
			print_record("verified", &res->v, ours);
		else if (ours)
			print_record("recorded", &res->v, ours);
		if (res->persist_path && !res->persist_err)
			printf("saved for boot in %s\n", res->persist_path);
	}
	for (i = 0; res->watched && i < res->watch.n; i++)
		if (watch_is_concurrent(&res->watch, &res->watch.seen[i]))
			print_record("concurrent change", &res->v, &res->watch.seen[i]);
	if (res->wrote && !res->write_err && !res->verified && res->reason[0])
		p_warn("not verified: %s", res->reason);
}

static int apply(enum set_op op, int argc, const char *const *argv, const char *command)
{
	static struct set_result res;
	struct audit_reader rd = { 0 };
	struct name_error nerr;
	action_set req = 0, after;
	int r, sub_err = -1, in_netns, lost_before = -1;
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
		if (res.audit_known)
			lost_before = (int)res.audit.lost;
	}
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
		r = interrupted ? -EINTR : wait_record(&rd, &res.watch, opt_timeout);
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
		} else if (!res.write_err) {
			judge(&res, lost_before);
		}
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
