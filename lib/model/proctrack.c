// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every process seen, by pid and lifetime: whose a record was, also after it ended. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/array.h"
#include "model/proctrack.h"

#define ALIVE UINT32_MAX

static uint64_t proc_hash(const void *entry)
{
	return hash_u64(HASH_INIT, (uint64_t)(uint32_t)((const struct pt_entry *)entry)->pid);
}

static bool proc_eq(const void *entry, const void *key)
{
	return ((const struct pt_entry *)entry)->pid == *(const int32_t *)key;
}

/* The pool's index: a string's id and its hash (kept, so that growing needs no string). */
struct pool_slot {
	uint64_t hash;
	uint32_t id;
};

struct pool_key {
	const char *s;
	size_t len;
	char *const *pool;
};

static uint64_t pool_hash(const void *entry)
{
	return ((const struct pool_slot *)entry)->hash;
}

static bool pool_eq(const void *entry, const void *key)
{
	const struct pool_key *k = key;
	const char *s = k->pool[((const struct pool_slot *)entry)->id - 1];

	return strncmp(s, k->s, k->len) == 0 && s[k->len] == '\0';
}

/* ms since the base; before it is 0, so that a start long ago is "before" */
static uint32_t rel(const struct proctrack *t, uint64_t ms)
{
	if (ms <= t->base_ms)
		return 0;
	return ms - t->base_ms >= ALIVE ? ALIVE - 1 : (uint32_t)(ms - t->base_ms);
}

int proctrack_init(struct proctrack *t, uint64_t now_ms)
{
	memset(t, 0, sizeof(*t));
	/* a base a day back: the start times of processes found in /proc,
	 * and records the kernel held for a reader, come before the tracker
	 * began, and are told apart from it */
	t->base_ms = now_ms > 86400000 ? now_ms - 86400000 : 0;
	if (htab_init(&t->procs, sizeof(struct pt_entry), 1024, proc_hash) < 0 ||
	    htab_init(&t->prevs, sizeof(struct pt_prev), 64, proc_hash) < 0 ||
	    htab_init(&t->pool_index, sizeof(struct pool_slot), 64, pool_hash) < 0) {
		proctrack_free(t);
		return -ENOMEM;
	}
	t->since = rel(t, now_ms);
	t->last_sweep = t->since;
	return 0;
}

void proctrack_free(struct proctrack *t)
{
	size_t i;

	htab_free(&t->procs);
	htab_free(&t->prevs);
	htab_free(&t->pool_index);
	for (i = 0; i < t->npool; i++)
		free(t->pool[i]);
	free(t->pool);
	memset(t, 0, sizeof(*t));
}

const char *proctrack_cgroup(const struct proctrack *t, uint32_t id)
{
	return id && id <= t->npool ? t->pool[id - 1] : NULL;
}

uint32_t proctrack_intern(struct proctrack *t, const char *path, size_t len)
{
	struct pool_key k = { path, len, t->pool };
	uint64_t h = hash_bytes(HASH_INIT, path, len);
	struct pool_slot *slot = t->npool ? htab_find(&t->pool_index, h, pool_eq, &k) : NULL;
	bool found;
	char *s;

	if (slot)
		return slot->id;
	if (ARRAY_GROW(t->pool, t->pool_cap, t->npool) < 0)
		return 0;
	if (!(s = strndup(path, len)))
		return 0;
	k.pool = t->pool;
	if (!(slot = htab_insert(&t->pool_index, h, pool_eq, &k, &found))) {
		free(s);
		return 0;
	}
	t->pool[t->npool++] = s;
	slot->hash = h;
	slot->id = (uint32_t)t->npool;
	return slot->id;
}

static struct pt_entry *entry(struct proctrack *t, int32_t pid)
{
	struct pt_entry *e;
	bool found;

	e = htab_insert(&t->procs, proc_hash(&(struct pt_entry){ .pid = pid }), proc_eq, &pid, &found);
	if (e && !found)
		e->pid = pid;
	return e;
}

static struct pt_entry *find(const struct proctrack *t, int32_t pid)
{
	return htab_find(&t->procs, proc_hash(&(struct pt_entry){ .pid = pid }), proc_eq, &pid);
}

static struct pt_inst *prev_of(const struct proctrack *t, int32_t pid)
{
	struct pt_prev *p = t->prevs.n ? htab_find(&t->prevs, proc_hash(&(struct pt_entry){ .pid = pid }), proc_eq, &pid)
				       : NULL;

