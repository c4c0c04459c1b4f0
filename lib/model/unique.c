// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail --unique's windows, in a hash table of keys (see unique.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/actions.h"
#include "model/unique.h"

static uint64_t key_hash(const struct unique_key *k)
{
	uint64_t h = hash_bytes(hash_bytes(HASH_INIT, k->exe, k->exe_len), k->workload, k->wl_len);

	h = hash_u64(h, k->arch);
	h = hash_u64(h, (uint64_t)k->nr);
	return hash_u64(h, k->code & SECCOMP_RET_ACTION_FULL);
}

static uint64_t entry_hash(const void *entry)
{
	return key_hash(entry);
}

static bool key_eq(const void *entry, const void *key)
{
	const struct unique_key *a = entry, *b = key;

	return a->exe_len == b->exe_len && a->arch == b->arch && a->nr == b->nr &&
	       (a->code & SECCOMP_RET_ACTION_FULL) == (b->code & SECCOMP_RET_ACTION_FULL) &&
	       a->wl_len == b->wl_len && !memcmp(a->exe, b->exe, a->exe_len) &&
	       (!a->wl_len || !memcmp(a->workload, b->workload, a->wl_len));
}

int unique_init(struct unique *u, int64_t window_ms)
{
	memset(u, 0, sizeof(*u));
	u->window_ms = window_ms;
	u->next_ms = INT64_MAX;
	return htab_init(&u->keys, sizeof(struct unique_key), 1024, entry_hash);
}

void unique_free(struct unique *u)
{
	struct unique_key *k;
	size_t i = 0;

	while ((k = htab_next(&u->keys, &i)))
		free(k->exe);
	htab_free(&u->keys);
	memset(u, 0, sizeof(*u));
}

static struct unique_key *add(struct unique *u, const struct unique_key *src)
{
	struct unique_key *k;
	char *exe;
	bool found;

	if (u->keys.n >= UNIQUE_MAX || !(exe = malloc(src->exe_len + 1 + src->wl_len + 1)))
		return NULL;
	if (!(k = htab_insert(&u->keys, key_hash(src), key_eq, src, &found)) || found) {
		free(exe);
		return k;
	}
	*k = *src;
	memcpy(exe, src->exe, src->exe_len);
	exe[src->exe_len] = '\0';
	if (src->wl_len)
		memcpy(exe + src->exe_len + 1, src->workload, src->wl_len);
	exe[src->exe_len + 1 + src->wl_len] = '\0';
	k->exe = exe;
	k->workload = exe + src->exe_len + 1;
	if (k->first_ms + u->window_ms < u->next_ms)
		u->next_ms = k->first_ms + u->window_ms;
	return k;
}

bool unique_see(struct unique *u, const struct event *e, int64_t ms)
{
	char wl[EVENT_NAME_MAX + 32];
	size_t wl_len = event_workload_label(e, wl, sizeof(wl));
	struct unique_key want = {
		.workload = wl,
		.wl_len = wl_len,
		.exe = span_has(e->exe) ? (char *)event_str(e, e->exe) : "",
		.exe_len = span_has(e->exe) ? e->exe.len : 0,
		.arch = e->has_arch ? e->arch : 0,
		.nr = e->syscall,
		.code = e->code,
		.arch_name = e->arch_name,
		.syscall_name = e->syscall_name,
		.first_ms = ms,
		.last_ms = ms,
	};
	struct unique_key *k = htab_find(&u->keys, key_hash(&want), key_eq, &want);

	if (k && ms < k->first_ms + u->window_ms) {
		k->repeats++;
		if (ms > k->last_ms)
			k->last_ms = ms;
		return false;
	}
	if (k) {
		/* its window has gone by: this event opens the next one (the repeats
		 * of the last were told by unique_expire, or are told now) */
		k->first_ms = k->last_ms = ms;
		k->repeats = 0;
		if (ms + u->window_ms < u->next_ms)
			u->next_ms = ms + u->window_ms;
		return true;
	}
	if (!add(u, &want))
		u->overflow++;
	return true;
}

struct expiry {
	struct unique *u;
	int64_t now_ms;
	void (*fn)(const struct unique_key *k, void *data);
	void *data;
};

static bool expired(void *entry, void *data)
{
	struct unique_key *k = entry;
	struct expiry *x = data;
	int64_t ends = k->first_ms + x->u->window_ms;

	if (x->now_ms != INT64_MAX && x->now_ms < ends) {
		if (ends < x->u->next_ms)
			x->u->next_ms = ends;
		return false;
	}
	if (k->repeats)
		x->fn(k, x->data);
	free(k->exe);
	return true;
}

void unique_expire(struct unique *u, int64_t now_ms, void (*fn)(const struct unique_key *k, void *data),
		   void *data)
{
	struct expiry x = { u, now_ms, fn, data };

	if (now_ms != INT64_MAX && now_ms < u->next_ms)
		return;
	u->next_ms = INT64_MAX;
	htab_remove_if(&u->keys, expired, &x);
}

int unique_restore(struct unique *u, const struct unique_key *k)
{
	return add(u, k) ? 0 : -ENOMEM;
}
