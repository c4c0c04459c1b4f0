// SPDX-License-Identifier: LGPL-2.1-or-later
/* record: run a command under a filter whose every decision is SECCOMP_RET_LOG,
 * follow its records on audit netlink, and write the profile when it exits.
 *
 * Which records are the command's: the kernel's fork events (procconn.c)
 * grow the set of its processes (pidtree.c); a fork's event is sent before
 * the child runs, so it is queued before any record of that child. Whether
 * every record arrived: a marker process, started after the command ended,
 * makes one logged call; the audit queue is one FIFO, so once its record is
 * in, every earlier record is too. Whether any was lost: the socket's
 * overruns, the kernel's lost counter before and after, the fork events'
 * overruns. */
#include <errno.h>
#include <linux/capability.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "os/clock.h"
#include "os/auditnl.h"
#include "cli.h"
#include "commands.h"
#include "cmdutil.h"
#include "writeverify.h"
#include "config.h"
#include "model/event.h"
#include "os/log.h"
#include "os/ns.h"
#include "os/output.h"
#include "model/pidtree.h"
#include "os/procconn.h"
#include "model/profile.h"
#include "profile-cli.h"
#include "readopts.h"
#include "model/audit-record.h"
#include "source/where.h"
#include "os/sandbox.h"
#include "os/sysctl.h"
#include "os/usernames.h"
#include "model/lost.h"

extern char **environ;

static struct profile_cli pc;
static struct read_opts ro;
static bool opt_enable_log;
static const char *opt_user;
static double opt_settle = 10.0, opt_timeout = 2.0;

static const struct cli_opt record_opts[] = {
	PROFILE_CLI_OPTS(pc),
	{ "enable-log", 0, OPT_FLAG, &opt_enable_log, NULL,
	  "add 'log' to actions_logged for the run and put the old value back after, each change "
	  "verified like set" },
	{ "timeout", 0, OPT_SECONDS, &opt_timeout, "SECONDS",
	  "with --enable-log, how long to wait for the kernel's record of each change (default 2)" },
	{ "settle", 0, OPT_SECONDS, &opt_settle, "SECONDS",
	  "after the command ends, wait at most this long without a record for the last ones (default 10)" },
	{ "user", 'u', OPT_STRING, &opt_user, "USER",
	  "run the command as USER (a name or uid): its ids and groups, HOME, USER and LOGNAME, no capability" },
	READ_OPTS_RCVBUF(ro),
	{ NULL }
};

/* Signals the command should get rather than us. */
static const int forwarded[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, 0 };

struct run {
	struct action_vocab v;
	action_set old, with_log;
	bool log_was_on, enabled;	/* --enable-log wrote with_log */
	int verified;			/* how many of its writes the kernel's record proved */
	int unverified;			/* how many failed the proof (writeverify's policy: exit 3) */
	bool log_turned_off;		/* a record of another writer took log out during the run */

	struct vwrite vw;		/* its audit reader follows the run's records too */
	struct procconn pcn;
	struct pidtree tree;
	struct assembler a;
	struct profile p;
	struct route route;
	bool lost_known;
	struct audit_state before, after;

	pid_t child, marker;
	int marker_go;			/* write end: the marker's start */
	int sigfd;
	sigset_t oldmask;
	int status;			/* the command's, from waitpid */
	bool reaped, marker_seen;
	uint64_t foreign;		/* records of other processes */
	uint64_t ours;			/* records of the command and its children */
	int err;

	struct profile_opts popts;
	struct oci_profile base;	/* --base */
	struct out *mem;		/* the profile, whole, before it is saved */
	struct user_cred cred;		/* --user */
};

/* --- the command's process and the marker, between fork and exec --------------- */

/* What execvp would run, found before forking: errors are the parent's to say. */
static int find_program(const char *name, char *path, size_t size)
{
	const char *dirs = getenv("PATH"), *p, *end;
	int saved = -ENOENT;
	struct stat st;

	if (strchr(name, '/')) {
		if ((size_t)snprintf(path, size, "%s", name) >= size)
			return -ENAMETOOLONG;
		return access(path, X_OK) < 0 ? -errno : 0;
	}
	if (!dirs || !*dirs)
		dirs = "/usr/local/bin:/usr/bin:/bin";
	for (p = dirs; p; p = *end ? end + 1 : NULL) {
		end = strchrnul(p, ':');
		if ((size_t)snprintf(path, size, "%.*s/%s", (int)(end - p), end == p ? "." : p, name) >= size)
			continue;
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(path, X_OK) == 0)
				return 0;
			saved = -EACCES;
		}
	}
	return saved;
}

