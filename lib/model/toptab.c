// SPDX-License-Identifier: LGPL-2.1-or-later
/* seccompctl top's table: decisions by workload, executable, call and action, with totals and rates. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/toptab.h"

const char *const top_sort_names[] = { "rate", "total", "workload", "exe", "syscall", "action" };

int top_sort_from_name(const char *name, enum top_sort *by)
{
	int i;

	for (i = 0; i < TOP_SORT_MAX; i++)
		if (strcmp(name, top_sort_names[i]) == 0) {
			*by = (enum top_sort)i;
			return 0;
		}
	return -EINVAL;
}

struct probe {
	const char *key;
	size_t len;
};

static uint64_t row_hash(const void *entry)
{
	const struct summary_row *r = &((const struct top_row *)entry)->row;

	return hash_bytes(HASH_INIT, r->key, r->key_len);
}

static bool row_eq(const void *entry, const void *key)
{
	const struct summary_row *r = &((const struct top_row *)entry)->row;
	const struct probe *k = key;

	return r->key_len == k->len && memcmp(r->key, k->key, k->len) == 0;
}

int top_init(struct top_table *t)
{
	memset(t, 0, sizeof(*t));
	return htab_init(&t->rows, sizeof(struct top_row), 256, row_hash);
}

void top_free(struct top_table *t)
{
	struct top_row *r;
	size_t i = 0;

	while ((r = htab_next(&t->rows, &i)))
		free(r->row.key);
	htab_free(&t->rows);
}

void top_begin(struct top_table *t)
{
	struct top_row *r;
	size_t i = 0;

	while ((r = htab_next(&t->rows, &i))) {
		r->prev = r->row.count;
		r->row.count = 0;
		r->logged_set = false;
	}
	t->total = 0;
}

int top_add(struct top_table *t, const struct event *e, uint64_t count)
{
	char key[SUMMARY_KEY_MAX];
	struct probe p = { key, 0 };
	struct top_row *r;
	size_t exe_len;
	uint64_t h;
	bool found;

	p.len = summary_key(e, key, &exe_len);
	h = hash_bytes(HASH_INIT, key, p.len);
	if (!(r = htab_insert(&t->rows, h, row_eq, &p, &found)))
		return -ENOMEM;
	if (!found) {
		if (!(r->row.key = malloc(p.len + 1))) {
			/* the slot is kept, empty of a key: it never matches again */
			r->row.key_len = SIZE_MAX;
			return -ENOMEM;
		}
		memcpy(r->row.key, key, p.len);
		r->row.key[p.len] = '\0';
		r->row.key_len = p.len;
		r->row.exe_len = exe_len;
	}
	r->row.count += count;
	t->total += count;
	if (!r->logged_set)
		r->logged = e->logged;
	else if (r->logged != e->logged)
		r->logged = -1;
	r->logged_set = true;
	return 0;
}

void top_end(struct top_table *t, double seconds)
{
	struct top_row *r;
	size_t i = 0;

	t->rate = t->hidden_rate = 0;
	while ((r = htab_next(&t->rows, &i))) {
		r->rate = seconds > 0 && r->row.count > r->prev ? (double)(r->row.count - r->prev) / seconds : 0;
		t->rate += r->rate;
		if (r->logged == 0)
			t->hidden_rate += r->rate;
	}
}

static int by_text(const char *a, const char *b)
{
	return strcmp(a, b);
}

static int compare(const void *pa, const void *pb, void *arg)
{
	enum top_sort sort_by = *(const enum top_sort *)arg;
	const struct top_row *ta = *(const struct top_row *const *)pa, *tb = *(const struct top_row *const *)pb;
	const struct summary_row *a = &ta->row, *b = &tb->row;
	int c = 0;

	switch (sort_by) {
	case TOP_RATE:
		c = ta->rate < tb->rate ? 1 : ta->rate > tb->rate ? -1 : 0;
		break;
	case TOP_TOTAL:
		c = a->count < b->count ? 1 : a->count > b->count ? -1 : 0;
		break;
	case TOP_WORKLOAD:
		c = by_text(summary_workload(a), summary_workload(b));
		break;
	case TOP_EXE:
		c = by_text(summary_exe(a), summary_exe(b));
		break;
	case TOP_SYSCALL:
		c = by_text(summary_syscall(a), summary_syscall(b));
		break;
	default:
		c = by_text(summary_action(a), summary_action(b));
		break;
	}
	if (c)
		return c;
	if (a->key_len != b->key_len)
		return a->key_len < b->key_len ? -1 : 1;
	return memcmp(a->key, b->key, a->key_len);
}

struct top_row **top_sorted(const struct top_table *t, enum top_sort by, size_t *n)
{
	struct top_row **rows = malloc((t->rows.n ? t->rows.n : 1) * sizeof(*rows)), *r;
	size_t i = 0;

	*n = 0;
	if (!rows)
		return NULL;
	while ((r = htab_next(&t->rows, &i)))
		if (r->row.key_len != SIZE_MAX && (r->row.count || r->prev))
			rows[(*n)++] = r;
	qsort_r(rows, *n, sizeof(*rows), compare, &by);
	return rows;
}
