// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail --summary's counts, in a hash table of rows (see summary.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/actions.h"
#include "model/summary.h"

struct probe {
	const char *key;
	size_t len;
};

static uint64_t row_hash(const void *entry)
{
	const struct summary_row *r = entry;

	return hash_bytes(HASH_INIT, r->key, r->key_len);
}

static bool row_eq(const void *entry, const void *key)
{
	const struct summary_row *r = entry;
	const struct probe *k = key;

	return r->key_len == k->len && memcmp(r->key, k->key, k->len) == 0;
}

int summary_init(struct summary *s)
{
	memset(s, 0, sizeof(*s));
	return htab_init(&s->rows, sizeof(struct summary_row), 1024, row_hash);
}

void summary_free(struct summary *s)
{
	struct summary_row *r;
	size_t i = 0;

	while ((r = htab_next(&s->rows, &i)))
		free(r->key);
	htab_free(&s->rows);
}

void summary_add(struct summary *s, const struct event *e)
{
	summary_add_n(s, e, 1);
}

size_t summary_key(const struct event *e, char key[SUMMARY_KEY_MAX], size_t *exe_len)
{
	char abuf[ACTION_TEXT_MAX];
	const char *action = action_text(e->code, abuf, sizeof(abuf));
	size_t len, klen;
	int n;

	len = span_has(e->exe) ? e->exe.len : 0;
	if (len > 4096)
		len = 4096;
	if (len)
		memcpy(key, event_str(e, e->exe), len);
	key[len] = '\0';
	klen = len + 1;
	if (e->syscall_name)
		n = snprintf(key + klen, SUMMARY_KEY_MAX - klen, "%s%c%s", e->syscall_name, '\0', action);
	else
		n = snprintf(key + klen, SUMMARY_KEY_MAX - klen, "syscall#%lld%c%s", (long long)e->syscall, '\0', action);
	klen += (size_t)n + 1;
	/* and the workload: one row a container or unit */
	*exe_len = len;
	return klen + event_workload_label(e, key + klen, SUMMARY_KEY_MAX - klen);
}

void summary_add_n(struct summary *s, const struct event *e, uint64_t count)
{
	char key[SUMMARY_KEY_MAX], *copy;
	size_t exe_len;
	struct summary_row *r;
	struct probe p = { key, 0 };
	uint64_t h;
	bool found;

	p.len = summary_key(e, key, &exe_len);
	h = hash_bytes(HASH_INIT, key, p.len);
	if ((r = htab_find(&s->rows, h, row_eq, &p))) {
		r->count += count;
		return;
	}
	if (s->rows.n >= SUMMARY_MAX || !(copy = malloc(p.len + 1))) {
		s->other += count;
		return;
	}
	if (!(r = htab_insert(&s->rows, h, row_eq, &p, &found))) {
		free(copy);
		s->other += count;
		return;
	}
	memcpy(copy, key, p.len);
	copy[p.len] = '\0';
	r->key = copy;
	r->exe_len = exe_len;
	r->key_len = p.len;
	r->count = count;
}

/* Most first; rows of one count by their key (exe, syscall, action,
 * workload), so that the same records always give the same table. */
static int by_count(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;
	int c;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	c = memcmp(x->key, y->key, x->key_len < y->key_len ? x->key_len : y->key_len);
	return c ? c : x->key_len < y->key_len ? -1 : x->key_len > y->key_len;
}

struct summary_row *summary_sorted(const struct summary *s, size_t *n)
{
	struct summary_row *rows = calloc(s->rows.n ? s->rows.n : 1, sizeof(*rows)), *r;
	size_t i = 0;

	*n = 0;
	if (!rows)
		return NULL;
	while ((r = htab_next(&s->rows, &i)))
		rows[(*n)++] = *r;
	if (*n)
		qsort(rows, *n, sizeof(*rows), by_count);
	return rows;
}
