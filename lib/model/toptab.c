// SPDX-License-Identifier: LGPL-2.1-or-later
/* seccompctl top's table: decisions by workload, executable, call and action, with totals and rates. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/actions.h"
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
	const struct top_row *r = entry;

	return hash_bytes(HASH_INIT, r->key, r->key_len);
}

static bool row_eq(const void *entry, const void *key)
{
	const struct top_row *r = entry;
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
		free(r->key);
	htab_free(&t->rows);
}

void top_begin(struct top_table *t)
{
	struct top_row *r;
	size_t i = 0;

	while ((r = htab_next(&t->rows, &i))) {
		r->prev = r->total;
		r->total = 0;
		r->logged_set = false;
	}
	t->total = 0;
}

int top_add(struct top_table *t, const struct event *e, uint64_t count)
{
	char key[4096 + EVENT_NAME_MAX + 128], abuf[ACTION_TEXT_MAX];
	size_t n = event_workload_label(e, key, sizeof(key) - 1), exe_len = span_has(e->exe) ? e->exe.len : 0;
	struct probe p = { key, 0 };
	struct top_row *r;
	uint64_t h;
	bool found;
	int m;

	key[n++] = '\0';
	if (exe_len > 4095)
		exe_len = 4095;
	memcpy(key + n, span_has(e->exe) ? event_str(e, e->exe) : "", exe_len);
	n += exe_len;
	key[n++] = '\0';
	if (e->syscall_name)
		m = snprintf(key + n, sizeof(key) - n, "%s%c%s", e->syscall_name, '\0',
			     action_text(e->code, abuf, sizeof(abuf)));
	else
		m = snprintf(key + n, sizeof(key) - n, "syscall#%lld%c%s", (long long)e->syscall, '\0',
			     action_text(e->code, abuf, sizeof(abuf)));
	p.len = n + (size_t)m;
	h = hash_bytes(HASH_INIT, key, p.len);
	if (!(r = htab_insert(&t->rows, h, row_eq, &p, &found)))
		return -ENOMEM;
	if (!found) {
		if (!(r->key = malloc(p.len + 1))) {
			/* the slot is kept, empty of a key: it never matches again */
			r->key_len = SIZE_MAX;
			return -ENOMEM;
		}
		memcpy(r->key, key, p.len);
		r->key[p.len] = '\0';
		r->key_len = p.len;
	}
	r->total += count;
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
		r->rate = seconds > 0 && r->total > r->prev ? (double)(r->total - r->prev) / seconds : 0;
		t->rate += r->rate;
		if (r->logged == 0)
			t->hidden_rate += r->rate;
	}
}

const char *top_exe(const struct top_row *r)
{
	return r->key + strlen(r->key) + 1;
}

const char *top_syscall(const struct top_row *r)
{
	const char *e = top_exe(r);

	return e + strlen(e) + 1;
}

const char *top_action(const struct top_row *r)
{
	const char *s = top_syscall(r);

	return s + strlen(s) + 1;
}

static int by_text(const char *a, const char *b)
{
	return strcmp(a, b);
}

static int compare(const void *pa, const void *pb, void *arg)
{
	enum top_sort sort_by = *(const enum top_sort *)arg;
	const struct top_row *a = *(const struct top_row *const *)pa, *b = *(const struct top_row *const *)pb;
	int c = 0;

	switch (sort_by) {
	case TOP_RATE:
		c = a->rate < b->rate ? 1 : a->rate > b->rate ? -1 : 0;
		break;
	case TOP_TOTAL:
		c = a->total < b->total ? 1 : a->total > b->total ? -1 : 0;
		break;
	case TOP_WORKLOAD:
		c = by_text(top_workload(a), top_workload(b));
		break;
	case TOP_EXE:
		c = by_text(top_exe(a), top_exe(b));
		break;
	case TOP_SYSCALL:
		c = by_text(top_syscall(a), top_syscall(b));
		break;
	default:
		c = by_text(top_action(a), top_action(b));
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
		if (r->key_len != SIZE_MAX && (r->total || r->prev))
			rows[(*n)++] = r;
	qsort_r(rows, *n, sizeof(*rows), compare, &by);
	return rows;
}
