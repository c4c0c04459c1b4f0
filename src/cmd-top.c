// SPDX-License-Identifier: LGPL-2.1-or-later
/* top: every seccomp decision, logged or not, live, by workload, executable, call and action. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "commands.h"
#include "model/filter.h"
#include "model/toptab.h"
#include "model/writer.h"
#include "os/clock.h"
#include "os/log.h"
#include "os/output.h"
#include "os/sandbox.h"
#include "os/term.h"
#include "os/workloads.h"
#include "readopts.h"
#include "source/source.h"

static double opt_delay = 2.0;
static const char *opt_iterations, *opt_sort;
static bool opt_batch;
static struct read_opts ro;

static const struct cli_opt top_opts[] = {
	{ "delay", 'd', OPT_SECONDS, &opt_delay, "SECONDS", "between refreshes (default 2, from 0.1)" },
	{ "iterations", 'n', OPT_STRING, &opt_iterations, "N", "stop after N refreshes (default: until q or a signal)" },
	{ "batch", 'b', OPT_FLAG, &opt_batch, NULL,
	  "plain text (with --json, a JSON line) each refresh, for scripts and logs, instead of the full screen" },
	{ "sort", 's', OPT_STRING, &opt_sort, "KEY",
	  "rate (default), total, workload, exe, syscall or action; keys r t w e s a on the full screen" },
	{ "no-workload", 0, OPT_FLAG, &ro.no_workload, NULL,
	  "do not read each process in /proc for its unit and container" },
	{ "comm", 0, OPT_STRING, &ro.comm, "PATTERN", "only process names matching (glob)" },
	{ "exe", 0, OPT_STRING, &ro.exe, "PATTERN", "only executables matching (glob)" },
	{ "syscall", 0, OPT_STRING, &ro.syscall, "NAME", "only this system call (name or number)" },
	{ "action", 0, OPT_STRING, &ro.action, "ACTIONS", "only these actions (comma separated)" },
	{ "arch", 0, OPT_STRING, &ro.arch, "ARCH", "only this architecture (x86_64, i386, aarch64, or hex)" },
	{ "unit", 0, OPT_STRING, &ro.unit, "PATTERN", "only processes of a systemd unit or slice matching (glob)" },
	{ "container", 0, OPT_STRING, &ro.container, "ID|NAME",
	  "only this container: an id's first digits, or a name matching (glob)" },
	{ "pod", 0, OPT_STRING, &ro.pod, "NAME|UID", "only this Kubernetes pod: NAME or NAMESPACE/NAME (glob), or its UID" },
	{ NULL },
};

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	stop = 1;
}

struct top {
	struct top_table tab;
	struct event_filter filter;
	struct source *src;
	struct assembler proto;	/* what each key's event is made with: workloads, host */
	struct workloads wl;
	bool wl_open;
	int err;
	enum top_sort sort;
	int64_t last_ms;	/* monotonic, of the sample before */
	double interval;	/* seconds since the sample before */
};

static void add_key(const struct decision_seen *d, struct event *e, uint64_t n, void *data)
{
	struct top *t = data;

	if (filter_match(&t->filter, e) && top_add(&t->tab, e, n) < 0)
		t->err = -ENOMEM;
}

/* The kernel's counts now, into the table: 0 or -errno. */
static int sample(struct top *t)
{
	struct source_item it;
	int64_t now = monotonic_ms();
	int r;

	/* single decisions are not shown: the ring is emptied, unread */
	while ((r = source_next(t->src, &it)) > 0)
		;
	if (r < 0)
		return r;
	top_begin(&t->tab);
	if ((r = source_tally_events(t->src, &t->proto, add_key, t)) < 0)
		return r;
	t->interval = t->last_ms ? (double)(now - t->last_ms) / 1000 : 0;
	t->last_ms = now;
	top_end(&t->tab, t->interval);
	return t->err;
}