/* What failed in the child, through a pipe that closes on exec. */
enum child_step { STEP_USER, STEP_FILTER, STEP_EXEC };
struct child_fail {
	enum child_step step;
	int err;	/* -errno */
};

/* The child: the user, the filter, then exec; what failed through the pipe. */
static void __attribute__((noreturn)) child_exec(const char *path, char *const *argv, int errfd,
						  const sigset_t *mask, const struct user_cred *cred)
{
	struct child_fail f = { STEP_USER, 0 };

	sigprocmask(SIG_SETMASK, mask, NULL);
	if (!cred || (f.err = user_cred_become(cred)) == 0) {
		f.step = STEP_FILTER;
		if ((f.err = seccomp_log_everything()) == 0) {
			f.step = STEP_EXEC;
			execve(path, argv, environ);
			f.err = -errno;
		}
	}
	if (write(errfd, &f, sizeof(f)) < 0)
		_exit(127);
	_exit(127);
}

/* The marker: waits, then makes one logged call and ends. */
static void __attribute__((noreturn)) marker_run(int go, int go_writer, const sigset_t *mask)
{
	char c;

	/* its own copy of the write end would keep it from ever seeing the end */
	close(go_writer);
	sigprocmask(SIG_SETMASK, mask, NULL);
	if (read(go, &c, 1) != 1)
		_exit(1);
	if (seccomp_log_everything() < 0)
		_exit(2);
	getppid();
	_exit(0);
}

/* --- records ----------------------------------------------------------------------- */

static void on_fork(pid_t parent, pid_t child, uint64_t ns, void *data)
{
	(void)ns;
	pidtree_fork(data, parent, child);
}

static void on_exit_ev(pid_t tgid, uint64_t ns, void *data)
{
	(void)ns;
	pidtree_exit(data, tgid);
}

static const struct proc_ev_fns tree_fns = { .fork = on_fork, .exit = on_exit_ev };

static void on_event(struct event *e, void *data)
{
	struct run *run = data;
	pid_t pid = (pid_t)e->pid;

	if (pid == run->marker) {
		run->marker_seen = true;
		return;
	}
	if (!pidtree_has(&run->tree, pid)) {
		/* its fork event was queued before its first record: read them all */
		if (procconn_drain(&run->pcn, &tree_fns, &run->tree) < 0 && !run->err)
			run->err = -EIO;
		if (!pidtree_has(&run->tree, pid)) {
			run->foreign++;
			return;
		}
	}
	run->ours++;
	profile_add(&run->p, e);
}

static int on_record(uint32_t type, const char *payload, size_t len, void *data)
{
	struct run *run = data;
	struct audit_record r;
	struct logging_change c;

	if (record_parse_payload(type, payload, len, &r) < 0)
		return 0;
	if (type == AUDIT_TYPE_CONFIG_CHANGE) {
		if (record_logging_change(&run->v, &r, &c) == 0 && c.res == 1 && c.actions_known &&
		    !(c.actions & (1U << vocab_index(&run->v, "log", 3))))
			run->log_turned_off = true;
		return 0;
	}
	assembler_feed(&run->a, &r, NULL, 0);
	/* only the SECCOMP record counts here: no need to wait for its SYSCALL record */
	if (type == AUDIT_TYPE_SECCOMP)
		assembler_flush(&run->a);
	return 0;
}

static int drain_records(struct run *run)
{
	uint32_t type;
	const char *payload;
	size_t len;
	int r;

	while ((r = audit_reader_recv(&run->vw.rd, 0)) > 0)
		while (audit_reader_next(&run->vw.rd, &type, &payload, &len) > 0)
			on_record(type, payload, len, run);
	return r == -EINTR ? 0 : r;
}

/* --- signals: the command's, not ours ----------------------------------------------- */

