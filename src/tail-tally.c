// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail --summary from a source's own counts (the decision observer's). */
#include <errno.h>
#include <string.h>

#include "os/log.h"
#include "tail-tally.h"

/* A count key's identity, and its total when last asked. */
struct prev_entry {
	unsigned char key[SOURCE_TALLY_KEY_MAX];
	size_t len;
	uint64_t total;
};

struct prev_probe {
	const void *key;
	size_t len;
};

static uint64_t prev_hash(const void *entry)
{
	const struct prev_entry *e = entry;

	return hash_bytes(HASH_INIT, e->key, e->len);
}

static bool prev_eq(const void *entry, const void *key)
{
	const struct prev_entry *e = entry;
	const struct prev_probe *p = key;

	return e->len == p->len && memcmp(e->key, p->key, p->len) == 0;
}

struct summary_run {
	struct summary *s;
	const struct event_filter *f;
};

struct metrics_run {
	struct metrics *m;
	struct tally_prev *prev;
	const struct event_filter *f;
	int err;
};

/* What this key rose by since the last call: its new total less the last. */
static uint64_t rise(struct metrics_run *mr, const struct decision_seen *d, uint64_t n)
{
	struct prev_probe p = { d->key, d->key_len };
	struct prev_entry *e;
	uint64_t before;
	bool found;

	if (!d->key || d->key_len > sizeof(e->key) ||
	    !(e = htab_insert(&mr->prev->keys, hash_bytes(HASH_INIT, d->key, d->key_len), prev_eq, &p, &found))) {
		mr->err = -ENOMEM;
		return 0;
	}
	before = found ? e->total : 0;
	memcpy(e->key, d->key, d->key_len);
	e->len = d->key_len;
	e->total = n;
	return n > before ? n - before : 0;
}

static void summary_key_event(const struct decision_seen *d, struct event *e, uint64_t n, void *data)
{
	struct summary_run *sr = data;

	if (filter_match(sr->f, e))
		summary_add_n(sr->s, e, n);
}

static void metrics_key_event(const struct decision_seen *d, struct event *e, uint64_t n, void *data)
{
	struct metrics_run *mr = data;

	n = rise(mr, d, n);
	if (n && filter_match(mr->f, e))
		metrics_event_n(mr->m, e, n);
}

int summary_from_tally(struct summary *s, const struct event_filter *f, const struct assembler *proto,
		       struct source *src)
{
	struct summary_run sr = { s, f };
	int r;

	if (!src->ops->tally)
		return 0;
	if (f->pid_set || f->uid_set || f->exe) {
		p_note("the summary counts the decisions shown one by one: the kernel's own counts hold no pid, "
		       "uid or executable to select by");
		return 0;
	}
	summary_free(s);
	if ((r = summary_init(s)) < 0)
		p_err("out of memory");
	else if ((r = source_tally_events(src, proto, summary_key_event, &sr)) < 0)
		p_err("cannot read the kernel's counts of decisions: %s", strerror(-r));
	return r < 0 ? r : 0;
}

int metrics_from_tally(struct metrics *m, struct tally_prev *prev, const struct event_filter *f,
		       const struct assembler *proto, struct source *src)
{
	struct metrics_run mr = { .m = m, .prev = prev, .f = f };
	int r;

	if (!src->ops->tally)
		return 0;
	if (!prev->init) {
		if (htab_init(&prev->keys, sizeof(struct prev_entry), 256, prev_hash) < 0)
			return -ENOMEM;
		prev->init = true;
	}
	if ((r = source_tally_events(src, proto, metrics_key_event, &mr)) < 0)
		p_err("cannot read the kernel's counts of decisions: %s", strerror(-r));
	else if ((r = mr.err) < 0)
		p_err("out of memory, or a count key of the source past SOURCE_TALLY_KEY_MAX");
	return r < 0 ? r : 0;
}

void tally_prev_free(struct tally_prev *prev)
{
	if (prev->init)
		htab_free(&prev->keys);
	prev->init = false;
}
