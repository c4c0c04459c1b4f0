// SPDX-License-Identifier: LGPL-2.1-or-later
/* One record seen twice is shown once: recent records in two generations of a hash table. */
#include <stdlib.h>
#include <string.h>

#include "model/dedup.h"
#include "model/hashtab.h"

struct key {
	uint64_t serial, ms;
	uint64_t host;		/* a hash of the host the record names, 0 when none: hosts number alike */
	uint32_t type;
};

/* Two generations of half the window each: when the young one is full the
 * old one is forgotten whole, so nothing is ever deleted from a table. */
struct dedup {
	struct htab t[2];
	int young;
	uint32_t gen;
};

static uint64_t key_hash(const void *entry)
{
	const struct key *k = entry;

	return hash_u64(hash_u64(hash_u64(hash_u64(HASH_INIT, k->serial), k->ms), k->type), k->host);
}

static bool key_eq(const void *entry, const void *key)
{
	const struct key *a = entry, *b = key;

	return a->serial == b->serial && a->ms == b->ms && a->type == b->type && a->host == b->host;
}

struct dedup *dedup_new(uint32_t window)
{
	struct dedup *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->gen = window / 2;
	/* each table has twice the slots it holds: never more than half full */
	if (htab_init(&d->t[0], sizeof(struct key), window, key_hash) < 0 ||
	    htab_init(&d->t[1], sizeof(struct key), window, key_hash) < 0) {
		dedup_free(d);
		return NULL;
	}
	return d;
}

void dedup_free(struct dedup *d)
{
	if (!d)
		return;
	htab_free(&d->t[0]);
	htab_free(&d->t[1]);
	free(d);
}

bool dedup_seen(struct dedup *d, const struct audit_record *r)
{
	struct key k = { .serial = r->serial, .ms = r->sec * 1000 + r->msec, .type = r->type }, *slot;
	struct htab *young = &d->t[d->young], *old = &d->t[!d->young];
	uint64_t h;
	bool found;

	if (r->serial_unknown)
		return false;
	if (r->host) {
		size_t i;

		k.host = HASH_INIT;
		for (i = 0; i < r->host_len; i++)
			k.host = hash_u64(k.host, (unsigned char)r->host[i]);
		k.host |= 1;
	}
	h = key_hash(&k);
	if (htab_find(old, h, key_eq, &k))
		return true;
	if (young->n == d->gen) {
		/* the old generation goes; the young one becomes old (and was just asked) */
		if (htab_find(young, h, key_eq, &k))
			return true;
		htab_clear(old);
		d->young = !d->young;
		young = old;
	}
	/* asked and taken in one probe */
	if (!(slot = htab_insert(young, h, key_eq, &k, &found)))
		return false;
	if (found)
		return true;
	*slot = k;
	return false;
}
