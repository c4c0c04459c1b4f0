// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail: every seccomp record, from audit netlink, the journal or a log, interpreted.
 *
 * One thread, one path: a source hands out records, the assembler makes each
 * SECCOMP record one interpreted event, the filter, the summary, the -n ring
 * and the printers all read that event, and the printers write into one
 * checked output. */
#include <errno.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "os/clock.h"
#include "cli.h"
#include "commands.h"
#include "collector.h"
#include "cmdutil.h"
#include "readopts.h"
#include "model/event.h"
#include "model/filter.h"
#include "model/names.h"
#include "os/log.h"
#include "os/usernames.h"
#include "os/workloads.h"
#include "os/output.h"
#include "os/sandbox.h"
#include "os/svcnotify.h"
#include "source/source.h"
#include "tail-prefetch.h"
#include "tail-print.h"
#include "tail-tally.h"
#include "model/timeparse.h"
#include "config.h"
#include "os/sysctl.h"
#include "source/where.h"
#include "model/status.h"
#include "model/metrics.h"
#include "model/unique.h"

static struct read_opts ro = { .source = "auto" };
static const char *opt_lines, *opt_output, *opt_output_file, *opt_cursor_file, *opt_unique, *opt_metrics_file;
static bool opt_follow, opt_numeric, opt_summary;

static const struct cli_opt tail_opts[] = {
	READ_OPTS_SOURCE(ro, "auto, netlink, bpf (every decision that stops or changes a call, logged or not; log and allow let the call run and are not shown), kernel, journal or file", "events"),
	{ "lines", 'n', OPT_STRING, &opt_lines, "N",
	  "show the last N events (default 10; 'all'); with netlink, stop after N" },
	{ "follow", 'f', OPT_FLAG, &opt_follow, NULL, "keep reading new records, across log rotation" },
	READ_OPTS_FILTER(ro),
	{ "output", 'o', OPT_STRING, &opt_output, "FORMAT", "short, json, ecs or raw (default short)" },
	{ "numeric", 0, OPT_FLAG, &opt_numeric, NULL, "do not turn user and group ids into names" },
	{ "summary", 0, OPT_FLAG, &opt_summary, NULL,
	  "at the end, counts per exe, syscall, action and workload, most frequent first" },
	{ "unique", 0, OPT_OPTIONAL_PATH, &opt_unique, "WINDOW",
	  "write an event the first time its exe, arch, syscall and action are seen in WINDOW "
	  "(seconds, or with s, m, h, d, w; alone: 60), and the count of its repeats when the window closes", "60" },
	{ "metrics-file", 0, OPT_STRING, &opt_metrics_file, "PATH",
	  "keep Prometheus metrics in PATH (replaced whole every 5 s), for node_exporter's textfile collector" },
	{ "output-file", 0, OPT_STRING, &opt_output_file, "PATH",
	  "append events to PATH instead of standard output; SIGHUP opens it again (logrotate)" },
	{ "cursor-file", 0, OPT_STRING, &opt_cursor_file, "PATH",
	  "keep the position (and --metrics-file's counters) here, and go on from it when started again: "
	  "each event written once, no counter reset (needs --output-file; -n defaults to all)" },
	READ_OPTS_RCVBUF(ro),
	{ NULL }
};

/* why the loop ends: a signal (what netlink queued for us is read first), or -n's count */
enum { STOP_SIGNAL = 1, STOP_COUNT };
/* how long what is queued at a signal is read: a storm still coming is cut there */
#define STOP_READ_MS 2000

static volatile sig_atomic_t stop, hup;

static void on_stop(int sig)
{
	if (!stop)
		stop = STOP_SIGNAL;
}

static void on_hup(int sig)
{
	hup = 1;
}

/* The last N events while reading history: copies, the array grown as they
 * come, so that -n with a huge N costs only what the log holds. */
struct ring {
	struct event **items;
	size_t cap, start, n, max;
};

