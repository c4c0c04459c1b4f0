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
/* The entry equal to key, or NULL. */
void *htab_find(const struct htab *h, uint64_t hash, htab_eq_fn eq, const void *key);
/* The entry equal to key (*found), or a new zeroed one for it, counted; the
 * caller fills it. NULL when the table is full and cannot grow. The pointer
 * holds until the next insert or removal. */
void *htab_insert(struct htab *h, uint64_t hash, htab_eq_fn eq, const void *key, bool *found);
/* Forget every entry (the size stays). */
void htab_clear(struct htab *h);
/* Take out the entries drop() says so of; it may be asked again of an entry it kept. */
void htab_remove_if(struct htab *h, bool (*drop)(void *entry, void *data), void *data);
/* Every entry, in no order: start with *i = 0; NULL at the end. */
void *htab_next(const struct htab *h, size_t *i);

/* FNV-1a, a step at a time: start from HASH_INIT. */
#define HASH_INIT 1469598103934665603ULL
uint64_t hash_bytes(uint64_t h, const void *p, size_t n);
uint64_t hash_u64(uint64_t h, uint64_t v);