static void on_signal(struct run *run)
{
	struct signalfd_siginfo si;
	int status;

	while (read(run->sigfd, &si, sizeof(si)) == (ssize_t)sizeof(si)) {
		if (si.ssi_signo == SIGCHLD) {
			if (!run->reaped && waitpid(run->child, &status, WNOHANG) == run->child) {
				run->status = status;
				run->reaped = true;
			}
			continue;
		}
		/* a terminal's signal went to the command's process group too;
		 * one sent to us alone (kill) is passed on */
		if (si.ssi_code == SI_USER || si.ssi_code == SI_QUEUE) {
			if (!run->reaped)
				kill(run->child, (int)si.ssi_signo);
		}
	}
}

/* --- actions_logged for the run ----------------------------------------------------- */

/* Write a set, and wait for the kernel's record of it, as set does. 0, or an exit code. */
static int write_verified(struct run *run, action_set from, action_set to, const char *what)
{
	struct vwrite *w = &run->vw;
	int r;

	vwrite_plan(w, &run->v, from, to);
	if (vwrite_write(w) < 0)
		return EXIT_ERROR;
	vwrite_verify(w, opt_timeout, NULL);
	r = vwrite_judge(w, false);
	if (w->verdict == VW_VERIFIED) {
		p_info("%s: actions_logged is '%s' (verified by the kernel's record)", what, w->written);
		run->verified++;
	} else if (r != EXIT_ERROR) {
		p_warn("%s: actions_logged is '%s', not verified: %s", what, w->written,
		       w->reason[0] ? w->reason : "the value read back is not what was written: another writer?");
	}
	if (r == EXIT_UNVERIFIED)
		run->unverified++;
	return r;
}

static int restore_logged(struct run *run)
{
	action_set now;
	char val[512];

	if (!run->enabled)
		return 0;
	if (seccomp_read_logged(SYSCTL_ROOT, &run->v, &now) < 0) {
		p_err("cannot read actions_logged to put it back: it may still hold 'log'");
		return EXIT_ERROR;
	}
	if (now != run->with_log) {
		set_text(&run->v, now, ' ', val, sizeof(val));
		p_warn("actions_logged was changed by another writer during the run (now '%s'): left as it is", val);
		return 0;
	}
	if (write_verified(run, run->with_log, run->old, "--enable-log, after the run") == EXIT_ERROR) {
		set_text(&run->v, run->old, ' ', val, sizeof(val));
		p_err("actions_logged still holds 'log': put it back with 'seccompctl set %s'", val);
		return EXIT_ERROR;
	}
	return 0;
}

/* --- set-up ------------------------------------------------------------------------- */

static int check_logged(struct run *run)
{
	int r, log = vocab_index(&run->v, "log", 3);
	char now[512];

	if (log < 0) {
		p_err("this kernel has no 'log' action (actions_avail): record needs SECCOMP_RET_LOG (Linux 4.14)");
		return EXIT_ERROR;
	}
	if ((r = load_logged(&run->v, &run->old)))
		return r;
	run->log_was_on = run->old & (1U << log);
	run->with_log = run->old | (1U << log);
	if (run->log_was_on)
		return 0;
	if (!opt_enable_log) {
		set_text(&run->v, run->old, ' ', now, sizeof(now));
		p_err("'log' is not in kernel.seccomp.actions_logged (now: %s): the kernel would log none of the "
		      "command's calls; add --enable-log to add it for the run, or run 'seccompctl enable log'", now);
		return EXIT_ERROR;
	}
	return 0;
}

static int open_readers(struct run *run)
{
	int r, rcvbuf;

	if ((r = read_opts_rcvbuf(&ro, &rcvbuf)))
		return r;
	if (!rcvbuf)
		rcvbuf = AUDIT_READER_RCVBUF_DEFAULT;	/* the process events' socket too */
	if (ns_is_initial("net") == 0) {
		p_err("record must run in the initial network namespace: the kernel sends audit records only there");
		return EXIT_ERROR;
	}
	run->lost_known = audit_get_state(&run->before) == 0;
	vwrite_open(&run->vw, &run->v, rcvbuf);
	if (run->vw.sub_err == -EPERM) {
		p_err("cannot read audit records: record needs CAP_AUDIT_READ (run it as root)");
		return EXIT_ERROR;
	}
	if (run->vw.sub_err < 0) {
		p_err("cannot subscribe to audit records: %s", strerror(-run->vw.sub_err));
		return EXIT_ERROR;
	}
	r = procconn_open(&run->pcn, rcvbuf);
	if (r == -EPERM) {
		p_err("cannot follow the command's processes: the kernel's process events need CAP_NET_ADMIN "
		      "(run it as root)");
		return EXIT_ERROR;
	}
	if (r < 0) {
		p_err("cannot follow the command's processes (the proc connector, CONFIG_PROC_EVENTS): %s",
		      strerror(-r));
		return EXIT_ERROR;
	}
	if (!run->lost_known)
		p_warn("cannot read the kernel's lost counter (AUDIT_GET needs CAP_AUDIT_CONTROL): "
		       "records the kernel drops would go unnoticed");
	return 0;
}

