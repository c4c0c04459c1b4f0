// SPDX-License-Identifier: LGPL-2.1-or-later
/* set, enable, disable, reset: change actions_logged and prove it with the kernel's record. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmdutil.h"
#include "filterview.h"
#include "commands.h"
#include "config.h"
#include "os/log.h"
#include "os/output.h"
#include "os/safefile.h"
#include "os/sandbox.h"
#include "observe.h"
#include "os/sysctl.h"
#include "writeverify.h"

static bool opt_force, opt_dry_run, opt_require_record;
static double opt_timeout = 2.0, opt_observe;
static const char *opt_persist;

static const struct cli_opt set_opts[] = {
	{ "dry-run", 0, OPT_FLAG, &opt_dry_run, NULL, "show what would be written; write nothing" },
	{ "force", 0, OPT_FLAG, &opt_force, NULL, "write even when the value would not change" },
	{ "persist", 0, OPT_OPTIONAL_PATH, &opt_persist, "PATH",
	  "also save the value for boot in a sysctl.d file (default " PERSIST_PATH_DEFAULT ")",
	  PERSIST_PATH_DEFAULT },
	{ "timeout", 0, OPT_SECONDS, &opt_timeout, "SECONDS",
	  "how long to wait for the kernel's record (default 2)" },
	{ "observe", 0, OPT_SECONDS, &opt_observe, "SECONDS",
	  "with --dry-run: count every seccomp decision for SECONDS (BPF, logged or not) and say how many "
	  "records a second the change would add or take away, by workload" },
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
	action_set old, new;
	bool changed;		/* new differs from old */
	bool wrote;		/* a write was attempted */
	struct vwrite w;	/* the write and its proof */
	char reason[512];	/* why it is not verified, when it is not (w.reason, or earlier) */
	const char *persist_path;
	int persist_err;
	int exit;
	struct filterview fv;	/* --dry-run: the host's filters */
	bool filters_read;
	struct observation *ob;	/* --observe */
	struct tuning tuning;
	bool observed;
};

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
	const struct vwrite *w = &res->w;
	const struct watched_change *ours = w->watched ? watch_ours(&w->watch) : NULL;
	bool verified = vwrite_proven(w);
	struct out *o = out_stdout();
	char old[512], new[512];
	size_t i;

	set_text(&res->v, res->old, ' ', old, sizeof(old));
	set_text(&res->v, res->new, ' ', new, sizeof(new));
	if (!o->json && !g_opts.quiet) {
		if (opt_dry_run)
			pr_text(o, "would write '%s': %s -> %s\n", w->written, old, new);
		else if (!res->wrote && interrupted)
			pr_text(o, "actions_logged: %s (unchanged: interrupted before writing)\n", old);
		else if (!res->wrote)
			pr_text(o, "actions_logged: %s (unchanged, nothing written)\n", new);
		else if (!w->write_err)
			pr_text(o, "actions_logged: %s -> %s\n", old, new);
	}
	pr_obj_open(o, NULL);
	pr_str(o, PR_JSON, "command", NULL, res->command);
	pr_action_set(o, PR_JSON, "old", NULL, &res->v, res->old, ' ');
	pr_action_set(o, PR_JSON, "new", NULL, &res->v, res->new, ' ');
	pr_bool(o, PR_JSON, "changed", NULL, res->changed && res->wrote && !w->write_err);
	pr_bool(o, PR_JSON, "dry_run", NULL, opt_dry_run);
	pr_str(o, PR_JSON, "written", NULL, res->wrote || opt_dry_run ? w->written : NULL);
	pr_bool(o, PR_JSON, "verified", NULL, verified);
	pr_str(o, PR_JSON, "reason", NULL, res->reason[0] ? res->reason : NULL);
	pr_str(o, PR_JSON, "error", NULL, w->write_err ? log_first_error() : NULL);
	if (w->audit_known) {
		pr_obj_open(o, "audit");
		pr_uint(o, PR_JSON, "enabled", NULL, w->audit.enabled);
		pr_uint(o, PR_JSON, "lost", NULL, w->audit.lost);
		if (w->lost_after >= 0)
			pr_uint(o, PR_JSON, "lost_after", NULL, (unsigned long long)w->lost_after);
		else
			pr_null(o, PR_JSON, "lost_after", NULL);
		pr_obj_close(o);
	} else {
		pr_null(o, PR_JSON, "audit", NULL);
	}
	if (ours && (o->json || !g_opts.quiet))
		pr_record(o, "record", verified ? "verified" : "recorded", &res->v, ours);
	else
		pr_null(o, PR_JSON, "record", NULL);
	pr_arr_open(o, "concurrent");
	for (i = 0; w->watched && i < w->watch.n; i++)
		if (watch_is_concurrent(&w->watch, &w->watch.seen[i]))
			pr_record(o, NULL, "concurrent change", &res->v, &w->watch.seen[i]);
	pr_arr_close(o);
	if (res->persist_path && !res->persist_err && !g_opts.quiet)
		pr_str(o, PR_TEXT, NULL, "saved for boot in %s\n", res->persist_path);
	pr_str(o, PR_JSON, "persist", NULL, res->persist_path && !res->persist_err ? res->persist_path : NULL);
	if (opt_dry_run && (o->json || !g_opts.quiet))
		filterview_render_impact(&res->fv, o, res->old, res->new, res->filters_read);
	if (res->observed && (o->json || !g_opts.quiet))
		observe_render(o, &res->tuning, observe_netlink_why(res->ob));
	pr_obj_close(o);
	pr_end(o);
	if (res->wrote && !w->write_err && !verified && res->reason[0])
		p_warn("not verified: %s", res->reason);
}