	return p && p->inst.valid ? &p->inst : NULL;
}

static bool alive(const struct pt_inst *i)
{
	return i->valid && i->end == ALIVE;
}

static bool starts_within(const struct pt_inst *i, uint32_t lo, uint32_t hi)
{
	return i->valid && i->start <= hi && lo <= i->start + i->width;
}

/* A new holder of e's pid: the one before it ended by `ended` at the latest. */
static void new_holder(struct proctrack *t, struct pt_entry *e, uint32_t ended)
{
	struct pt_inst *old = prev_of(t, e->pid);
	struct pt_prev *p;
	bool found;

	if (alive(&e->cur))
		e->cur.end = ended;	/* its exit was not seen */
	if (old && old->end > e->dropped_end)
		e->dropped_end = old->end;
	if (e->cur.valid) {
		p = htab_insert(&t->prevs, proc_hash(e), proc_eq, &e->pid, &found);
		if (p) {
			p->pid = e->pid;
			p->inst = e->cur;
		} else if (e->cur.end > e->dropped_end) {
			e->dropped_end = e->cur.end;	/* no room: forgotten, and so doubted */
		}
	}
	memset(&e->cur, 0, sizeof(e->cur));
	e->cur.valid = 1;
	e->cur.end = ALIVE;
}

void proctrack_fork(struct proctrack *t, int32_t parent, int32_t child, uint64_t ms)
{
	const struct pt_entry *p = find(t, parent);
	uint32_t cg = p && alive(&p->cur) ? p->cur.cgroup : 0, at = rel(t, ms);
	struct pt_entry *e = entry(t, child);

	__atomic_add_fetch(&t->generation, 1, __ATOMIC_RELEASE);
	if (!e)
		return;
	/* the same process, seen in /proc before its event was read */
	if (alive(&e->cur) && starts_within(&e->cur, at > 0 ? at - 1 : 0, at)) {
		e->cur.start = at;
		e->cur.width = 0;
		return;
	}
	new_holder(t, e, at);
	e->cur.start = at;
	e->cur.cgroup = cg;
}

void proctrack_exec(struct proctrack *t, int32_t pid, uint64_t ms)
{
	struct pt_entry *e = find(t, pid);

	__atomic_add_fetch(&t->generation, 1, __ATOMIC_RELEASE);
	/* its cgroup may have changed between fork and exec (a runtime moves
	 * its child in): it is read again, and until then it is not known;
	 * unless it was read after the exec (its event is read late) */
	if (e && alive(&e->cur) && (!e->cur.read || e->cur.read <= rel(t, ms)))
		e->cur.stale = 1;
}

void proctrack_exit(struct proctrack *t, int32_t pid, uint64_t ms)
{
	struct pt_entry *e = find(t, pid);

	__atomic_add_fetch(&t->generation, 1, __ATOMIC_RELEASE);
	if (e && alive(&e->cur))
		e->cur.end = rel(t, ms);
	else if (!e && (e = entry(t, pid)))
		e->dropped_end = rel(t, ms);	/* a process that ended unseen: its pid had a holder then */
}

void proctrack_overrun(struct proctrack *t, uint64_t now_ms)
{
	__atomic_add_fetch(&t->generation, 1, __ATOMIC_RELEASE);
	t->overrun = rel(t, now_ms);
}

void proctrack_observe(struct proctrack *t, int32_t pid, uint64_t start_lo, uint64_t start_hi, uint32_t cgroup,
		       uint64_t now_ms)
{
	uint32_t lo = rel(t, start_lo), hi = rel(t, start_hi);
	struct pt_entry *e = entry(t, pid);
	struct pt_inst *i, *old;

	__atomic_add_fetch(&t->generation, 1, __ATOMIC_RELEASE);
	if (!e)
		return;
	old = prev_of(t, pid);
	/* one the tracker holds, when its start falls in the window read (a
	 * zombie is read after its exit was told) */
	if (starts_within(&e->cur, lo, hi)) {
		i = &e->cur;
	} else if (old && starts_within(old, lo, hi)) {
		i = old;
	} else {
		new_holder(t, e, hi);
		e->cur.start = lo;
		e->cur.width = hi - lo > 255 ? 255 : (uint8_t)(hi - lo);
		i = &e->cur;
	}
	if (cgroup) {
		i->cgroup = cgroup;
		i->read = rel(t, now_ms) ? rel(t, now_ms) : 1;
		i->stale = 0;
	}
}