static int start(struct run *run, const char *const *argv)
{
	struct child_fail f;
	char path[4096];
	int errpipe[2], gopipe[2], r;
	sigset_t mask;
	ssize_t n;

	if ((r = find_program(argv[0], path, sizeof(path))) < 0) {
		p_err("%s: %s", argv[0], r == -ENOENT ? "command not found" : strerror(-r));
		return r == -ENOENT ? 127 : 126;
	}
	if (!opt_user && geteuid() == 0 && getenv("SUDO_USER") && getenv("SUDO_UID") && strcmp(getenv("SUDO_UID"), "0"))
		p_note("%s runs as root, with every capability and root's environment (seccompctl runs under sudo); "
		       "--user=%s runs it as %s", argv[0], getenv("SUDO_USER"), getenv("SUDO_USER"));
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	for (const int *s = forwarded; *s; s++)
		sigaddset(&mask, *s);
	if (sigprocmask(SIG_BLOCK, &mask, &run->oldmask) < 0 ||
	    (run->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK)) < 0) {
		p_err("cannot take signals: %s", strerror(errno));
		return EXIT_ERROR;
	}
	if (pipe2(gopipe, O_CLOEXEC) < 0) {
		p_err("cannot make a pipe: %s", strerror(errno));
		return EXIT_ERROR;
	}
	/* the marker first: its pid is known before any fork event of the command */
	run->marker = fork();
	if (run->marker < 0) {
		p_err("cannot fork: %s", strerror(errno));
		return EXIT_ERROR;
	}
	if (run->marker == 0)
		marker_run(gopipe[0], gopipe[1], &run->oldmask);
	close(gopipe[0]);
	run->marker_go = gopipe[1];
	if (pidtree_init(&run->tree, getpid(), run->marker) < 0) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	/* after the marker's fork: its copy of the write end would hold the pipe open */
	if (pipe2(errpipe, O_CLOEXEC) < 0) {
		p_err("cannot make a pipe: %s", strerror(errno));
		return EXIT_ERROR;
	}
	run->child = fork();
	if (run->child < 0) {
		p_err("cannot fork: %s", strerror(errno));
		return EXIT_ERROR;
	}
	if (run->child == 0)
		child_exec(path, (char *const *)argv, errpipe[1], &run->oldmask, opt_user ? &run->cred : NULL);
	close(errpipe[1]);
	if (pidtree_add(&run->tree, run->child) < 0) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	/* EOF: the exec happened (the pipe closes on exec) */
	while ((n = read(errpipe[0], &f, sizeof(f))) < 0 && errno == EINTR)
		;
	close(errpipe[0]);
	if (n == (ssize_t)sizeof(f)) {
		waitpid(run->child, &run->status, 0);
		run->reaped = true;
		if (f.step == STEP_USER)
			p_err("cannot become %s (uid %u) in the command's process: %s", run->cred.name,
			      (unsigned)run->cred.uid, strerror(-f.err));
		else if (f.step == STEP_FILTER)
			p_err("cannot load the logging filter in the command's process: %s", strerror(-f.err));
		else
			p_err("cannot run %s: %s", path, strerror(-f.err));
		return f.step == STEP_EXEC && f.err == -ENOENT ? 127 : 126;
	}
	return 0;
}

/* --- the run ------------------------------------------------------------------------ */