/* The value the command asks for. */
static action_set new_value(enum set_op op, action_set old, action_set req, const struct action_vocab *v)
{
	switch (op) {
	case OP_ENABLE:
		return old | req;
	case OP_DISABLE:
		return old & ~req;
	case OP_RESET:
		return vocab_default(v);
	default:
		return req;
	}
}

/* From the last look at a signal to the read-back, none may cut in: the
 * write happens whole, or not at all. 0, or an exit code. */
static int write_whole(struct set_result *res, const sigset_t *mask)
{
	sigprocmask(SIG_BLOCK, mask, NULL);
	if (interrupted) {
		sigprocmask(SIG_UNBLOCK, mask, NULL);
		p_err("interrupted (%s) before writing: actions_logged is unchanged", strsignal(interrupted));
		snprintf(res->reason, sizeof(res->reason), "interrupted before writing: nothing changed");
		return EXIT_ERROR;
	}
	res->wrote = true;
	vwrite_write(&res->w);
	sigprocmask(SIG_UNBLOCK, mask, NULL);
	return res->w.write_err ? EXIT_ERROR : 0;
}

/* What the proof (or its absence) means: writeverify's one policy. */
static int judge(struct set_result *res)
{
	const struct vwrite *w = &res->w;
	action_set after;
	char now[512];

	snprintf(res->reason, sizeof(res->reason), "%s", w->reason);
	if (w->verdict == VW_CANNOT && !w->readback_ok) {
		if (seccomp_read_logged(SYSCTL_ROOT, &res->v, &after) == 0)
			set_text(&res->v, after, ' ', now, sizeof(now));
		else
			snprintf(now, sizeof(now), "unreadable");
		p_err("wrote '%s' but the kernel now has '%s'", w->written, now);
	}
	return vwrite_judge(w, opt_require_record);
}