struct tail {
	struct out *o;			/* standard output, or the output file */
	struct collector col;		/* --output-file, --cursor-file (open from tail_open on) */
	bool col_open;
	struct out *file_out;
	struct source *src;
	struct assembler a;
	bool a_init;
	struct prefetch pf;		/* settled logs: read ahead by a thread (tail-prefetch.h) */
	bool prefetching;
	bool src_busy;			/* that thread would not stop: the source is its */
	struct workloads wl;
	bool wl_open;
	const struct source_pos *resume;	/* the cursor's position, or NULL */
	struct unique uniq, *unique;	/* --unique, or NULL */
	struct metrics metr, *metrics;	/* --metrics-file, or NULL */
	struct summary summ;
	struct action_vocab vocab;
	struct event_filter filter;
	enum tail_format fmt;
	enum source_kind source;
	struct summary *summary;	/* --summary (&summ), or NULL */
	struct tally_prev tally_prev;	/* the counts the metrics took last (bpf) */
	struct ring ring;
	bool ring_mode;		/* reading history with -n N: keep, show at its end */
	bool in_history;	/* what the source held when opened */
	int64_t began_ms;	/* when it was opened: a follower's history is what came before */
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
	if (source_kind_live(t->source) && t->limit >= 0 && t->shown >= (uint64_t)t->limit)
		stop = STOP_COUNT;
}

static void say_repeats(const struct unique_key *k, void *data)
{
	struct tail *t = data;

	tail_print_repeats(t->o, t->fmt, k, t->unique->window_ms);
}

static void end_of_history(struct tail *t);