static int follow(struct run *run)
{
	struct pollfd fds[3] = {
		{ .fd = audit_reader_fd(&run->vw.rd), .events = POLLIN },
		{ .fd = procconn_fd(&run->pcn), .events = POLLIN },
		{ .fd = run->sigfd, .events = POLLIN },
	};
	int64_t quiet_since = 0;
	bool marker_started = false;
	int r;

	for (;;) {
		if (fds[1].revents & POLLIN && procconn_drain(&run->pcn, &tree_fns, &run->tree) < 0)
			return -EIO;
		if (fds[0].revents & POLLIN) {
			if ((r = drain_records(run)) < 0)
				return r;
			quiet_since = monotonic_ms();
		}
		if (fds[2].revents & POLLIN)
			on_signal(run);
		if (run->reaped && !marker_started) {
			/* everything the command did is queued before the marker's record */
			if (write(run->marker_go, "g", 1) != 1)
				return -errno;
			marker_started = true;
			quiet_since = monotonic_ms();
		}
		if (run->marker_seen)
			return 0;
		if (marker_started && monotonic_ms() - quiet_since > (int64_t)(opt_settle * 1000))
			return -ETIMEDOUT;
		if (poll(fds, 3, marker_started ? 200 : -1) < 0 && errno != EINTR)
			return -errno;
	}
}

/* What the others who listen to audit will have kept of the run. */
static void say_receivers(const struct run *run)
{
	const struct route *rt = &run->route;
	unsigned long long n = (unsigned long long)run->ours;

	if (route_auditd(rt))
		p_info("auditd (pid %u) stored these %llu records too%s%s", rt->audit.pid, n,
		       rt->auditd_log[0] ? ", in " : "", rt->auditd_log);
	if (rt->journald_pid && rt->journald_reads_audit == 1)
		p_info("journald (pid %d) reads audit: the journal got these %llu records too (a flood of them "
		       "can stop journald reading audit: see 'seccompctl status')", (int)rt->journald_pid, n);
	if (!route_auditd(rt))
		p_info("no auditd: the kernel printed these %llu records to its log too, as far as "
		       "kernel.printk_ratelimit let it", n);
}

static int finish(struct run *run, int follow_err)
{
	bool incomplete = false;
	char why[256];
	int r;

	if (follow_err == -ETIMEDOUT) {
		p_warn("the marker's record did not arrive within %.0f s of silence: the last records may be missing",
		       opt_settle);
		incomplete = true;
	} else if (follow_err < 0) {
		p_err("reading records failed: %s", strerror(-follow_err));
		incomplete = true;
	}
	if (run->vw.rd.truncated) {
		p_warn("%s", lost_sentence("truncated", run->vw.rd.truncated, 1, why, sizeof(why)));
		incomplete = true;
	}
	if (run->vw.rd.overruns) {
		p_warn("%s", lost_sentence("overrun", 0, run->vw.rd.overruns, why, sizeof(why)));
		incomplete = true;
	}
	if (run->lost_known && audit_get_state(&run->after) == 0 && run->after.lost != run->before.lost) {
		p_warn("the kernel lost %u audit records during the run (backlog limit, rate limit or a "
		       "full hold queue): some may have been the command's", run->after.lost - run->before.lost);
		incomplete = true;
	} else if (!run->lost_known) {
		incomplete = true;
	}
	if (run->pcn.overruns) {
		p_warn("%s", lost_sentence("proc_events", 0, run->pcn.overruns, why, sizeof(why)));
		incomplete = true;
	}
	if (run->tree.err) {
		p_warn("out of memory following the command's processes: records of those it started may be missing");
		incomplete = true;
	}
	if (run->tree.reused) {
		p_warn("%llu pids of the command's ended processes went to other processes during the run: "
		       "their last records may be missing", (unsigned long long)run->tree.reused);
		incomplete = true;
	}
	if (run->log_turned_off) {
		p_warn("another writer took 'log' out of actions_logged during the run: calls after it were not logged");
		incomplete = true;
	}
	if (run->p.err) {
		p_err("out of memory building the profile");
		return EXIT_ERROR;
	}
	if ((r = pidtree_alive(&run->tree)) > 0)
		p_warn("%d processes the command started were still running when it ended: calls they make "
		       "after now are not in the profile", r);
	if (incomplete)
		run->p.lost_reports++;
	return incomplete ? EXIT_UNVERIFIED : 0;
}

