// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail: every seccomp record, from audit netlink, the journal or audit.log, interpreted. */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auditnl.h"
#include "cli.h"
#include "commands.h"
#include "common.h"
#include "event.h"
#include "evqueue.h"
#include "filter.h"
#include "interpret.h"
#include "journal.h"
#include "log.h"
#include "logfile.h"
#include "ns.h"
#include "output.h"
#include "procfs.h"
#include "sandbox.h"
#include "tail-output.h"
#include "timeparse.h"

static const char *opt_source = "auto", *opt_lines, *opt_output, *opt_since, *opt_until;
static const char *opt_pid, *opt_uid, *opt_comm, *opt_exe, *opt_syscall, *opt_action, *opt_arch;
static const char *opt_rcvbuf, *opt_directory, *opt_boot;
static struct cli_list opt_files;
static bool opt_follow, opt_all, opt_numeric, opt_summary;

static const struct cli_opt tail_opts[] = {
	{ "source", 0, OPT_STRING, &opt_source, "SOURCE", "auto, netlink, journal or file (default auto)" },
	{ "file", 0, OPT_STRING_LIST, &opt_files, "PATH",
	  "read this audit log, or journal file (*.journal) (repeatable; - is standard input)" },
	{ "directory", 'D', OPT_STRING, &opt_directory, "DIR", "read the journal files in DIR" },
	{ "boot", 'b', OPT_OPTIONAL_PATH, &opt_boot, "ID",
	  "journal: only this boot (alone: the current one; 'all': every boot)", "current" },
	{ "all", 0, OPT_FLAG, &opt_all, NULL, "also read the rotated logs (PATH.N ... PATH.1), oldest first" },
	{ "lines", 'n', OPT_STRING, &opt_lines, "N",
	  "show the last N events (default 10; 'all'); with netlink, stop after N" },
	{ "follow", 'f', OPT_FLAG, &opt_follow, NULL, "keep reading new records, across log rotation" },
	{ "since", 0, OPT_STRING, &opt_since, "TIME", "events at or after TIME" },
	{ "until", 0, OPT_STRING, &opt_until, "TIME", "events before TIME" },
	{ "pid", 0, OPT_STRING, &opt_pid, "PID", "only this process" },
	{ "uid", 0, OPT_STRING, &opt_uid, "UID", "only this user (name or number)" },
	{ "comm", 0, OPT_STRING, &opt_comm, "PATTERN", "only process names matching (glob)" },
	{ "exe", 0, OPT_STRING, &opt_exe, "PATTERN", "only executables matching (glob)" },
	{ "syscall", 0, OPT_STRING, &opt_syscall, "NAME", "only this system call (name or number)" },
	{ "action", 0, OPT_STRING, &opt_action, "ACTIONS", "only these actions (comma separated)" },
	{ "arch", 0, OPT_STRING, &opt_arch, "ARCH", "only this architecture (x86_64, i386, aarch64, or hex)" },
	{ "output", 'o', OPT_STRING, &opt_output, "FORMAT", "short, json, ecs or raw (default short)" },
	{ "numeric", 0, OPT_FLAG, &opt_numeric, NULL, "do not turn user and group ids into names" },
	{ "summary", 0, OPT_FLAG, &opt_summary, NULL,
	  "at the end, counts per exe, syscall and action, most frequent first" },
	{ "rcvbuf", 0, OPT_STRING, &opt_rcvbuf, "BYTES", "netlink receive buffer (default 32 MiB)" },
	{ NULL }
};

static volatile sig_atomic_t stop;
/* every line of output goes through the writer thread, in order */
static struct evqueue *evq;

static void on_stop(int sig)
{
	stop = 1;
}

struct ring {
	char **items;
	size_t cap, next, n;
};

struct tail {
	struct event_filter filter;
	enum tail_format fmt;
	struct summary *summary;
	struct ring ring;	/* the last N events' records, while reading history */
	bool ring_mode;
	long long limit;	/* -1: all */
	uint64_t shown, matched;
	enum event_source source;
	uint64_t bad_lines, overlong, bad_entries;	/* summarised once at the end */
};

static void ring_push(struct ring *r, const char *raw, size_t len)
{
	char *copy = malloc(len + 1);

	if (!copy)
		return;
	memcpy(copy, raw, len);
	copy[len] = '\0';
	free(r->items[r->next]);
	r->items[r->next] = copy;
	r->next = (r->next + 1) % r->cap;
	if (r->n < r->cap)
		r->n++;
}