/* One row as a line, the bytes from the kernel and /proc escaped. */
static void row_text(const struct top_row *r, char *buf, size_t size)
{
	char wl[256], exe[1024];

	text_escape(wl, sizeof(wl), summary_workload(&r->row), strlen(summary_workload(&r->row)));
	text_escape(exe, sizeof(exe), summary_exe(&r->row), strlen(summary_exe(&r->row)));
	snprintf(buf, size, "%10.1f %10llu %-6s %-14s %-18s %-24s %s", r->rate, (unsigned long long)r->row.count,
		 r->logged == 1 ? "yes" : r->logged == 0 ? "no" : "?", summary_action(&r->row), summary_syscall(&r->row), wl[0] ? wl : "-",
		 exe[0] ? exe : "-");
}

static const char HEADER[] = "    RATE/S      TOTAL LOGGED ACTION         SYSCALL            WORKLOAD                 EXE";

static void title(const struct top *t, char *buf, size_t size)
{
	char now[48];
	int64_t ms = realtime_ms();

	fmt_time_local(now, sizeof(now), (uint64_t)ms / 1000, (uint32_t)(ms % 1000));
	snprintf(buf, size, "seccompctl top  %.19s  every %.1f s, sorted by %s: %.1f decisions/s (%.1f/s not logged), "
		 "%llu since it began", now, opt_delay, top_sort_names[t->sort], t->tab.rate, t->tab.hidden_rate,
		 (unsigned long long)t->tab.total);
}

static int print_batch(struct top *t, struct out *o)
{
	struct top_row **rows = NULL;
	char line[2048];
	size_t i, n;
	int64_t ms = realtime_ms();

	if (!(rows = top_sorted(&t->tab, t->sort, &n)))
		return -ENOMEM;
	if (o->json) {
		fmt_time_iso(line, sizeof(line), (uint64_t)ms / 1000, (uint32_t)(ms % 1000));
		pr_obj_open(o, NULL);
		pr_str(o, PR_JSON, "time", NULL, line);
		pr_uint(o, PR_JSON, "interval_ms", NULL, (unsigned long long)(t->interval * 1000));
		pr_uint(o, PR_JSON, "total", NULL, t->tab.total);
		pr_uint(o, PR_JSON, "rate", NULL, (unsigned long long)(t->tab.rate + 0.5));
		pr_uint(o, PR_JSON, "hidden_rate", NULL, (unsigned long long)(t->tab.hidden_rate + 0.5));
		pr_arr_open(o, "rows");
		for (i = 0; i < n; i++) {
			pr_obj_open(o, NULL);
			pr_uint(o, PR_JSON, "rate", NULL, (unsigned long long)(rows[i]->rate + 0.5));
			pr_uint(o, PR_JSON, "total", NULL, rows[i]->row.count);
			pr_tri(o, PR_JSON, "logged", NULL, rows[i]->logged);
			pr_str(o, PR_JSON, "action", NULL, summary_action(&rows[i]->row));
			pr_str(o, PR_JSON, "syscall", NULL, summary_syscall(&rows[i]->row));
			pr_bytes(o, PR_JSON, "workload", NULL, summary_workload(&rows[i]->row), strlen(summary_workload(&rows[i]->row)));
			pr_bytes(o, PR_JSON, "exe", NULL, summary_exe(&rows[i]->row), strlen(summary_exe(&rows[i]->row)));
			pr_obj_close(o);
		}
		pr_arr_close(o);
		pr_obj_close(o);
		pr_end(o);
	} else {
		title(t, line, sizeof(line));
		pr_text(o, "%s\n%s\n", line, HEADER);
		for (i = 0; i < n; i++) {
			row_text(rows[i], line, sizeof(line));
			pr_text(o, "%s\n", line);
		}
		pr_text(o, "\n");
	}
	free(rows);
	return out_flush(o);
}

static int draw(struct top *t)
{
	struct top_row **rows;
	char line[2048];
	int height, width;
	size_t i, n;

	if (!(rows = top_sorted(&t->tab, t->sort, &n)))
		return -ENOMEM;
	term_size(&height, &width);
	term_clear();
	title(t, line, sizeof(line));
	term_line(0, line, false);
	term_line(1, "keys: q quit; sort by r rate, t total, w workload, e exe, s syscall, a action", false);
	term_line(3, HEADER, true);
	for (i = 0; i < n && (int)i + 4 < height; i++) {
		row_text(rows[i], line, sizeof(line));
		term_line((int)i + 4, line, false);
	}
	term_show();
	free(rows);
	return 0;
}