static void render_summary(struct out *o, const struct run *run, const char *const *argv, bool complete)
{
	size_t i;

	pr_obj_open(o, NULL);
	pr_arr_open(o, "command");
	for (i = 0; argv[i]; i++)
		pr_bytes(o, PR_JSON, NULL, NULL, argv[i], strlen(argv[i]));
	pr_arr_close(o);
	pr_int(o, PR_JSON, "pid", NULL, run->child);
	if (WIFEXITED(run->status)) {
		pr_int(o, PR_JSON, "exit_status", NULL, WEXITSTATUS(run->status));
		pr_null(o, PR_JSON, "signal", NULL);
	} else {
		pr_null(o, PR_JSON, "exit_status", NULL);
		pr_str(o, PR_JSON, "signal", NULL, sigabbrev_np(WTERMSIG(run->status)));
	}
	pr_uint(o, PR_JSON, "records", NULL, run->ours);
	pr_uint(o, PR_JSON, "syscalls", NULL, run->p.n);
	pr_uint(o, PR_JSON, "processes", NULL, run->tree.n);
	pr_uint(o, PR_JSON, "other_records", NULL, run->foreign);
	pr_uint(o, PR_JSON, "overruns", NULL, run->vw.rd.overruns);
	if (run->lost_known)
		pr_uint(o, PR_JSON, "kernel_lost", NULL, run->after.lost - run->before.lost);
	else
		pr_null(o, PR_JSON, "kernel_lost", NULL);
	pr_bool(o, PR_JSON, "complete", NULL, complete);
	pr_str(o, PR_JSON, "profile", NULL, pc.output);
	pr_bool(o, PR_JSON, "enabled_log", NULL, run->enabled);
	if (run->enabled)
		pr_bool(o, PR_JSON, "log_changes_verified", NULL, run->verified == 2);
	else
		pr_null(o, PR_JSON, "log_changes_verified", NULL);
	/* who else kept a copy of every record of the run */
	pr_arr_open(o, "also_stored_by");
	if (route_auditd(&run->route))
		pr_str(o, PR_JSON, NULL, NULL, "auditd");
	if (run->route.journald_pid && run->route.journald_reads_audit == 1)
		pr_str(o, PR_JSON, NULL, NULL, "journald");
	if (!route_auditd(&run->route))
		pr_str(o, PR_JSON, NULL, NULL, "kernel_log");
	pr_arr_close(o);
	pr_str(o, PR_JSON, "auditd_log", NULL,
	       route_auditd(&run->route) && run->route.auditd_log[0] ? run->route.auditd_log : NULL);
	pr_obj_close(o);
	pr_end(o);
}

/* Everything before the command starts: options, the readers, the profile,
 * log in actions_logged. 0 or an exit code. */
static int prepare(struct run *run)
{
	int r;

	if (opt_user && (r = user_cred_lookup(opt_user, &run->cred)) < 0) {
		p_err("--user=%s: %s", opt_user, r == -ENOENT ? "no such user" : r == -E2BIG ?
		      "more groups than seccompctl can give a process (256)" : strerror(-r));
		return r == -ENOENT ? EXIT_USAGE : EXIT_ERROR;
	}
	if ((r = profile_cli_setup(&pc, &run->popts, &run->base)))
		return r;
	run->popts.source = "audit netlink (seccompctl record)";
	if ((r = load_vocab(&run->v)) || (r = check_logged(run)) || (r = open_readers(run)))
		return r;
	if (profile_init(&run->p) < 0 || assembler_init(&run->a, SOURCE_NETLINK, on_event, run) < 0 ||
	    !(run->mem = out_new(-1, 1 << 16, true, true))) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	route_gather(&run->route);
	if (opt_enable_log && !run->log_was_on) {
		if (write_verified(run, run->old, run->with_log, "--enable-log") == EXIT_ERROR)
			return EXIT_ERROR;
		run->enabled = true;
	}
	return 0;
}

/* The command started: follow it to its end, confined, and judge. 0, 3
 * (incomplete) or 1. */
