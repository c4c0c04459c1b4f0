/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One open-addressing hash table for every set of keys the tool keeps. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Fixed-size entries in one array, linear probing, the caller's hash and
 * equality: --unique's keys, the summary's rows, the journal's and a log's
 * recent records (dedup), record's processes (pidtree). At most half full:
 * an insert grows it first, and when it cannot grow it takes entries up to
 * three quarters, then refuses (NULL), so a probe always ends.
 */

struct htab {
	unsigned char *slots;	/* cap entries of esize bytes */
	unsigned char *used;	/* 1 where a slot holds an entry */
	size_t esize, cap, n;
	uint64_t (*hash)(const void *entry);	/* of a stored entry: to grow */
};

typedef bool (*htab_eq_fn)(const void *entry, const void *key);

/* cap: the first size, a power of two. 0 or -ENOMEM. */
int htab_init(struct htab *h, size_t esize, size_t cap, uint64_t (*hash)(const void *entry));
void htab_free(struct htab *h);
/* Twice the slots, every entry where a look-up finds it. 0 or -ENOMEM. */
int htab_grow(struct htab *h);

/* Look-ups and inserts are inline: the caller's eq (a static function) is
 * inlined into each probe, which runs for every record of a storm. */
static inline void *htab_at(const struct htab *h, size_t i)
{
	return h->slots + i * h->esize;
}

/* Where key is, or the empty slot where it would go. */
static inline size_t htab_probe(const struct htab *h, uint64_t hash, htab_eq_fn eq, const void *key)
{
	size_t i = (size_t)hash & (h->cap - 1);

	while (h->used[i] && !eq(htab_at(h, i), key))
		i = (i + 1) & (h->cap - 1);
	return i;
}

/* The entry equal to key, or NULL. */
static inline void *htab_find(const struct htab *h, uint64_t hash, htab_eq_fn eq, const void *key)
{
	size_t i;

	if (!h->cap)
		return NULL;
	i = htab_probe(h, hash, eq, key);
	return h->used[i] ? htab_at(h, i) : NULL;
}

/* The entry equal to key (*found), or a new zeroed one for it, counted; the
 * caller fills it. NULL when the table is full and cannot grow. The pointer
 * holds until the next insert or removal. */
static inline void *htab_insert(struct htab *h, uint64_t hash, htab_eq_fn eq, const void *key, bool *found)
{
	size_t i = htab_probe(h, hash, eq, key);

	*found = h->used[i];
	if (*found)
		return htab_at(h, i);
	if ((h->n + 1) * 2 > h->cap) {
		if (htab_grow(h) < 0 && (h->n + 1) * 4 > h->cap * 3)
			return NULL;
		i = htab_probe(h, hash, eq, key);
	}
	h->used[i] = 1;
	h->n++;
	__builtin_memset(htab_at(h, i), 0, h->esize);
	return htab_at(h, i);
}
/* Forget every entry (the size stays). */
void htab_clear(struct htab *h);
/* Take out the entries drop() says so of; it may be asked again of an entry it kept. */
void htab_remove_if(struct htab *h, bool (*drop)(void *entry, void *data), void *data);
/* Every entry, in no order: start with *i = 0; NULL at the end. */
void *htab_next(const struct htab *h, size_t *i);

/* FNV-1a, a step at a time: start from HASH_INIT. */
#define HASH_INIT 1469598103934665603ULL
uint64_t hash_bytes(uint64_t h, const void *p, size_t n);

static inline uint64_t hash_u64(uint64_t h, uint64_t v)
{
	/* the whole word at once: a number's bytes are not worth a step each */
	h = (h ^ v) * 1099511628211ULL;
	return h ^ (h >> 29);
}