static void show(struct tail *t, struct event *e)
{
	/* -n N: never more than N (netlink: what is still held when the Nth is
	 * shown; file: -n 0, only the summary) */
	if (t->limit >= 0 && t->shown >= (uint64_t)t->limit)
		return;
	evq_push(evq, e);
	t->shown++;
	if (t->source == SOURCE_NETLINK && t->limit >= 0 && t->shown >= (uint64_t)t->limit)
		stop = 1;
}

static void on_event(struct event *e, void *data)
{
	struct tail *t = data;

	if (!filter_match(&t->filter, e))
		return;
	t->matched++;
	if (t->summary)
		summary_add(t->summary, e);
	if (t->ring_mode)
		ring_push(&t->ring, e->raw, e->raw_len);
	else
		show(t, e);
}

static void replay_cb(struct event *e, void *data)
{
	struct tail *t = data;

	e->source = t->source;
	show(t, e);
}

/* Print what the ring kept: its records parse like audit.log lines. */
static void ring_replay(struct tail *t)
{
	struct assembler a;
	struct audit_record r;
	const char *p, *nl;
	size_t i, idx;

	assembler_init(&a, replay_cb, t);
	for (i = 0; i < t->ring.n; i++) {
		idx = (t->ring.next + t->ring.cap - t->ring.n + i) % t->ring.cap;
		for (p = t->ring.items[idx]; *p; p = *nl ? nl + 1 : nl) {
			nl = strchr(p, '\n');
			if (!nl)
				nl = p + strlen(p);
			if (record_parse_line(p, (size_t)(nl - p), &r) == 0)
				assembler_feed(&a, t->source, &r, p, (size_t)(nl - p));
		}
		assembler_flush(&a);
		free(t->ring.items[idx]);
		t->ring.items[idx] = NULL;
	}
	t->ring.n = 0;
	t->ring_mode = false;
}

/* --- netlink ---------------------------------------------------------------------- */

struct nl_ctx {
	struct tail *t;
	struct assembler *a;
	struct audit_reader *rd;
	uint64_t overruns_seen;
};

static void check_overruns(struct nl_ctx *c)
{
	if (c->rd->overruns == c->overruns_seen)
		return;
	p_warn("the audit socket overran: records were lost (%llu overruns so far); "
	       "a larger --rcvbuf helps", (unsigned long long)c->rd->overruns);
	c->overruns_seen = c->rd->overruns;
	evq_push_lost(evq, c->rd->overruns);
}

static int nl_record(uint32_t type, const char *payload, size_t len, void *data)
{
	struct nl_ctx *c = data;
	struct audit_record r;

	check_overruns(c);
	if (record_parse_payload(type, payload, len, &r) == 0)
		assembler_feed(c->a, SOURCE_NETLINK, &r, NULL, 0);
	return stop ? 1 : 0;
}

static int tail_netlink(struct tail *t, struct assembler *a)
{
	struct audit_reader rd;
	struct audit_state before, after;
	struct nl_ctx c = { .t = t, .a = a, .rd = &rd };
	bool have_before = audit_get_state(&before) == 0;
	long rcvbuf = AUDIT_READER_RCVBUF_DEFAULT;
	char *end;
	int r;

	if (opt_rcvbuf) {
		errno = 0;
		rcvbuf = strtol(opt_rcvbuf, &end, 10);
		if (errno || *end || rcvbuf < 4096 || rcvbuf > (1L << 30)) {
			p_err("--rcvbuf wants bytes from 4096 to 1073741824, not '%s'", opt_rcvbuf);
			return EXIT_USAGE;
		}
	}
	r = audit_reader_open(&rd, (int)rcvbuf);
	if (r == -EPERM) {
		p_err("cannot read audit records from netlink: this process lacks CAP_AUDIT_READ "
		      "(run as root, or read the log with --source=file)");
		return EXIT_ERROR;
	}
	if (r < 0) {
		p_err("cannot subscribe to audit records: %s", strerror(-r));
		return EXIT_ERROR;
	}
	if (ns_is_initial("net") == 0) {
		p_err("this process is not in the initial network namespace: the kernel sends audit "
		      "records only there, so none would arrive");
		audit_reader_close(&rd);
		return EXIT_ERROR;
	}
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_AUDIT_CONTROL);
	if (rd.rcvbuf < rcvbuf)
		p_warn("receive buffer is %d bytes, not the %ld asked (needs CAP_NET_ADMIN)", rd.rcvbuf, rcvbuf);
	while (!stop) {
		r = audit_reader_run(&rd, monotonic_ms() + 100, nl_record, &c);
		if (r == -EINTR)
			continue;
		if (r < 0) {
			p_err("reading audit records failed: %s", strerror(-r));
			break;
		}
		if (r == 0) {
			/* quiet for a moment: show what is held, and flush */
			assembler_flush(a);
			check_overruns(&c);
			evq_flush(evq);
		}
	}
	assembler_flush(a);
	check_overruns(&c);
	if (have_before && audit_get_state(&after) == 0 && after.lost > before.lost)
		p_warn("the kernel's lost counter rose by %u while reading (backlog or rate limit): "
		       "those records reached no one", after.lost - before.lost);
	audit_reader_close(&rd);
	return r < 0 && r != -EINTR ? EXIT_ERROR : EXIT_DONE;
}