static int persist(struct set_result *res)
{
	char why[FILE_WHY_MAX];

	if (!opt_persist || opt_dry_run || res->w.write_err)
		return res->exit;
	if (interrupted) {
		p_warn("interrupted (%s): not saved to %s", strsignal(interrupted), opt_persist);
		return res->exit;
	}
	res->persist_path = opt_persist;
	res->persist_err = persist_write(opt_persist, res->w.written, why, sizeof(why));
	if (res->persist_err) {
		p_err("cannot save to %s: %s", opt_persist, why);
		return EXIT_ERROR;
	}
	return res->exit;
}

/* --observe: the observer loaded before the sandbox, the window after. */
static int measure_open(struct set_result *res)
{
	return observe_open(&res->ob);
}

static int measure(struct set_result *res)
{
	int r;

	if (tuning_init(&res->tuning, &res->v, res->old, res->new, opt_observe) < 0) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	res->observed = true;
	if (!g_opts.quiet && !out_stdout()->json)
		p_info("observing every seccomp decision for %g s ...", opt_observe);
	if ((r = observe_run(res->ob, opt_observe, &interrupted, &res->tuning)))
		return r;
	return 0;
}

static int apply(enum set_op op, int argc, const char *const *argv, const char *command)
{
	static struct set_result res;
	struct name_error nerr;
	action_set req = 0;
	sigset_t mask;
	int r;

	memset(&res, 0, sizeof(res));
	res.command = command;
	res.w.lost_after = -1;
	catch_signals(&mask);
	if ((r = load_vocab(&res.v)))
		return r;
	if (op != OP_RESET && actions_parse_user(&res.v, argc, argv, &req, &nerr) < 0)
		return report_name_error(&res.v, &nerr);
	if (opt_observe && (!opt_dry_run || opt_observe < 1 || opt_observe > 3600)) {
		p_err("--observe wants --dry-run, and from 1 to 3600 seconds");
		return EXIT_USAGE;
	}
	if ((op == OP_ENABLE || op == OP_DISABLE) && !req) {
		p_err("%s needs at least one action name; try 'seccompctl %s --help'", command, command);
		return EXIT_USAGE;
	}
	/* subscribed before the old value is read: every record after the read is seen */
	if (!opt_dry_run)
		vwrite_open(&res.w, &res.v, 0);
	if ((r = load_logged(&res.v, &res.old)))
		goto out;
	res.new = new_value(op, res.old, req, &res.v);
	res.changed = res.new != res.old;
	vwrite_plan(&res.w, &res.v, res.old, res.new);
	if (!res.new && !opt_dry_run)
		p_warn("the new set is empty: the kernel will log no seccomp action at all");
	if (opt_dry_run) {
		/* what would start or stop being logged: the host's filters, read before confinement */
		res.filters_read = filterview_scan_quiet(&res.fv) == 0;
		if (opt_observe && (r = measure_open(&res)))
			goto out;
		sandbox_enter(opt_observe ? SANDBOX_OBSERVE : SANDBOX_READ, SANDBOX_KEEP_NONE);
		if (opt_observe && (r = measure(&res)))
			goto out;
	} else if (!res.changed && !opt_force) {
		sandbox_enter(opt_persist && !opt_dry_run ? SANDBOX_PERSIST : SANDBOX_READ, SANDBOX_KEEP_NONE);
	} else if ((res.exit = write_whole(&res, &mask)) == 0 || res.wrote) {
		/* written (or refused): from here on only waiting, judging, persisting and printing */
		sandbox_enter(opt_persist ? SANDBOX_PERSIST : SANDBOX_READ, SANDBOX_KEEP_AUDIT_CONTROL);
		vwrite_verify(&res.w, opt_timeout, &interrupted);
		res.exit = judge(&res);
	}
	if (res.wrote || !res.exit)
		res.exit = persist(&res);
	render(&res);
	r = res.exit;
out:
	if (!opt_dry_run)
		vwrite_close(&res.w);
	else
		filterview_close(&res.fv);
	observe_close(res.ob);
	if (res.observed)
		tuning_free(&res.tuning);
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
