// SPDX-License-Identifier: LGPL-2.1-or-later
/* Is this CONFIG_CHANGE record the proof of our write to actions_logged? */
#include <errno.h>
#include <string.h>

#include "model/watch.h"

void watch_init(struct change_watch *w, const struct action_vocab *v, pid_t self,
		action_set old, action_set new, bool write_ok)
{
	memset(w, 0, sizeof(*w));
	w->vocab = v;
	w->self = self;
	w->old = old;
	w->new = new;
	w->write_ok = write_ok;
}

static struct watched_change *by_serial(struct change_watch *w, uint64_t serial)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->seen[i].c.serial == serial)
			return &w->seen[i];
	return NULL;
}

static bool could_be_ours(const struct change_watch *w, const struct watched_change *c)
{
	if (c->who_known && c->who.pid != w->self)
		return false;
	if (w->write_ok)
		return c->c.res == 1 && c->c.actions_known && c->c.actions == w->new;
	return c->c.res == 0;
}

const struct watched_change *watch_ours(const struct change_watch *w)
{
	const struct watched_change *pick = NULL;
	size_t i;

	/* a record whose writer is known to be us beats one whose writer is unknown */
	for (i = 0; i < w->n; i++) {
		if (!could_be_ours(w, &w->seen[i]))
			continue;
		if (w->seen[i].who_known)
			return &w->seen[i];
		if (!pick)
			pick = &w->seen[i];
	}
	return pick;
}

bool watch_feed(struct change_watch *w, uint32_t type, const char *payload, size_t len)
{
	const struct watched_change *ours;
	struct watched_change *c;
	struct audit_record r;
	struct logging_change lc;
	struct syscall_who who;
	int e;

	if (record_parse_payload(type, payload, len, &r) < 0) {
		w->malformed++;
		return false;
	}
	switch (type) {
	case AUDIT_TYPE_CONFIG_CHANGE:
		e = record_logging_change(w->vocab, &r, &lc);
		if (e == -EINVAL)
			w->malformed++;
		if (e < 0)
			break;
		if (w->n == WATCH_MAX_RECORDS) {
			w->dropped++;
			break;
		}
		c = &w->seen[w->n++];
		memset(c, 0, sizeof(*c));
		c->c = lc;
		break;
	case AUDIT_TYPE_SYSCALL:
		c = by_serial(w, r.serial);
		if (c && record_syscall_who(&r, &who) == 0) {
			c->who = who;
			c->who_known = true;
		}
		break;
	case AUDIT_TYPE_EOE:
		c = by_serial(w, r.serial);
		if (c)
			c->ended = true;
		break;
	}
	ours = watch_ours(w);
	return ours && (ours->who_known || ours->ended);
}

bool watch_is_concurrent(const struct change_watch *w, const struct watched_change *c)
{
	const struct watched_change *ours = watch_ours(w);

	if (c == ours)
		return false;
	/* a change that finished before our read produced the value we read */
	if ((!ours || c->c.serial < ours->c.serial) && c->c.res == 1 &&
	    c->c.actions_known && c->c.actions == w->old)
		return false;
	/* a refused write changed nothing */
	return c->c.res == 1;
}

enum watch_verdict watch_verdict(const struct change_watch *w)
{
	const struct watched_change *ours = watch_ours(w);
	size_t i;

	for (i = 0; i < w->n; i++)
		if (watch_is_concurrent(w, &w->seen[i]))
			return WATCH_CONCURRENT;
	if (!ours)
		return WATCH_MISSING;
	if (!ours->c.old_known || ours->c.old_actions != w->old)
		return WATCH_CONCURRENT;
	return WATCH_VERIFIED;
}
