// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/unique.h"

int unique_init(struct unique *u, int64_t window_ms)
{
	memset(u, 0, sizeof(*u));
	u->window_ms = window_ms;
	u->next_ms = INT64_MAX;
	u->size = 1024;
	u->keys = calloc(u->size, sizeof(*u->keys));
	return u->keys ? 0 : -ENOMEM;
}

void unique_free(struct unique *u)
{
	size_t i;

	for (i = 0; u->keys && i < u->size; i++)
		free(u->keys[i].exe);
	free(u->keys);
	memset(u, 0, sizeof(*u));
}

static uint64_t hash(const char *exe, size_t len, uint32_t arch, int64_t nr, uint32_t action)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)exe[i]) * 1099511628211ULL;
	h = (h ^ arch) * 1099511628211ULL;
	h = (h ^ (uint64_t)nr) * 1099511628211ULL;
	return (h ^ action) * 1099511628211ULL;
}

static struct unique_key *slot(struct unique *u, const char *exe, size_t len, uint32_t arch, int64_t nr,
			       uint32_t action)
{
	size_t i = hash(exe, len, arch, nr, action) & (u->size - 1);
	struct unique_key *k;

	for (;; i = (i + 1) & (u->size - 1)) {
		k = &u->keys[i];
		if (!k->exe || (k->exe_len == len && k->arch == arch && k->nr == nr && k->action == action &&
				!memcmp(k->exe, exe, len)))
			return k;
	}
}

static int grow(struct unique *u)
{
	struct unique_key *old = u->keys, *k;
	size_t n = u->size, i;

	u->keys = calloc(n * 2, sizeof(*u->keys));
	if (!u->keys) {
		u->keys = old;
		return -ENOMEM;
	}
	u->size = n * 2;
	for (i = 0; i < n; i++)
		if (old[i].exe) {
			k = slot(u, old[i].exe, old[i].exe_len, old[i].arch, old[i].nr, old[i].action);
			*k = old[i];
		}
	free(old);
	return 0;
}

static struct unique_key *add(struct unique *u, const struct unique_key *src)
{
	struct unique_key *k;

	if (u->used >= UNIQUE_MAX || ((u->used + 1) * 2 > u->size && grow(u) < 0))
		return NULL;
	k = slot(u, src->exe, src->exe_len, src->arch, src->nr, src->action);
	if (k->exe)
		return k;
	*k = *src;
	if (!(k->exe = malloc(src->exe_len + 1))) {
		memset(k, 0, sizeof(*k));
		return NULL;
	}
	memcpy(k->exe, src->exe, src->exe_len);
	k->exe[src->exe_len] = '\0';
	u->used++;
	if (k->first_ms + u->window_ms < u->next_ms)
		u->next_ms = k->first_ms + u->window_ms;
	return k;
}

bool unique_see(struct unique *u, const struct event *e, int64_t ms)
{
	struct unique_key want = {
		.exe = span_has(e->exe) ? (char *)event_str(e, e->exe) : "",
		.exe_len = span_has(e->exe) ? e->exe.len : 0,
		.arch = e->has_arch ? e->arch : 0,
		.nr = e->syscall,
		.action = e->code & SECCOMP_RET_ACTION_FULL,
		.arch_name = e->arch_name,
		.syscall_name = e->syscall_name,
		.action_name = e->action ? e->action->name : NULL,
		.first_ms = ms,
		.last_ms = ms,
	};
	struct unique_key *k = slot(u, want.exe, want.exe_len, want.arch, want.nr, want.action);

	if (k->exe && ms < k->first_ms + u->window_ms) {
		k->repeats++;
		if (ms > k->last_ms)
			k->last_ms = ms;
		return false;
	}
	if (k->exe) {
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

void unique_expire(struct unique *u, int64_t now_ms, void (*fn)(const struct unique_key *k, void *data),
		   void *data)
{
	size_t i;
	bool removed = false;

	if (now_ms != INT64_MAX && now_ms < u->next_ms)
		return;
	u->next_ms = INT64_MAX;
	for (i = 0; i < u->size; i++) {
		struct unique_key *k = &u->keys[i];

		if (!k->exe)
			continue;
		if (now_ms != INT64_MAX && now_ms < k->first_ms + u->window_ms) {
			if (k->first_ms + u->window_ms < u->next_ms)
				u->next_ms = k->first_ms + u->window_ms;
			continue;
		}
		if (k->repeats)
			fn(k, data);
		free(k->exe);
		memset(k, 0, sizeof(*k));
		u->used--;
		removed = true;
	}
	if (removed) {
		/* open addressing: what remains goes back where a look-up finds it */
		struct unique_key *old = u->keys;
		size_t n = u->size;

		if ((u->keys = calloc(n, sizeof(*u->keys)))) {
			for (i = 0; i < n; i++)
				if (old[i].exe)
					*slot(u, old[i].exe, old[i].exe_len, old[i].arch, old[i].nr, old[i].action) = old[i];
			free(old);
		} else {
			u->keys = old;	/* keep the table as it is: a look-up may miss a key, and write again */
		}
	}
}

int unique_restore(struct unique *u, const struct unique_key *k)
{
	return add(u, k) ? 0 : -ENOMEM;
}