/* --- journal ---------------------------------------------------------------------- */

static void feed_journal(struct journal_src *j, struct assembler *a, int *err)
{
	struct audit_record r;
	int n = 0;

	while (!stop && (n = journal_next(j, &r)) > 0)
		assembler_feed(a, SOURCE_JOURNAL, &r, NULL, 0);
	if (!stop && n < 0)
		*err = n;
}

static pid_t journald_pid(void)
{
	pid_t pids[2];
	size_t n;

	return proc_find_comm("/proc", "systemd-journal", pids, 2, &n) == 0 && n ? pids[0] : 0;
}

static int tail_journal(struct tail *t, struct assembler *a)
{
	struct journal_src *j;
	pid_t journald, now;
	unsigned ticks = 0;
	int r, err = 0;

	r = journal_open(&j, JOURNAL_SECCOMP, opt_directory, opt_files.items, opt_files.n, opt_boot);
	if (r == -EINVAL && opt_boot) {
		p_err("--boot wants a boot id (32 hex digits), 'current' or 'all', not '%s'", opt_boot);
		return EXIT_USAGE;
	}
	if (r < 0) {
		p_err("cannot open the journal%s%s: %s", opt_directory ? " in " : "",
		      opt_directory ? opt_directory : "", strerror(-r));
		return EXIT_ERROR;
	}
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_NONE);
	r = journal_seek(j, t->filter.time.since_set ? t->filter.time.since_ms : -1);
	if (r < 0) {
		p_err("cannot seek in the journal: %s", strerror(-r));
		journal_close(j);
		return EXIT_ERROR;
	}
	feed_journal(j, a, &err);
	assembler_flush(a);
	if (t->ring_mode)
		ring_replay(t);
	t->limit = -1;
	evq_flush(evq);
	journald = journald_pid();
	while (!err && opt_follow && !stop) {
		if (++ticks % 10 == 0 && (now = journald_pid()) != journald) {
			if (!now)
				p_note("systemd-journald (pid %d) stopped: no new record until it runs again", (int)journald);
			else if (!journald)
				p_note("systemd-journald runs again (pid %d): reading on", (int)now);
			else
				p_note("systemd-journald restarted (pid %d, was %d): reading on", (int)now, (int)journald);
			journald = now;
		}
		r = journal_wait(j, 200);
		if (r < 0 && r != -EINTR) {
			err = r;
			break;
		}
		feed_journal(j, a, &err);
		assembler_flush(a);
		evq_flush(evq);
	}
	if (err)
		p_err("reading the journal failed: %s", strerror(-err));
	t->bad_entries += journal_skipped(j);
	journal_close(j);
	return err ? EXIT_ERROR : EXIT_DONE;
}

/* --- files ------------------------------------------------------------------------ */

/* auditd's own records in the log it writes: worth saying while following */
static void daemon_note(const struct audit_record *r)
{
	switch (r->type) {
	case AUDIT_TYPE_DAEMON_START:
		p_note("auditd started: it writes this log again");
		break;
	case AUDIT_TYPE_DAEMON_END:
		p_note("auditd stopped: no new record reaches this log until it starts again");
		break;
	case AUDIT_TYPE_DAEMON_ABORT:
		p_note("auditd aborted: no new record reaches this log until it starts again");
		break;
	}
}

