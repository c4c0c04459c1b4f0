// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdlib.h>
#include <string.h>

#include "model/dedup.h"

struct key {
	uint64_t serial, ms;
	uint32_t type;
	bool used;
};

/* Two generations of half the window each: when the young one is full the
 * old one is forgotten whole, so nothing is ever deleted from a table. Each
 * table has twice the slots it holds. */
struct table {
	struct key *slots;
	uint32_t n;
};

struct dedup {
	struct table t[2];
	int young;
	uint32_t gen, mask;
};

struct dedup *dedup_new(uint32_t window)
{
	struct dedup *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->gen = window / 2;
	d->mask = window - 1;	/* slots: 2 * gen = window */
	d->t[0].slots = calloc(window, sizeof(struct key));
	d->t[1].slots = calloc(window, sizeof(struct key));
	if (!d->t[0].slots || !d->t[1].slots) {
		dedup_free(d);
		return NULL;
	}
	return d;
}

void dedup_free(struct dedup *d)
{
	if (!d)
		return;
	free(d->t[0].slots);
	free(d->t[1].slots);
	free(d);
}

static uint32_t hash(const struct dedup *d, const struct key *k)
{
	uint64_t h = k->serial * 0x9e3779b97f4a7c15ULL ^ k->ms * 0xc2b2ae3d27d4eb4fULL ^ k->type;

	return (uint32_t)(h ^ h >> 32) & d->mask;
}

/* The slot of k in t: where it is, or the free one where it would go. */
static struct key *find(const struct dedup *d, struct table *t, const struct key *k)
{
	uint32_t i;

	for (i = hash(d, k); t->slots[i].used; i = (i + 1) & d->mask)
		if (t->slots[i].serial == k->serial && t->slots[i].ms == k->ms && t->slots[i].type == k->type)
			break;
	return &t->slots[i];
}

bool dedup_seen(struct dedup *d, const struct audit_record *r)
{
	struct key k = { r->serial, r->sec * 1000 + r->msec, r->type, true };
	struct table *young = &d->t[d->young], *old = &d->t[!d->young];
	struct key *slot;

	if (r->serial_unknown)
		return false;
	if (find(d, old, &k)->used || (slot = find(d, young, &k))->used)
		return true;
	if (young->n == d->gen) {
		/* the old generation goes; the young one becomes old */
		memset(old->slots, 0, (d->mask + 1) * sizeof(struct key));
		old->n = 0;
		d->young = !d->young;
		young = old;
		slot = find(d, young, &k);
	}
	*slot = k;
	young->n++;
	return false;
}
