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
		for (j = (size_t)h->hash(htab_at(h, i)) & (cap - 1); used[j]; j = (j + 1) & (cap - 1))
			;
		memcpy(slots + j * h->esize, htab_at(h, i), h->esize);
		used[j] = 1;
	}
	free(h->slots);
	free(h->used);
	h->slots = slots;
	h->used = used;
	h->cap = cap;
	return 0;
}

int htab_grow(struct htab *h)
{
	return rehash(h, h->cap * 2);
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
		k = (size_t)h->hash(htab_at(h, j)) & mask;
		/* j stays when its home k lies cyclically in (i, j] */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		memcpy(htab_at(h, i), htab_at(h, j), h->esize);
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
		if (h->used[i] && drop(htab_at(h, i), data))
			delete_at(h, i);
		else
			i++;
	}
}

void *htab_next(const struct htab *h, size_t *i)
{
	for (; *i < h->cap; (*i)++)
		if (h->used[*i])
			return htab_at(h, (*i)++);
	return NULL;
}
