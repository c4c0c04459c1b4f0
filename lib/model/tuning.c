// SPDX-License-Identifier: LGPL-2.1-or-later
/* Tuning with data: what a new actions_logged would add to or take from the records, by workload, from decisions counted. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/tuning.h"
#include "model/verdict.h"

static uint64_t row_hash(const void *entry)
{
	const struct tuning_row *r = entry;

	return hash_bytes(HASH_INIT, r->workload, strlen(r->workload));
}

static bool row_eq(const void *entry, const void *key)
{
	return strcmp(((const struct tuning_row *)entry)->workload, key) == 0;
}

int tuning_init(struct tuning *t, const struct action_vocab *v, action_set old, action_set new, double seconds)
{
	memset(t, 0, sizeof(*t));
	t->v = v;
	t->old = old;
	t->new = new;
	t->seconds = seconds;
	return htab_init(&t->rows, sizeof(struct tuning_row), 64, row_hash);
}

void tuning_free(struct tuning *t)
{
	struct tuning_row *r;
	size_t i = 0;

	while ((r = htab_next(&t->rows, &i)))
		free(r->workload);
	htab_free(&t->rows);
}

static size_t row_of(uint32_t code)
{
	const struct action_info *a = action_of(code);

	return a ? (size_t)(a - action_table) : ACT_KILL_EITHER;
}

int tuning_add(struct tuning *t, const char *workload, uint32_t code, uint32_t other, int flag_log, uint64_t count)
{
	int before = seen_logged(t->v, t->old, code, other, flag_log, NULL),
	    after = seen_logged(t->v, t->new, code, other, flag_log, NULL);
	struct tuning_action *ta = &t->by_action[row_of(code)];
	struct tuning_row *r;
	bool found;

	ta->seen += count;
	if (flag_log == 0)
		ta->no_flag += count;
	if (before == after && before >= 0)
		return 0;
	if (!(r = htab_insert(&t->rows, hash_bytes(HASH_INIT, workload, strlen(workload)), row_eq, workload, &found)))
		return -ENOMEM;
	if (!found && !(r->workload = strdup(workload))) {
		r->workload = NULL;
		return -ENOMEM;
	}
	if (before < 0 || after < 0) {
		r->unknown += count;
		t->unknown += count;
	} else if (after) {
		r->added += count;
		t->added += count;
		ta->added += count;
	} else {
		r->removed += count;
		t->removed += count;
		ta->removed += count;
	}
	return 0;
}

static int by_moved(const void *pa, const void *pb)
{
	const struct tuning_row *a = *(const struct tuning_row *const *)pa, *b = *(const struct tuning_row *const *)pb;
	uint64_t ma = a->added + a->removed + a->unknown, mb = b->added + b->removed + b->unknown;

	if (ma != mb)
		return ma < mb ? 1 : -1;
	return strcmp(a->workload, b->workload);
}

struct tuning_row **tuning_sorted(const struct tuning *t, size_t *n)
{
	struct tuning_row **rows = malloc((t->rows.n ? t->rows.n : 1) * sizeof(*rows)), *r;
	size_t i = 0;

	*n = 0;
	if (!rows)
		return NULL;
	while ((r = htab_next(&t->rows, &i)))
		if (r->workload)
			rows[(*n)++] = r;
	qsort(rows, *n, sizeof(*rows), by_moved);
	return rows;
}
