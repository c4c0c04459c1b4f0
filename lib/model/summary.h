/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tail --summary: counts per (exe, syscall, action, workload). */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/hashtab.h"

#define SUMMARY_MAX 65536	/* distinct keys counted; the rest go to other */

struct summary_row {
	char *key;		/* exe \0 syscall \0 action \0 workload */
	size_t exe_len, key_len;
	uint64_t count;
};

struct summary {
	struct htab rows;	/* of struct summary_row */
	uint64_t other;		/* events past SUMMARY_MAX keys, or that could not be kept */
};

/* The key of e's row, exe \0 syscall \0 action \0 workload, into key: its
 * length, and the exe's in *exe_len. top's rows are keyed alike. */
#define SUMMARY_KEY_MAX (4096 + 96 + EVENT_NAME_MAX + 32)
size_t summary_key(const struct event *e, char key[SUMMARY_KEY_MAX], size_t *exe_len);

int summary_init(struct summary *s);
void summary_free(struct summary *s);
void summary_add(struct summary *s, const struct event *e);
/* The same, count times at once. */
void summary_add_n(struct summary *s, const struct event *e, uint64_t count);
/* The rows, most frequent first, in an array the caller frees (not the
 * keys); NULL when out of memory. */
struct summary_row *summary_sorted(const struct summary *s, size_t *n);

static inline const char *summary_exe(const struct summary_row *r)
{
	return r->key;
}

static inline const char *summary_syscall(const struct summary_row *r)
{
	return r->key + r->exe_len + 1;
}

static inline const char *summary_action(const struct summary_row *r)
{
	const char *sc = summary_syscall(r);

	return sc + __builtin_strlen(sc) + 1;
}

/* The workload's label (event_workload_label), "" when not known. */
static inline const char *summary_workload(const struct summary_row *r)
{
	const char *a = summary_action(r);

	return a + __builtin_strlen(a) + 1;
}