static int feed_lines(struct logfile *lf, struct assembler *a, uint64_t *bad, bool following)
{
	struct audit_record r;
	const char *line;
	size_t len;
	int n = 0;

	while (!stop && (n = logfile_next(lf, &line, &len)) > 0) {
		if (record_parse_line(line, len, &r) < 0) {
			if (len)
				(*bad)++;
			continue;
		}
		if (following)
			daemon_note(&r);
		assembler_feed(a, SOURCE_FILE, &r, line, len);
	}
	return stop ? 0 : n;
}

static int tail_file(struct tail *t, struct assembler *a, const char *const *paths, size_t n)
{
	struct logfile lf;
	uint64_t bad = 0, rot = 0, trunc = 0;
	int r;

	r = logfile_open(&lf, paths, n, opt_follow);
	if (r < 0) {
		p_err("cannot read %s: %s%s", logfile_path(&lf) ? logfile_path(&lf) : paths[0], strerror(-r),
		      r == -EACCES ? " (audit logs are readable by root and group adm)" : "");
		logfile_close(&lf);
		return EXIT_ERROR;
	}
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_NONE);
	r = feed_lines(&lf, a, &bad, false);
	assembler_flush(a);
	if (t->ring_mode)
		ring_replay(t);
	/* following: from here on every new event is shown */
	t->limit = -1;
	evq_flush(evq);
	while (r >= 0 && opt_follow && !stop) {
		r = logfile_wait(&lf, 200);
		if (r < 0)
			break;
		if (lf.rotations != rot) {
			p_note("%s was rotated: reading the new file", logfile_path(&lf));
			rot = lf.rotations;
		}
		if (lf.truncations != trunc) {
			p_note("%s was truncated: reading it from the start", logfile_path(&lf));
			trunc = lf.truncations;
		}
		r = feed_lines(&lf, a, &bad, true);
		assembler_flush(a);
		evq_flush(evq);
	}
	if (r < 0 && r != -EINTR)
		p_err("reading %s failed: %s", logfile_path(&lf), strerror(-r));
	t->bad_lines += bad;
	t->overlong += lf.overlong;
	logfile_close(&lf);
	return r < 0 && r != -EINTR ? EXIT_ERROR : EXIT_DONE;
}

/* --- options ---------------------------------------------------------------------- */

static int parse_id(const char *what, const char *s, int64_t *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || *end || end == s || x < 0 || x > 4294967295LL) {
		p_err("--%s wants a number, not '%s'", what, s);
		return -EINVAL;
	}
	*v = x;
	return 0;
}

static int setup(struct tail *t)
{
	char bad[64];
	char *end;

	t->fmt = g_opts.json ? TAIL_JSON : TAIL_SHORT;
	if (opt_output && tail_format_from_name(opt_output, &t->fmt) < 0) {
		p_err("-o wants short, json, ecs or raw, not '%s'", opt_output);
		return -EINVAL;
	}
	t->limit = 10;
	if (opt_lines && strcmp(opt_lines, "all") == 0) {
		t->limit = -1;
	} else if (opt_lines) {
		errno = 0;
		t->limit = strtoll(opt_lines, &end, 10);
		if (errno || *end || end == opt_lines || t->limit < 0) {
			p_err("-n wants a number or 'all', not '%s'", opt_lines);
			return -EINVAL;
		}
	}
	if (opt_pid && parse_id("pid", opt_pid, &t->filter.pid) < 0)
		return -EINVAL;
	t->filter.pid_set = opt_pid;
	if (opt_uid) {
		const char *digits = opt_uid + strspn(opt_uid, "0123456789");
		struct passwd *pw;

		if (!*digits) {
			if (parse_id("uid", opt_uid, &t->filter.uid) < 0)
				return -EINVAL;
		} else if ((pw = getpwnam(opt_uid))) {
			t->filter.uid = pw->pw_uid;
		} else {
			p_err("--uid: no user '%s'", opt_uid);
			return -EINVAL;
		}
		t->filter.uid_set = true;
	}
	t->filter.comm = opt_comm;
	t->filter.exe = opt_exe;
	if (opt_syscall) {
		t->filter.syscall_set = true;
		if (opt_syscall[strspn(opt_syscall, "0123456789")]) {
			t->filter.syscall_name = opt_syscall;
		} else if (parse_id("syscall", opt_syscall, &t->filter.syscall_nr) < 0) {
			return -EINVAL;
		}
	}
	if (opt_action && filter_actions(&t->filter, opt_action, bad, sizeof(bad)) < 0) {
		p_err("--action: unknown action '%s'", bad);
		return -EINVAL;
	}
	if (opt_arch) {
		if (arch_from_name(opt_arch, &t->filter.arch) < 0) {
			p_err("--arch: unknown architecture '%s'", opt_arch);
			return -EINVAL;
		}
		t->filter.arch_set = true;
	}
	if (parse_window(opt_since, opt_until, realtime_ms(), &t->filter.time))
		return -EINVAL;
	return 0;
}