const struct pt_inst *proctrack_living(const struct proctrack *t, int32_t pid)
{
	const struct pt_entry *e = find(t, pid);

	return e && alive(&e->cur) ? &e->cur : NULL;
}

/* i held the pid at some time in [lo, hi]; an end is an event's time, which
 * may be PT_ROUND_MS off the record's clock */
static bool possible(const struct pt_inst *i, uint32_t lo, uint32_t hi)
{
	return i && i->valid && i->start <= hi && i->end >= (lo > PT_ROUND_MS ? lo - PT_ROUND_MS : 0);
}

uint32_t proctrack_lookup(const struct proctrack *t, int32_t pid, uint64_t rec_ms, enum workload_why *why)
{
	const struct pt_entry *e = find(t, pid);
	uint32_t lo = rel(t, rec_ms), hi = rel(t, rec_ms + 1 + RECORD_CLOCK_SLACK_MS), unseen;
	const struct pt_inst *one = NULL, *oldest, *old;
	int n = 0;

	if (!e) {
		*why = WHY_GONE;
		return 0;
	}
	old = prev_of(t, pid);
	if (possible(&e->cur, lo, hi))
		one = &e->cur, n++;
	if (possible(old, lo, hi))
		one = old, n++;
	/* a holder the tracker never knew ended by then at the latest: before
	 * the oldest it knows started, and before it began, forgot one, or
	 * lost events */
	oldest = old ? old : &e->cur;
	unseen = t->since > e->dropped_end ? t->since : e->dropped_end;
	if (t->horizon > unseen)
		unseen = t->horizon;
	if (oldest->valid && oldest->start + oldest->width < unseen)
		unseen = oldest->start + oldest->width;
	if (n == 1 && unseen >= lo) {
		*why = WHY_REUSED;
		return 0;
	}
	/* events lost after the record: its pid may have changed hands unseen,
	 * unless the one found was read after the loss and held it since before */
	if (n == 1 && t->overrun >= lo &&
	    !(one == &e->cur && one->read >= t->overrun && one->start + one->width < lo)) {
		*why = WHY_EVENTS_LOST;
		return 0;
	}
	if (n != 1) {
		*why = n ? WHY_REUSED : WHY_GONE;
		return 0;
	}
	if (one->stale) {
		*why = WHY_MOVED;
		return 0;
	}
	if (!one->cgroup) {
		*why = WHY_GONE;
		return 0;
	}
	*why = WHY_KNOWN;
	return one->cgroup;
}

struct sweep {
	struct proctrack *t;
	uint32_t before, horizon;
};

static bool prev_expired(void *entry, void *data)
{
	struct pt_prev *p = entry;
	struct sweep *s = data;
	struct pt_entry *e;

	if (p->inst.end >= s->before)
		return false;
	/* its pid's entry remembers that it had a holder then */
	if ((e = find(s->t, p->pid)) && p->inst.end > e->dropped_end)
		e->dropped_end = p->inst.end;
	else if (!e && p->inst.end > s->horizon)
		s->horizon = p->inst.end;
	return true;
}

static bool expired(void *entry, void *data)
{
	struct pt_entry *e = entry;
	struct sweep *s = data;
	uint32_t end = e->cur.valid ? e->cur.end : e->dropped_end;

	if (end >= s->before || prev_of(s->t, e->pid))
		return false;
	if (end > s->horizon)
		s->horizon = end;
	return true;
}

void proctrack_sweep(struct proctrack *t, uint64_t now_ms)
{
	uint32_t now = rel(t, now_ms);
	struct sweep s;

	if (now < t->last_sweep + 1000 || now < PT_EXPIRE_MS)
		return;
	__atomic_add_fetch(&t->generation, 1, __ATOMIC_RELEASE);
	t->last_sweep = now;
	s.t = t;
	s.before = now - PT_EXPIRE_MS;
	s.horizon = t->horizon;
	htab_remove_if(&t->prevs, prev_expired, &s);
	htab_remove_if(&t->procs, expired, &s);
	t->horizon = s.horizon;
}

size_t proctrack_bytes(const struct proctrack *t)
{
	size_t n = t->procs.cap * (t->procs.esize + 1) + t->prevs.cap * (t->prevs.esize + 1) +
		   t->pool_index.cap * (t->pool_index.esize + 1) +
		   t->pool_cap * sizeof(char *), i;

	for (i = 0; i < t->npool; i++)
		n += strlen(t->pool[i]) + 1;
	return n;
}
