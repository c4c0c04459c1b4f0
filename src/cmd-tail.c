// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail: every seccomp record, from audit netlink, the journal or a log, interpreted.
 *
 * One thread, one path: a source hands out records, the assembler makes each
 * SECCOMP record one interpreted event, the filter, the summary, the -n ring
 * and the printers all read that event, and the printers write into one
 * checked output. */
#include <errno.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "common.h"
#include "event.h"
#include "filter.h"
#include "interpret.h"
#include "log.h"
#include "names.h"
#include "output.h"
#include "sandbox.h"
#include "source.h"
#include "tail-output.h"
#include "timeparse.h"

static const char *opt_source = "auto", *opt_lines, *opt_output, *opt_since, *opt_until;
static const char *opt_pid, *opt_uid, *opt_comm, *opt_exe, *opt_syscall, *opt_action, *opt_arch;
static const char *opt_rcvbuf, *opt_directory, *opt_boot;
static struct cli_list opt_files;
static bool opt_follow, opt_all, opt_numeric, opt_summary;

static const struct cli_opt tail_opts[] = {
	{ "source", 0, OPT_STRING, &opt_source, "SOURCE",
	  "auto, netlink, kernel, journal or file (default auto: where this host's records go)" },
	{ "file", 0, OPT_STRING_LIST, &opt_files, "PATH",
	  "read this log (audit.log, dmesg, kern.log, syslog ...) or journal file (*.journal) "
	  "(repeatable; - is standard input)" },
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

static void on_stop(int sig)
{
	stop = 1;
}

/* The last N events while reading history: copies, the array grown as they
 * come, so that -n with a huge N costs only what the log holds. */
struct ring {
	struct event **items;
	size_t cap, start, n, max;
};

struct tail {
	struct out *o;
	struct event_filter filter;
	enum tail_format fmt;
	enum source_kind source;
	struct summary *summary;
	struct ring ring;
	bool ring_mode;		/* reading history with -n N: keep, show at its end */
	bool in_history;	/* what the source held when opened */
	long long limit;	/* -1: all */
	uint64_t shown;
	int err;		/* -ENOMEM keeping events */
	/* losses told while reading history: said once, per cause, when it ends */
	struct held_lost {
		const char *cause;
		uint64_t count, times;
		int64_t last_ms;
	} held[8];
	size_t nheld;
};

static void say_held_lost(struct tail *t);

static int ring_push(struct ring *r, const struct event *e)
{
	struct event *copy = event_dup(e), **more;
	size_t cap, i;

	if (!copy)
		return -ENOMEM;
	if (r->n == r->cap && r->cap < r->max) {
		cap = r->cap ? r->cap * 2 : 64;
		if (cap > r->max)
			cap = r->max;
		more = malloc(cap * sizeof(*more));
		if (!more) {
			free(copy);
			return -ENOMEM;
		}
		for (i = 0; i < r->n; i++)
			more[i] = r->items[(r->start + i) % r->cap];
		free(r->items);
		r->items = more;
		r->start = 0;
		r->cap = cap;
	}
	if (r->n < r->cap) {
		r->items[(r->start + r->n++) % r->cap] = copy;
		return 0;
	}
	free(r->items[r->start]);	/* full: the oldest goes */
	r->items[r->start] = copy;
	r->start = (r->start + 1) % r->cap;
	return 0;
}

static void show(struct tail *t, const struct event *e)
{
	/* -n N: never more than N (netlink: stop once the Nth is shown; history:
	 * -n 0 shows only the summary) */
	if (t->limit >= 0 && t->shown >= (uint64_t)t->limit)
		return;
	tail_print(t->o, e, t->fmt);
	t->shown++;
	if (t->source == SOURCE_NETLINK && t->limit >= 0 && t->shown >= (uint64_t)t->limit)
		stop = 1;
}

static void on_event(struct event *e, void *data)
{
	struct tail *t = data;

	if (!filter_match(&t->filter, e))
		return;
	if (t->summary)
		summary_add(t->summary, e);
	if (!t->ring_mode)
		show(t, e);
	else if (ring_push(&t->ring, e) < 0)
		t->err = -ENOMEM;
}

/* History is read: show what the ring kept, oldest first; from now on every
 * new event is shown. */
static void end_of_history(struct tail *t)
{
	struct ring *r = &t->ring;
	size_t i;

	for (i = 0; i < r->n; i++) {
		struct event *e = r->items[(r->start + i) % r->cap];

		show(t, e);
		free(e);
	}
	free(r->items);
	memset(r, 0, sizeof(*r));
	t->ring_mode = false;
	t->limit = -1;
	t->in_history = false;
	say_held_lost(t);
}

static void on_lost(struct tail *t, const struct source_item *it)
{
	struct held_lost *h;
	size_t i;

	if (!t->in_history || t->nheld == sizeof(t->held) / sizeof(t->held[0])) {
		p_warn("%s", it->why);
		tail_print_lost(t->o, t->fmt, t->source, it);
		return;
	}
	/* history's losses are summed per cause, and told once when it ends */
	for (i = 0; i < t->nheld && strcmp(t->held[i].cause, it->cause); i++)
		;
	h = &t->held[i];
	if (i == t->nheld) {
		t->nheld++;
		memset(h, 0, sizeof(*h));
		h->cause = it->cause;
		h->last_ms = -1;
	}
	h->count += it->lost;
	h->times++;
	if (it->lost_ms > h->last_ms)
		h->last_ms = it->lost_ms;
}

static void say_held_lost(struct tail *t)
{
	struct source_item it = { .kind = ITEM_LOST };
	char why[256];
	size_t i;

	for (i = 0; i < t->nheld; i++) {
		it.cause = t->held[i].cause;
		it.lost = t->held[i].count;
		it.lost_ms = t->held[i].last_ms;
		it.why = lost_sentence(it.cause, it.lost, t->held[i].times, why, sizeof(why));
		on_lost(t, &it);
	}
	t->nheld = 0;
}

/* --- options ---------------------------------------------------------------------- */

static int parse_id(const char *what, const char *s, int64_t *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || *end || end == s || x < 0 || x > 4294967295LL) {
		p_err("--%s wants a number from 0 to 4294967295, not '%s'", what, s);
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
			p_err("-n wants a number from 0 to %lld or 'all', not '%s'", (long long)INT64_MAX, opt_lines);
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

static int source_opts(struct source_opts *so, const struct tail *t)
{
	char *end;
	long rcvbuf = 0;

	memset(so, 0, sizeof(*so));
	if (opt_rcvbuf) {
		errno = 0;
		rcvbuf = strtol(opt_rcvbuf, &end, 10);
		if (errno || *end || rcvbuf < 4096 || rcvbuf > (1L << 30)) {
			p_err("--rcvbuf wants bytes from 4096 to 1073741824, not '%s'", opt_rcvbuf);
			return EXIT_USAGE;
		}
	}
	so->want = WANT_SECCOMP;
	so->files = opt_files.items;
	so->nfiles = opt_files.n;
	so->all = opt_all;
	so->directory = opt_directory;
	so->boot = opt_boot;
	so->follow = opt_follow;
	so->since_ms = t->filter.time.since_set ? t->filter.time.since_ms : -1;
	so->rcvbuf = (int)rcvbuf;
	return 0;
}

/* --- the loop --------------------------------------------------------------------- */

static int run_loop(struct tail *t, struct source *src, struct assembler *a)
{
	struct source_item it;
	bool history = src->kind != SOURCE_NETLINK, follow = opt_follow || src->kind == SOURCE_NETLINK;
	int r = 0;

	while (!stop && !t->err && !t->o->err) {
		r = source_next(src, &it);
		if (r > 0) {
			if (it.kind == ITEM_RECORD)
				assembler_feed(a, &it.rec, it.text, it.text_len);
			else if (it.kind == ITEM_LOST && (it.lost_ms < 0 || window_holds(&t->filter.time, it.lost_ms)))
				on_lost(t, &it);
			else
				p_note("%s: %s", src->where, it.why);
			continue;
		}
		if (r < 0)
			break;
		/* nothing more for now: what is held is whole */
		assembler_flush(a);
		if (history) {
			history = false;
			end_of_history(t);
		}
		if (!follow)
			break;
		/* followers see events at once; a reader that went away ends us */
		if (out_flush(t->o) < 0 || out_peer_gone(t->o))
			break;
		r = source_wait(src, 200);
		if (r < 0)
			break;
	}
	assembler_flush(a);
	if (r < 0 && r != -EINTR) {
		p_err("reading %s failed: %s", src->where, strerror(-r));
		return EXIT_ERROR;
	}
	if (t->err) {
		p_err("out of memory keeping the last %lld events (-n): ask for fewer", t->limit);
		return EXIT_ERROR;
	}
	return EXIT_DONE;
}

static int run_tail(int argc, const char *const *argv)
{
	struct tail t = { .o = out_stdout() };
	struct sigaction sa = { .sa_handler = on_stop };
	struct source_opts so;
	struct source_choice choice;
	struct source *src = NULL;
	struct assembler a;
	struct source_item it;
	int r;

	if (setup(&t) < 0)
		return EXIT_USAGE;
	if ((r = source_opts(&so, &t)))
		return r;
	if ((r = choose_source(opt_source, &opt_files, opt_directory, opt_boot, true, &choice)))
		return r;
	if (choice.source == SOURCE_NETLINK && !opt_lines)
		t.limit = -1;	/* live: every event, until interrupted */
	if ((r = open_source(&choice, &so, &src)))
		return r;
	t.source = src->kind;
	if (opt_summary && !(t.summary = summary_new())) {
		p_err("out of memory");
		source_close(src);
		return EXIT_ERROR;
	}
	if (assembler_init(&a, src->kind, on_event, &t) < 0) {
		p_err("out of memory");
		summary_free(t.summary);
		source_close(src);
		return EXIT_ERROR;
	}
	a.keep_raw = t.fmt == TAIL_RAW;
	a.numeric = opt_numeric;
	if (src->kind != SOURCE_NETLINK && t.limit > 0) {
		t.ring_mode = true;
		t.ring.max = (size_t)t.limit;
	}
	t.in_history = src->kind != SOURCE_NETLINK;
	/* streamed JSON is one object a line, also on a terminal */
	t.o->json = t.fmt == TAIL_JSON || t.fmt == TAIL_ECS;
	t.o->pretty = false;
	t.o->limit = 1 << 20;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* what the sandbox would refuse later: the time zone, a name service */
	tzset();
	if (!opt_numeric && names_start() < 0)
		p_warn("cannot start the name resolver: names come from files only");
	sandbox_enter(SANDBOX_READ, src->kind == SOURCE_NETLINK ? SANDBOX_KEEP_AUDIT_CONTROL : SANDBOX_KEEP_NONE);

	r = run_loop(&t, src, &a);
	if (src->ops->final && src->ops->final(src, &it) > 0)
		on_lost(&t, &it);
	if (t.in_history)
		end_of_history(&t);
	if (t.summary && r == EXIT_DONE && summary_print(t.summary, t.o, t.fmt) < 0)
		r = EXIT_ERROR;
	if (src->skipped || src->overlong || a.malformed)
		p_warn("skipped %llu entries or lines that are not audit records, %llu lines longer than 1 MiB, "
		       "%llu SECCOMP records without pid, syscall or code", (unsigned long long)src->skipped,
		       (unsigned long long)src->overlong, (unsigned long long)a.malformed);
	summary_free(t.summary);
	assembler_free(&a);
	source_close(src);
	return r;
}

const struct cmd cmd_tail = {
	.name = "tail",
	.summary = "show seccomp records, interpreted: from audit netlink (live), audit.log, the journal or the kernel log",
	.max_args = 0,
	.opts = tail_opts,
	.run = run_tail,
};
