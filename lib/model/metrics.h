/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tail's and verify's metrics in the Prometheus text format. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/actions.h"
#include "model/event.h"
#include "model/writer.h"

/*
 * tail --metrics-file and verify --metrics-file: the Prometheus text format,
 * for node_exporter's textfile collector. Label values are escaped as the
 * format wants (backslash, quote, newline) and made valid UTF-8 (U+FFFD for
 * anything else), whatever bytes a record held. Label sets are bounded:
 * seccompctl_records_total has one series per action; the detailed series
 * (action, arch, syscall, exe) are the first METRICS_SERIES_MAX seen, and the
 * rest are counted in one series whose labels are all "other"; so are the
 * series by workload (action, and the unit or container: the first
 * METRICS_WORKLOADS_MAX seen). Pure.
 */

#define METRICS_SERIES_MAX 200
#define METRICS_WORKLOADS_MAX 100	/* workload label sets: the first seen, the rest "other" */
#define METRICS_CAUSES_MAX 16

struct metrics_series {
	char *exe;
	size_t exe_len;
	uint32_t arch;
	uint32_t code;		/* the first event's code=: series compare its action part */
	int64_t nr;
	const char *arch_name, *syscall_name;
	uint64_t count;
};

struct metrics {
	uint64_t by_action[ACTIONS_MAX + 1];	/* action_table order; the last: unknown codes */
	struct metrics_series series[METRICS_SERIES_MAX];
	size_t nseries;
	uint64_t other;
	struct {
		char *workload;		/* its label (event_workload_label); "" unknown */
		uint32_t code;
		uint64_t count;
	} workloads[METRICS_WORKLOADS_MAX];
	size_t nworkloads;
	uint64_t other_workloads;
	struct metrics_lost {
		const char *cause;	/* lost_cause()'s code */
		uint64_t records, reports;
	} lost[METRICS_CAUSES_MAX];
	size_t nlost;
	uint64_t untrusted;		/* records a process could have written: counted here alone */
	int64_t change_ms;		/* the last op=seccomp-logging record seen, -1 none */
	bool logged_known;
	action_set logged;		/* actions_logged now */
	const struct action_vocab *vocab;
	int paper_trail;		/* status's verdict: 1, 0, -1 unknown */
	int64_t written_ms;
};

void metrics_init(struct metrics *m, const struct action_vocab *v);
void metrics_free(struct metrics *m);
void metrics_event(struct metrics *m, const struct event *e);
/* The same, n times at once. */
void metrics_event_n(struct metrics *m, const struct event *e, uint64_t n);
void metrics_lost(struct metrics *m, const char *cause, uint64_t records);
/* Write the text format into o (memory). */
void metrics_format(const struct metrics *m, struct out *o);
/*
 * The counters as lines of tail's cursor (tail --cursor-file with
 * --metrics-file), so that a restart goes on counting from the checkpoint
 * instead of from zero, which Prometheus would take for a counter reset:
 * "metric KIND ..." lines, any byte of a label as hex. Only the counters and
 * the last change's time; the gauges are read again.
 */
void metrics_save(const struct metrics *m, struct out *o);
/* One line's text after "metric "; 0, -EINVAL for one that is not a metric
 * line, -ENOMEM. */
int metrics_restore(struct metrics *m, const char *line);
/* Move src's counters into dst (whose counters are zero), keeping dst's
 * gauges and vocabulary; src is left empty. */
void metrics_take(struct metrics *dst, struct metrics *src);

/* A label value, escaped and valid UTF-8. */
void metrics_label(struct out *o, const char *s, size_t len);
