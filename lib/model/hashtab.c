// SPDX-License-Identifier: LGPL-2.1-or-later
/* One open-addressing hash table (see hashtab.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/hashtab.h"

uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n--)
		h = (h ^ *s++) * 1099511628211ULL;
	return h;
}

uint64_t hash_u64(uint64_t h, uint64_t v)
{
	/* the whole word at once: a number's bytes are not worth a step each */
	h = (h ^ v) * 1099511628211ULL;
	return h ^ (h >> 29);
}

int htab_init(struct htab *h, size_t esize, size_t cap, uint64_t (*hash)(const void *entry))
{
	memset(h, 0, sizeof(*h));
	h->esize = esize;
	h->cap = cap;
	h->hash = hash;
	h->slots = calloc(cap, esize);
	h->used = calloc(cap, 1);
	if (!h->slots || !h->used) {
		htab_free(h);
		return -ENOMEM;
	}
	return 0;
}

void htab_free(struct htab *h)
{
	free(h->slots);
	free(h->used);
	h->slots = h->used = NULL;
	h->cap = h->n = 0;
}

static inline void *at(const struct htab *h, size_t i)
{
	return h->slots + i * h->esize;
}

/* Where key is, or the empty slot where it would go. */
static size_t probe(const struct htab *h, uint64_t hash, htab_eq_fn eq, const void *key)
{
	size_t i = (size_t)hash & (h->cap - 1);

	while (h->used[i] && !eq(at(h, i), key))
		i = (i + 1) & (h->cap - 1);
	return i;
}

void *htab_find(const struct htab *h, uint64_t hash, htab_eq_fn eq, const void *key)
{
	size_t i;

	if (!h->cap)
		return NULL;
	i = probe(h, hash, eq, key);
	return h->used[i] ? at(h, i) : NULL;
}

/* Every entry into a table of cap slots, each where a look-up finds it. */
static int rehash(struct htab *h, size_t cap)
{
	unsigned char *slots = calloc(cap, h->esize), *used = calloc(cap, 1);
	size_t i, j;

	if (!slots || !used) {
		free(slots);
		free(used);
		return -ENOMEM;
	}
	for (i = 0; i < h->cap; i++) {
		if (!h->used[i])
			continue;
		for (j = (size_t)h->hash(at(h, i)) & (cap - 1); used[j]; j = (j + 1) & (cap - 1))
			;
		memcpy(slots + j * h->esize, at(h, i), h->esize);
		used[j] = 1;
	}
	free(h->slots);
	free(h->used);
	h->slots = slots;
	h->used = used;
	h->cap = cap;
	return 0;
}

void *htab_insert(struct htab *h, uint64_t hash, htab_eq_fn eq, const void *key, bool *found)
{
	size_t i = probe(h, hash, eq, key);

	*found = h->used[i];
	if (*found)
		return at(h, i);
	if ((h->n + 1) * 2 > h->cap) {
		if (rehash(h, h->cap * 2) < 0 && (h->n + 1) * 4 > h->cap * 3)
			return NULL;
		i = probe(h, hash, eq, key);
	}
	h->used[i] = 1;
	h->n++;
	memset(at(h, i), 0, h->esize);
	return at(h, i);
}

void htab_clear(struct htab *h)
{
	memset(h->used, 0, h->cap);
	h->n = 0;
}

/* Empty slot i, and shift back what follows it in its run so that every
 * entry stays where a probe from its hash reaches it (no tombstones, no
 * allocation). */
static void delete_at(struct htab *h, size_t i)
{
	size_t mask = h->cap - 1, j = i, k;

	h->used[i] = 0;
	h->n--;
	for (;;) {
		j = (j + 1) & mask;
		if (!h->used[j])
			return;
		k = (size_t)h->hash(at(h, j)) & mask;
		/* j stays when its home k lies cyclically in (i, j] */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		memcpy(at(h, i), at(h, j), h->esize);
		h->used[i] = 1;
		h->used[j] = 0;
		i = j;
	}
}

void htab_remove_if(struct htab *h, bool (*drop)(void *entry, void *data), void *data)
{
	size_t i = 0;

	/* an entry shifted back into slot i is looked at there; one shifted
	 * from the table's start to its end was looked at already, and a kept
	 * entry is kept again */
	while (i < h->cap) {
		if (h->used[i] && drop(at(h, i), data))
			delete_at(h, i);
		else
			i++;
	}
}

void *htab_next(const struct htab *h, size_t *i)
{
	for (; *i < h->cap; (*i)++)
		if (h->used[*i])
			return at(h, (*i)++);
	return NULL;
}