static int follow_command(struct run *run)
{
	int keep[4] = { CAP_KILL, CAP_AUDIT_CONTROL, -1, -1 };
	int r;

	/* reap, signal and write: nothing else from here on. CAP_KILL: the
	 * command may have changed its user; CAP_AUDIT_CONTROL: the lost
	 * counter; CAP_SYS_ADMIN: actions_logged back */
	if (run->enabled)
		keep[2] = CAP_SYS_ADMIN;
	sandbox_enter(SANDBOX_RECORD, keep);
	r = follow(run);
	if (!run->reaped) {
		waitpid(run->child, &run->status, 0);
		run->reaped = true;
	}
	return finish(run, r);
}

/* The profile, built whole in memory, into its file or to standard output. */
static int write_profile(struct run *run)
{
	char why[FILE_WHY_MAX];
	const char *data;
	size_t len;
	int r = profile_cli_write(&pc, &run->popts, &run->p, run->mem);

	if (r == EXIT_ERROR)
		return r;
	if (run->mem->err) {
		p_err("cannot build the profile: %s", strerror(-run->mem->err));
		return EXIT_ERROR;
	}
	if (pc.output && (r = out_save(run->mem, pc.output, 0644, why, sizeof(why))) < 0) {
		p_err("cannot write %s: %s", pc.output, why);
		return EXIT_ERROR;
	}
	if (!pc.output) {
		data = out_data(run->mem, &len);
		out_put(out_stdout(), data, len);
	}
	return 0;
}

/* What the run says at its end, and its exit status: the command's own,
 * unless the profile is incomplete (3). */
static int report(struct run *run, const char *const *argv, int r)
{
	say_receivers(run);
	p_info("%s: %llu records of %zu process%s, %zu system calls%s%s", argv[0], (unsigned long long)run->ours,
	       run->tree.n, run->tree.n == 1 ? "" : "es", run->p.n, pc.output ? "; profile in " : "",
	       pc.output ? pc.output : "");
	if (pc.output)
		render_summary(out_stdout(), run, argv, r == 0);
	if (r == EXIT_UNVERIFIED) {
		p_warn("the profile is incomplete: records were lost during the run (see above); run it again");
		return r;
	}
	if (run->unverified) {
		p_warn("a change --enable-log made to actions_logged is not proven by the kernel's record (see above): "
		       "exit 3, as set's would");
		return EXIT_UNVERIFIED;
	}
	return WIFEXITED(run->status) ? WEXITSTATUS(run->status) : 128 + WTERMSIG(run->status);
}

/* Whatever was made, on every path: no child is left unreaped. */
static void run_close(struct run *run)
{
	if (run->sigfd >= 0)
		close(run->sigfd);
	if (run->marker > 0) {
		if (run->marker_go >= 0)
			close(run->marker_go);	/* a marker not started ends on EOF */
		waitpid(run->marker, NULL, 0);
	}
	if (run->child > 0 && !run->reaped)
		waitpid(run->child, &run->status, 0);
	assembler_free(&run->a);
	profile_free(&run->p);
	pidtree_free(&run->tree);
	procconn_close(&run->pcn);
	vwrite_close(&run->vw);
	out_free(run->mem);
	oci_profile_free(&run->base);
}

static int run_record(int argc, const char *const *argv)
{
	static struct run run;
	bool ran = false;
	int r;

	memset(&run, 0, sizeof(run));
	run.sigfd = run.marker_go = -1;
	if (argc < 1) {
		p_err("record needs a command to run: seccompctl record [OPTIONS] -- CMD [ARGS...]");
		return EXIT_USAGE;
	}
	if (!(r = prepare(&run)) && !(r = start(&run, argv))) {
		r = follow_command(&run);
		ran = true;
	}
	/* --enable-log's change goes back whatever happened since */
	if (restore_logged(&run) == EXIT_ERROR)
		r = EXIT_ERROR;
	if (ran && r != EXIT_ERROR)
		r = write_profile(&run) ? EXIT_ERROR : report(&run, argv, r);
	run_close(&run);
	return r;
}

const struct cmd cmd_record = {
	.name = "record",
	.args = "CMD [ARGS...]",
	.summary = "run a command under a filter that logs every call, and write the profile it needs",
	.min_args = 1,
	.max_args = -1,
	.posix_args = true,
	.exit_note = "record: the command's own exit status (126: it could not be run, 127: not found, "
		     "128+N: killed by signal N), unless the profile could not be made (1), or is incomplete "
		     "because records were lost, or a change --enable-log made is not proven by its record (3)",
	.opts = record_opts,
	.run = run_record,
};