static void on_event(struct event *e, void *data)
{
	struct tail *t = data;

	/* following, history is what the kernel logged before tail began: a
	 * record made since is new, shown whatever -n says, though the source
	 * still reads what it held (a journal, a log being written meanwhile) */
	if (t->in_history && opt_follow && !e->time_unknown &&
	    (int64_t)e->sec * 1000 + e->msec + RECORD_CLOCK_SLACK_MS >= t->began_ms)
		end_of_history(t);
	if (!filter_match(&t->filter, e))
		return;
	if (t->summary)
		summary_add(t->summary, e);
	/* a source that counts what it does not hand out (bpf): the metrics
	 * are its counts, added at each write */
	if (t->metrics && !t->src->ops->tally)
		metrics_event(t->metrics, e);
	if (t->unique) {
		int64_t ms = e->time_unknown ? realtime_ms() : (int64_t)e->sec * 1000 + e->msec;

		/* windows this event's time closed are told before it */
		unique_expire(t->unique, ms, say_repeats, t);
		if (!unique_see(t->unique, e, ms))
			return;
	}
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

	if (!t->in_history)
		return;
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

	/* counted when told: history's losses when it ends */
	if (t->metrics && (!t->in_history || t->nheld == sizeof(t->held) / sizeof(t->held[0])))
		metrics_lost(t->metrics, it->cause, it->lost);

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

static int setup(struct tail *t)
{
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
	return read_opts_filter(&ro, &t->filter);
}

/* --metrics-file: the last op=seccomp-logging record's time */
static void change_seen(struct tail *t, const struct audit_record *r)
{
	struct logging_change c;

	if (!r->untrusted && record_logging_change(&t->vocab, r, &c) == 0 && c.res == 1 && !r->time_unknown)
		t->metrics->change_ms = (int64_t)c.sec * 1000 + c.msec;
}

#define METRICS_MS 5000

/* Replaced whole, every METRICS_MS at most (force: now). With a cursor, a
 * checkpoint first: the file never shows more than the cursor holds, so a
 * restart from it never takes a counter back (which Prometheus would read as
 * a reset, and count everything again). 0 or -errno. */
static int write_metrics(struct tail *t, bool force)
{
	struct metrics *m = t->metrics;
	char why[FILE_WHY_MAX];
	struct out *o;
	struct route rt;
	int r;

	if (!m || (!force && realtime_ms() - m->written_ms < METRICS_MS))
		return 0;
	if ((r = metrics_from_tally(m, &t->tally_prev, &t->filter, &t->a, t->src)) < 0)
		return r;
	if (t->col.cursor_path && (r = collector_checkpoint(&t->col, t->src, true)) < 0)
		return r;
	m->logged_known = seccomp_read_logged(SYSCTL_ROOT, &t->vocab, &m->logged) == 0;
	route_gather(&rt);
	m->paper_trail = status_paper_trail(&rt);
	m->written_ms = realtime_ms();
	if (!(o = out_new(-1, 16384, false, false)))
		return -ENOMEM;
	metrics_format(m, o);
	r = out_save(o, opt_metrics_file, 0644, why, sizeof(why));
	out_free(o);
	if (r < 0)
		p_err("cannot write %s: %s", opt_metrics_file, why);
	return r;
}

/* --- the loop --------------------------------------------------------------------- */

/* A follower's shortest round when records keep coming (the round before
 * had at least FOLLOW_BATCH_MIN): what arrives within it is read in one go. */
#define FOLLOW_BATCH_MS 100
#define FOLLOW_BATCH_MIN 16

/* In a steady flow, records come one at a time: a follower lets them gather
 * (the socket's or the file's buffer holds them) before its next wait, which
 * then costs a few system calls a batch, not a few a record; a lone record
 * is shown at once. */
struct pace {
	int64_t woke_ms, round_ms;
	unsigned items;		/* read in this round of FOLLOW_BATCH_MS */
	bool steady;		/* the round before had FOLLOW_BATCH_MIN of them */
};

static void pace_before_wait(struct pace *p, struct source *src)
{
	int64_t now = monotonic_ms();

	if (now - p->round_ms >= FOLLOW_BATCH_MS) {
		p->steady = p->items >= FOLLOW_BATCH_MIN;
		p->round_ms = now;
		p->items = 0;
	}
	if (!p->steady || !p->woke_ms || now - p->woke_ms >= FOLLOW_BATCH_MS)
		return;
	/* what the source watches (the process events) is served meanwhile: a
	 * process that execs and ends at once is read before it ends; a
	 * signal ends the wait early, and stop and hup are looked at next */
	source_serve(src, p->woke_ms + FOLLOW_BATCH_MS);
}

/* Caught up with the source: windows the clock closed are told, everything
 * read is written, and the cursor may say so (the first checkpoint once the
 * history is read: a restart soon after does not read it all again), or the
 * output is opened again after SIGHUP. 0 or -errno. */
static int caught_up(struct tail *t, struct source *src, bool *history, bool follow)
{
	bool first = *history;

	if (*history) {
		*history = false;
		end_of_history(t);
	}
	if (t->unique && follow)
		unique_expire(t->unique, realtime_ms(), say_repeats, t);
	if (hup) {
		hup = 0;
		if (collector_reopen(&t->col, src) < 0)
			return -EIO;
	} else if (collector_checkpoint(&t->col, src, first) < 0) {
		return -EIO;
	}
	return write_metrics(t, false) < 0 ? -EIO : 0;
}

/* A loss or a note of the source. */
static void on_said(struct tail *t, const struct source *src, const struct source_item *it)
{
	if (it->kind == ITEM_LOST && (it->lost_ms < 0 || window_holds(&t->filter.time, it->lost_ms)))
		on_lost(t, it);
	else
		p_note("%s: %s", src->where, it->why);
}

/* How a read ended, said: r is the source's last word. */
static int loop_end(struct tail *t, const struct source *src, int r)
{
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

static int run_loop(struct tail *t, struct source *src, struct assembler *a)
{
	struct source_item it;
	bool history = !source_kind_live(src->kind), follow = opt_follow || source_kind_live(src->kind);
	struct pace pace = { .round_ms = monotonic_ms() };
	int64_t read_until = -1;
	int r = 0;

	while (!t->err && !t->o->err) {
		if (stop && read_until < 0) {
			/* netlink's socket (bpf's ring) holds what the kernel sent us
			 * before the signal, and maybe a loss it has not told yet:
			 * nothing else keeps them, so they are read first */
			if (stop != STOP_SIGNAL || !source_kind_live(src->kind))
				break;
			read_until = monotonic_ms() + STOP_READ_MS;
		}
		if (read_until >= 0 && monotonic_ms() >= read_until) {
			p_warn("records still came %d s after the signal: those not read by then are not shown",
			       STOP_READ_MS / 1000);
			break;
		}
		r = source_next(src, &it);
		if (r > 0) {
			pace.items++;
			if (it.kind == ITEM_RECORD) {
				collector_record(&t->col, &it);
				if (t->metrics && it.rec.type == AUDIT_TYPE_CONFIG_CHANGE)
					change_seen(t, &it.rec);
				assembler_feed(a, &it.rec, it.text, it.text_len);
			} else if (it.kind == ITEM_DECISION)
				assembler_seen(a, it.seen);
			else
				on_said(t, src, &it);
			continue;
		}
		if (r < 0 || read_until >= 0)
			break;	/* an error; or after a signal, all that was queued is read */
		/* nothing more for now: what is held is whole */
		assembler_flush(a);
		if (caught_up(t, src, &history, follow) < 0)
			return EXIT_ERROR;
		if (!follow)
			break;
		/* followers see events at once; a reader that went away ends us */
		if (out_flush(t->o) < 0 || out_peer_gone(t->o))
			break;
		pace_before_wait(&pace, src);
		r = source_wait(src, 200);
		pace.woke_ms = r > 0 ? monotonic_ms() : 0;
		if (r == -EINTR)
			r = 0;	/* a signal: stop says whether to end, hup whether to reopen */
		if (r < 0)
			break;
	}
	assembler_flush(a);
	return loop_end(t, src, r);
}

/* Settled logs read on two cores: the thread reads and assembles
 * (tail-prefetch.h), this one does what run_loop does with each item. */
static int run_prefetched(struct tail *t, struct source *src)
{
	bool history = true;
	struct pf_item item;
	int end = 0, r = 0;

	while (!t->err && !t->o->err && (r = prefetch_next(&t->pf, &item, &end)) > 0) {
		if (item.kind == PF_EVENT)
			on_event(item.e, t);
		else
			on_said(t, src, &item.it);
	}
	if (prefetch_stop(&t->pf) < 0) {
		t->src_busy = true;
		p_err("reading %s does not end (a read waits on another process): stopped without the rest", src->where);
		return EXIT_ERROR;
	}
	if (r == -ENOMEM) {
		p_err("out of memory reading %s ahead", src->where);
		return EXIT_ERROR;
	}
	if (r == 0 && end == 0 && !t->err && !t->o->err && caught_up(t, src, &history, false) < 0)
		return EXIT_ERROR;
	return loop_end(t, src, r ? r : end);
}

/* --unique's windows open at the checkpoint go on: their first events are
 * written; and the metrics' counters go on from the checkpoint's. */
static void restore_checkpoint(struct tail *t)
{
	size_t i;

	for (i = 0; t->unique && i < t->col.loaded.nkeys; i++) {
		struct unique_key *k = &t->col.loaded.keys[i];

		const struct arch_info *ai = arch_of(k->arch, k->nr);

		k->arch_name = ai ? ai->name : NULL;
		k->syscall_name = syscall_name(ai, k->nr);
		if (unique_restore(t->unique, k) < 0)
			p_warn("out of memory restoring --unique's windows: their repeats start again");
	}
	t->col.unique = t->unique;
	if (t->metrics && t->col.loaded.metrics_read)
		metrics_take(t->metrics, t->col.loaded.metrics_read);
	else if (t->metrics && t->col.have_cursor)
		p_note("the cursor %s holds no metrics (an older seccompctl's, or tail ran without --metrics-file): "
		       "the counters start from 0", opt_cursor_file);
	t->col.metrics = t->metrics;
}

/* How many events -n asks for: 10 of history by default, but every event
 * for a live source, --unique and a collector, unless -n says otherwise (a
 * collector resuming takes everything after its cursor). */
static long long lines_wanted(const struct tail *t, enum source_kind kind)
{
	if (opt_cursor_file && t->resume)
		return -1;
	if (!opt_lines && (source_kind_live(kind) || opt_unique || opt_cursor_file))
		return -1;
	return t->limit;
}

/* The options into t; 0 or an exit code. */
static int tail_options(struct tail *t)
{
	int64_t window;
	int r;

	if (setup(t) < 0)
		return EXIT_USAGE;
	if (opt_metrics_file) {
		if ((r = load_vocab(&t->vocab)))
			return r;
		metrics_init(&t->metr, &t->vocab);
		t->metrics = &t->metr;
	}
	if (opt_unique) {
		if (parse_duration(opt_unique, &window) < 0 || window < 1000 || window > 7LL * 24 * 3600 * 1000) {
			p_err("--unique wants a window in seconds (or with s, m, h, d, w), from 1 s to a week, not '%s'",
			      opt_unique);
			return EXIT_USAGE;
		}
		if (unique_init(&t->uniq, window) < 0) {
			p_err("out of memory");
			return EXIT_ERROR;
		}
		t->unique = &t->uniq;
	}
	if (opt_summary) {
		if (summary_init(&t->summ) < 0) {
			p_err("out of memory");
			return EXIT_ERROR;
		}
		t->summary = &t->summ;
	}
	return 0;
}

/* The collector, then the source where its cursor says; 0 or an exit code. */
static int tail_open(struct tail *t)
{
	struct source_choice choice;
	struct source_opts so;
	bool this_host;
	int r;

	if ((r = read_opts_source(&ro, &t->filter.time, opt_follow, true, &choice, &so)))
		return r;
	if (opt_metrics_file)
		so.want = WANT_ALL;	/* the op=seccomp-logging records too */
	if ((r = collector_open(&t->col, opt_output_file, opt_cursor_file, choice.source == SOURCE_NETLINK,
				&t->resume)))
		return r;
	t->col_open = true;
	restore_checkpoint(t);
	if (t->resume && t->resume->kind != choice.source) {
		p_err("the cursor %s is for the %s source, not %s: move it away to start afresh", opt_cursor_file,
		      source_kind_names[t->resume->kind], source_kind_names[choice.source]);
		return EXIT_USAGE;
	}
	if (t->resume) {
		so.resume = t->resume;
		so.boot = NULL;		/* every boot after the cursor */
		so.since_ms = -1;
	}
	if (opt_output_file) {
		if (!(t->file_out = out_new(t->col.fd, 1 << 16, false, false))) {
			p_err("out of memory");
			return EXIT_ERROR;
		}
		t->col.o = t->o = t->file_out;
	}
	/* the process events first: a process that starts once records can
	 * be read is seen starting */
	this_host = source_reads_this_host(&choice, &so);
	/* the decision observer first: without what it needs, that one line
	 * alone (its events name a process gone by its cgroup) */
	if (choice.source == SOURCE_BPF && (r = open_chosen(&choice, &so, &t->src)))
		return r;
	if ((r = read_opts_workloads(&ro, this_host, &t->wl, &t->wl_open)))
		return r;
	t->began_ms = realtime_ms();
	if (!t->src && (r = open_chosen(&choice, &so, &t->src)))
		return r;
	t->source = t->src->kind;
	if (assembler_init(&t->a, t->src->kind, on_event, t) < 0) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	t->a_init = true;
	t->a.keep_raw = t->fmt == TAIL_RAW;
	t->a.names = opt_numeric ? NULL : &usernames;
	read_opts_use_workloads(this_host, &t->a, &t->wl, t->wl_open);
	if (t->wl_open)
		read_opts_serve_workloads(t->src, &t->wl);
	t->limit = lines_wanted(t, t->src->kind);
	t->in_history = !source_kind_live(t->src->kind);
	if (t->in_history && t->limit > 0) {
		t->ring_mode = true;
		t->ring.max = (size_t)t->limit;
	}
	/* streamed JSON is one object a line, also on a terminal */
	out_stream(t->o, t->fmt == TAIL_JSON || t->fmt == TAIL_ECS, 1 << 20);
	return 0;
}

/* Logs read whole, regular files all: a thread reads them ahead, made
 * before the sandbox so that it covers the thread too. Not with what looks
 * at each record as it is read (a cursor, the metrics' last change), nor
 * with the process events (live sources only). */
static void prefetch_begin(struct tail *t)
{
	int r;

	if (opt_follow || opt_cursor_file || opt_metrics_file || t->wl_open || !t->src->ops->settled ||
	    !t->src->ops->settled(t->src))
		return;
	r = prefetch_start(&t->pf, t->src, &t->a, &stop);
	if (r == -EPERM)
		p_warn("the thread reading %s ahead cannot drop its capabilities; going on", t->src->where);
	t->prefetching = r == 0 || r == -EPERM;
}

/* Signals, and what the sandbox would refuse later: the time zone, a name service. */
static void tail_enter(struct tail *t)
{
	struct sigaction sa = { .sa_handler = on_stop }, sh = { .sa_handler = on_hup };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (opt_output_file)
		sigaction(SIGHUP, &sh, NULL);
	tzset();
	if (!opt_numeric && names_start() < 0)
		p_warn("cannot start the name resolver: names come from files only");
	/* everything is open: a service manager may start what comes after */
	service_ready();
	prefetch_begin(t);
	/* a file to open again, a cursor to replace: PERSIST's opens, renames and syncs */
	sandbox_enter(t->src->kind == SOURCE_BPF ? (opt_output_file || opt_metrics_file ? SANDBOX_OBSERVE_PERSIST
											: SANDBOX_OBSERVE)
		      : opt_output_file || opt_metrics_file ? SANDBOX_PERSIST : SANDBOX_READ,
		      t->src->kind == SOURCE_NETLINK || opt_metrics_file ? SANDBOX_KEEP_AUDIT_CONTROL : SANDBOX_KEEP_NONE);
	if (t->prefetching)
		prefetch_go(&t->pf);
}

/* The end of reading: the source's last word, what history held, the
 * summary, the windows, the cursor, the metrics, the output file. */
static int tail_finish(struct tail *t, int r)
{
	struct source *src = t->src;
	struct source_item it;

	if (src->ops->final && src->ops->final(src, &it) > 0)
		on_said(t, src, &it);
	end_of_history(t);
	if (t->summary && r == EXIT_DONE && summary_from_tally(t->summary, &t->filter, &t->a, src) < 0)
		r = EXIT_ERROR;
	if (t->summary && r == EXIT_DONE && tail_print_summary(t->summary, t->o, t->fmt) < 0)
		r = EXIT_ERROR;
	read_report(src, &t->a, false);
	if (t->wl_open)
		read_report_workloads(&t->wl);
	/* the windows still open are told at the end; a collector with a cursor
	 * keeps them open in it instead, for the next start */
	if (t->unique && !opt_cursor_file)
		unique_expire(t->unique, INT64_MAX, say_repeats, t);
	/* with a cursor, the metrics are written right after its checkpoint
	 * (write_metrics makes it), and only at a clean end, like the checkpoint */
	if (r == EXIT_DONE && !(t->metrics && opt_cursor_file) && collector_checkpoint(&t->col, src, true) < 0)
		r = EXIT_ERROR;
	if ((r == EXIT_DONE || !opt_cursor_file) && write_metrics(t, true) < 0)
		r = EXIT_ERROR;
	if (t->file_out && out_flush(t->file_out) < 0) {
		p_err("cannot write %s: %s", opt_output_file, strerror(-t->file_out->err));
		r = EXIT_ERROR;
	}
	return r;
}

/* Everything tail_options and tail_open made, on every path. */
static void tail_close(struct tail *t)
{
	if (t->summary)
		summary_free(t->summary);
	if (t->a_init)
		assembler_free(&t->a);
	if (t->wl_open)
		workloads_close(&t->wl);
	source_close(t->src);
	out_free(t->file_out);
	if (t->col_open)
		collector_close(&t->col);
	if (t->unique)
		unique_free(t->unique);
	if (t->metrics)
		metrics_free(t->metrics);
	tally_prev_free(&t->tally_prev);
}

static int run_tail(int argc, const char *const *argv)
{
	static struct tail t;
	int r;

	memset(&t, 0, sizeof(t));
	t.o = out_stdout();
	if (!(r = tail_options(&t)) && !(r = tail_open(&t))) {
		tail_enter(&t);
		if (collector_start(&t.col, t.src) < 0)
			r = t.prefetching && prefetch_stop(&t.pf) < 0 ? (t.src_busy = true, EXIT_ERROR) : EXIT_ERROR;
		else
			r = t.prefetching ? run_prefetched(&t, t.src) : run_loop(&t, t.src, &t.a);
		if (t.src_busy) {
			/* the thread still uses the source: nothing of it is touched */
			out_flush(t.o);
			return r;
		}
		r = tail_finish(&t, r);
	}
	tail_close(&t);
	return r;
}

const struct cmd cmd_tail = {
	.name = "tail",
	.summary = "show seccomp records, interpreted: from audit netlink (live), audit.log, the journal or the kernel log",
	.max_args = 0,
	.opts = tail_opts,
	.run = run_tail,
};