static void write_item(enum evq_item kind, const struct event *e, uint64_t lost, void *data)
{
	const struct tail *t = data;

	if (kind == EVQ_LOST)
		tail_print_lost(t->fmt, lost);
	else
		tail_print(e, t->fmt, opt_numeric);
}

static int run_tail(int argc, const char *const *argv)
{
	static struct assembler a;
	struct tail t = { 0 };
	struct sigaction sa = { .sa_handler = on_stop };
	char **paths = NULL;
	size_t npaths = 0;
	const char *source = opt_source;
	int r;

	if (setup(&t) < 0)
		return EXIT_USAGE;
	if (strcmp(source, "auto") == 0)
		source = auto_source(&opt_files, opt_directory, opt_boot, true);
	if (strcmp(source, "netlink") == 0) {
		t.source = SOURCE_NETLINK;
		if (!opt_lines)
			t.limit = -1;
	} else if (strcmp(source, "file") == 0) {
		t.source = SOURCE_FILE;
	} else if (strcmp(source, "journal") == 0) {
		t.source = SOURCE_JOURNAL;
	} else {
		p_err("--source wants auto, netlink, journal or file, not '%s'", source);
		return EXIT_USAGE;
	}
	if ((r = journal_only_options(source, opt_directory, opt_boot)))
		return r;

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, NULL, _IOFBF, 1 << 20);
	/* streamed JSON is one object a line, also on a terminal */
	out_setup(t.fmt == TAIL_JSON || t.fmt == TAIL_ECS, false);
	if (opt_summary && !(t.summary = summary_new()))
		return EXIT_ERROR;
	if (t.source != SOURCE_NETLINK && t.limit > 0) {
		t.ring.cap = t.limit ? (size_t)t.limit : 1;
		t.ring.items = calloc(t.ring.cap, sizeof(*t.ring.items));
		if (!t.ring.items)
			return EXIT_ERROR;
		t.ring_mode = t.limit > 0;
	}
	assembler_init(&a, on_event, &t);
	a.keep_raw = t.fmt == TAIL_RAW || t.ring_mode;
	/* what the sandbox would refuse later: name services and the time zone */
	tzset();
	user_name(0);
	group_name(0);
	if (evq_start(&evq, write_item, &t) < 0) {
		p_err("cannot start the output thread");
		return EXIT_ERROR;
	}

	if (t.source == SOURCE_NETLINK) {
		r = tail_netlink(&t, &a);
	} else if (t.source == SOURCE_JOURNAL) {
		r = tail_journal(&t, &a);
	} else {
		if (logfile_list(opt_files.items, opt_files.n, opt_all, &paths, &npaths) < 0)
			return EXIT_ERROR;
		r = tail_file(&t, &a, (const char *const *)paths, npaths);
		logfile_free_paths(paths, npaths);
		if (t.limit == 0)
			t.ring_mode = false;
	}
	if (t.ring_mode)
		ring_replay(&t);
	evq_finish(evq);
	if (t.summary) {
		summary_print(t.summary, t.fmt);
		summary_free(t.summary);
	}
	if (t.bad_lines || t.overlong || t.bad_entries || a.malformed)
		p_warn("skipped %llu lines that are not audit records, %llu longer than %d bytes, "
		       "%llu journal entries without an audit record, %llu SECCOMP records without pid, "
		       "arch, syscall or code", (unsigned long long)t.bad_lines, (unsigned long long)t.overlong,
		       LOGFILE_LINE_MAX, (unsigned long long)t.bad_entries, (unsigned long long)a.malformed);
	free(t.ring.items);
	fflush(stdout);
	return r;
}

const struct cmd cmd_tail = {
	.name = "tail",
	.summary = "show seccomp records, interpreted: from audit netlink (live), the journal or audit.log",
	.max_args = 0,
	.opts = tail_opts,
	.run = run_tail,
};
