/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* seccompctl top's table: decisions by workload, executable, call and action, with totals and rates. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/hashtab.h"
#include "model/summary.h"

/*
 * Each sample is the kernel's counts since the observer began, each key
 * made an event (as tail's summary makes them); rows sum the keys that
 * name the same workload, executable, call and action. A row's rate is
 * what its total rose by since the sample before, over the time between.
 */

/* A row is keyed as tail --summary's (model/summary.h): row.count is its
 * total now, and summary_exe, summary_syscall, summary_action and
 * summary_workload read its key. */
struct top_row {
	struct summary_row row;
	uint64_t prev;		/* the total at the sample before */
	double rate;		/* a second */
	int8_t logged;		/* 1, 0, -1 cannot say, or mixed */
	bool logged_set;
};

struct top_table {
	struct htab rows;	/* of struct top_row */
	uint64_t total;		/* every decision counted */
	double rate, hidden_rate;	/* a second: all, and those the kernel did not log */
};

enum top_sort { TOP_RATE, TOP_TOTAL, TOP_WORKLOAD, TOP_EXE, TOP_SYSCALL, TOP_ACTION, TOP_SORT_MAX };
extern const char *const top_sort_names[];
int top_sort_from_name(const char *name, enum top_sort *by);	/* 0 or -EINVAL */

int top_init(struct top_table *t);
void top_free(struct top_table *t);
/* A sample begins: every row's total becomes its previous. */
void top_begin(struct top_table *t);
/* count decisions of the key e stands for, counted since the start. 0 or -ENOMEM. */
int top_add(struct top_table *t, const struct event *e, uint64_t count);
/* The sample ends, seconds after the one before (0: the first). */
void top_end(struct top_table *t, double seconds);
/* The rows in the order by says (rates and totals highest first, names
 * in order), ties in key order; an array the caller frees; NULL when out
 * of memory. */
struct top_row **top_sorted(const struct top_table *t, enum top_sort by, size_t *n);

