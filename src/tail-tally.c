// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail --summary from a source's own counts (the decision observer's). */
#include <errno.h>
#include <string.h>

#include "os/log.h"
#include "tail-tally.h"

struct tally_run {
	struct summary *s;		/* the summary's, or */
	struct metrics *m;		/* the metrics' */
	struct tally_prev *prev;
	const struct event_filter *f;
	struct assembler a;
	uint64_t n;
	int err;
};

/* A count key's identity, as the observer's keys are told apart. */
struct prev_key {
	uint64_t cgroup;
	char comm[16];
	int64_t syscall;
	uint32_t arch, code, other;
	int32_t flag_log;
};

struct prev_entry {
	struct prev_key k;
	uint64_t total;
};

static uint64_t prev_hash(const void *entry)
{
	return hash_bytes(HASH_INIT, &((const struct prev_entry *)entry)->k, sizeof(struct prev_key));
}

static bool prev_eq(const void *entry, const void *key)
{
	return memcmp(&((const struct prev_entry *)entry)->k, key, sizeof(struct prev_key)) == 0;
}

/* What this key rose by since the last call: its new total less the last. */
static uint64_t rise(struct tally_run *tr, const struct decision_seen *d, uint64_t n)
{
	struct prev_key k;
	struct prev_entry *e;
	uint64_t before;
	bool found;

	memset(&k, 0, sizeof(k));
	k.cgroup = d->cgroup_id;
	memcpy(k.comm, d->comm, d->comm_len < sizeof(k.comm) ? d->comm_len : sizeof(k.comm));
	k.syscall = d->syscall;
	k.arch = d->arch;
	k.code = d->code;
	k.other = d->other;
	k.flag_log = d->flag_log;
	if (!(e = htab_insert(&tr->prev->keys, hash_bytes(HASH_INIT, &k, sizeof(k)), prev_eq, &k, &found))) {
		tr->err = -ENOMEM;
		return 0;
	}
	before = found ? e->total : 0;
	e->k = k;
	e->total = n;
	return n > before ? n - before : 0;
}

static void tally_event(struct event *e, void *data)
{
	struct tally_run *tr = data;

	if (!filter_match(tr->f, e))
		return;
	if (tr->s)
		summary_add_n(tr->s, e, tr->n);
	else
		metrics_event_n(tr->m, e, tr->n);
}

static void tally_key(const struct decision_seen *d, uint64_t n, void *data)
{
	struct tally_run *tr = data;

	tr->n = tr->prev ? rise(tr, d, n) : n;
	if (tr->n)
		assembler_seen(&tr->a, d);
}

int summary_from_tally(struct summary *s, const struct event_filter *f, const struct assembler *proto,
		       struct source *src)
{
	struct tally_run tr = { .s = s, .f = f };
	int r;

	if (!src->ops->tally)
		return 0;
	if (f->pid_set || f->uid_set || f->exe) {
		p_note("the summary counts the decisions shown one by one: the kernel's own counts hold no pid, "
		       "uid or executable to select by");
		return 0;
	}
	if (assembler_init(&tr.a, src->kind, tally_event, &tr) < 0)
		return -ENOMEM;
	tr.a.names = proto->names;
	tr.a.workload = proto->workload;
	tr.a.local_host = proto->local_host;
	summary_free(s);
	if ((r = summary_init(s)) < 0)
		p_err("out of memory");
	else if ((r = src->ops->tally(src, tally_key, &tr)) < 0)
		p_err("cannot read the kernel's counts of decisions: %s", strerror(-r));
	assembler_free(&tr.a);
	return r < 0 ? r : 0;
}

int metrics_from_tally(struct metrics *m, struct tally_prev *prev, const struct event_filter *f,
		       const struct assembler *proto, struct source *src)
{
	struct tally_run tr = { .m = m, .prev = prev, .f = f };
	int r;

	if (!src->ops->tally)
		return 0;
	if (!prev->init) {
		if (htab_init(&prev->keys, sizeof(struct prev_entry), 256, prev_hash) < 0)
			return -ENOMEM;
		prev->init = true;
	}
	if (assembler_init(&tr.a, src->kind, tally_event, &tr) < 0)
		return -ENOMEM;
	tr.a.names = proto->names;
	tr.a.workload = proto->workload;
	tr.a.local_host = proto->local_host;
	if ((r = src->ops->tally(src, tally_key, &tr)) < 0)
		p_err("cannot read the kernel's counts of decisions: %s", strerror(-r));
	else if ((r = tr.err) < 0)
		p_err("out of memory");
	assembler_free(&tr.a);
	return r < 0 ? r : 0;
}

void tally_prev_free(struct tally_prev *prev)
{
	if (prev->init)
		htab_free(&prev->keys);
	prev->init = false;
}