/* Keys until the next refresh (the process events served meanwhile). */
static void keys_until(struct top *t, int64_t until)
{
	static const char sort_keys[] = "rtwesa";
	const char *k;
	int64_t now;
	int c;

	while (!stop && (now = monotonic_ms()) < until) {
		source_serve(t->src, now + (until - now < 50 ? until - now : 50));
		if (opt_batch)
			continue;
		while ((c = term_key(0)) >= 0) {
			if (c == 'q' || c == 'Q') {
				stop = 1;
				return;
			}
			if (c > 0 && c < 128 && (k = strchr(sort_keys, c))) {
				t->sort = (enum top_sort)(k - sort_keys);
				draw(t);
			}
		}
	}
}

static int options(struct top *t, long long *iterations)
{
	char *end;

	*iterations = -1;
	if (opt_delay < 0.1) {
		p_err("--delay wants at least 0.1 seconds, not %g", opt_delay);
		return EXIT_USAGE;
	}
	if (opt_iterations) {
		errno = 0;
		*iterations = strtoll(opt_iterations, &end, 10);
		if (errno || *end || end == opt_iterations || *iterations < 1) {
			p_err("--iterations wants a count from 1, not '%s'", opt_iterations);
			return EXIT_USAGE;
		}
	}
	t->sort = TOP_RATE;
	if (opt_sort && top_sort_from_name(opt_sort, &t->sort) < 0) {
		p_err("--sort wants rate, total, workload, exe, syscall or action, not '%s'", opt_sort);
		return EXIT_USAGE;
	}
	if (read_opts_filter(&ro, &t->filter) < 0)
		return EXIT_USAGE;
	if (!opt_batch && g_opts.json) {
		p_err("--json is for --batch: the full screen is for people");
		return EXIT_USAGE;
	}
	return 0;
}

/* Open the observer, the workloads and the screen; 0 or an exit code. */
static int top_open(struct top *t)
{
	struct source_opts so = { .counts_only = true };
	char why[256];
	int r;

	if (source_bpf_open(&t->src, &so) < 0)
		return EXIT_ERROR;
	if ((r = read_opts_workloads(&ro, true, &t->wl, &t->wl_open)))
		return r;
	if (top_init(&t->tab) < 0) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	read_opts_use_workloads(true, &t->proto, &t->wl, t->wl_open);
	if (t->wl_open)
		read_opts_serve_workloads(t->src, &t->wl);
	if (!opt_batch && term_open(why, sizeof(why)) < 0) {
		p_err("%s", why);
		return EXIT_ERROR;
	}
	return 0;
}

static int run_top(int argc, const char *const *argv)
{
	struct sigaction sa = { .sa_handler = on_stop };
	static struct top t;
	long long iterations, done = 0;
	int r;

	if ((r = options(&t, &iterations)))
		return r;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (!(r = top_open(&t))) {
		sandbox_enter(opt_batch ? SANDBOX_OBSERVE : SANDBOX_OBSERVE_TTY, SANDBOX_KEEP_NONE);
		/* the first sample only starts the rates */
		if ((r = sample(&t)) < 0)
			p_err("cannot read the kernel's counts of decisions: %s", strerror(-r));
		while (r >= 0 && !stop && (iterations < 0 || done < iterations)) {
			keys_until(&t, monotonic_ms() + (int64_t)(opt_delay * 1000));
			if (stop)
				break;
			if ((r = sample(&t)) < 0) {
				p_err("cannot read the kernel's counts of decisions: %s", strerror(-r));
				break;
			}
			r = opt_batch ? print_batch(&t, out_stdout()) : draw(&t);
			done++;
		}
		r = r < 0 ? EXIT_ERROR : EXIT_DONE;
	}
	term_close();
	top_free(&t.tab);
	if (t.wl_open)
		workloads_close(&t.wl);
	source_close(t.src);
	return r;
}

const struct cmd cmd_top = {
	.name = "top",
	.summary = "a live view of every seccomp decision, logged or not: rates and totals by workload, exe and call",
	.max_args = 0,
	.exit_note = "1 when decisions cannot be seen here (a privilege, BTF, libbpf) or the terminal cannot be drawn",
	.opts = top_opts,
	.run = run_top,
};
