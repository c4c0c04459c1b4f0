// SPDX-License-Identifier: LGPL-2.1-or-later
/* The paper trail of actions_logged, and the checks that say whether it is whole. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/array.h"
#include "model/trail.h"

void trail_init(struct trail *t, const struct action_vocab *v)
{
	memset(t, 0, sizeof(*t));
	t->vocab = v;
}

void trail_free(struct trail *t)
{
	free(t->changes);
	free(t->boots);
	free(t->problems);
	memset(t, 0, sizeof(*t));
}

int trail_boot(struct trail *t, const char *id, bool inferred, bool covers_start, bool current)
{
	struct trail_boot *b;

	if (array_grow((void **)&t->boots, &t->capb, t->nboots, sizeof(*b)) < 0)
		return -ENOMEM;
	b = &t->boots[t->nboots++];
	memset(b, 0, sizeof(*b));
	snprintf(b->id, sizeof(b->id), "%s", id ? id : "");
	b->inferred = inferred;
	b->covers_start = covers_start;
	b->current = current;
	return 0;
}

int trail_add(struct trail *t, const struct logging_change *c)
{
	struct trail_change *tc;

	if (!t->nboots && trail_boot(t, NULL, false, false, false) < 0)
		return -ENOMEM;
	if (array_grow((void **)&t->changes, &t->cap, t->n, sizeof(*tc)) < 0)
		return -ENOMEM;
	tc = &t->changes[t->n++];
	memset(tc, 0, sizeof(*tc));
	tc->c = *c;
	tc->lost_before = t->loss_pending;
	t->loss_pending = false;
	tc->boot = t->nboots - 1;
	return 0;
}

void trail_untrusted(struct trail *t, const char *why)
{
	t->untrusted++;
	snprintf(t->untrusted_why, sizeof(t->untrusted_why), "%s", why ? why : "");
}

void trail_source_lost(struct trail *t, uint64_t n, const char *why)
{
	t->source_lost += n;
	t->source_lost_reports++;
	t->loss_pending = true;
	snprintf(t->source_lost_why, sizeof(t->source_lost_why), "%s", why);
}

void trail_who(struct trail *t, const struct syscall_who *w)
{
	size_t i;

	/* the SYSCALL record follows its CONFIG_CHANGE closely: look back a little */
	for (i = t->n; i > 0 && t->n - i < 16; i--) {
		struct trail_change *c = &t->changes[i - 1];

		if (c->boot == t->nboots - 1 && c->c.serial == w->serial) {
			c->who = *w;
			c->who_known = true;
			return;
		}
	}
}

static void problem(struct trail *t, enum trail_problem_kind kind, uint64_t s1, uint64_t s2,
		    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void problem(struct trail *t, enum trail_problem_kind kind, uint64_t s1, uint64_t s2,
		    const char *fmt, ...)
{
	struct trail_problem *p;
	va_list ap;

	if (array_grow((void **)&t->problems, &t->capp, t->np, sizeof(*p)) < 0) {
		t->err = -ENOMEM;
		return;
	}
	p = &t->problems[t->np++];
	p->kind = kind;
	p->proven = kind <= TRAIL_PRESENT;
	p->nserials = 0;
	if (s1)
		p->serials[p->nserials++] = s1;
	if (s2)
		p->serials[p->nserials++] = s2;
	va_start(ap, fmt);
	vsnprintf(p->message, sizeof(p->message), fmt, ap);
	va_end(ap);
}

static const char *names(const struct trail *t, action_set s, bool known, char *buf, size_t size)
{
	if (!known)
		return "?";
	if (!s)
		return "(none)";
	set_format(t->vocab, s, ',', buf, size);
	return buf;
}

bool trail_from_sysctl(const struct trail_change *c)
{
	const char *base;

	if (!c->who_known)
		return false;
	base = strrchr(c->who.exe, '/');
	base = base ? base + 1 : c->who.exe;
	return strcmp(base, "systemd-sysctl") == 0 || strcmp(base, "sysctl") == 0;
}

/* The chain of records: each boot's first from the default, each record's
 * old-actions what the one before left; the last of the running boot. */
static const struct trail_change *check_chain(struct trail *t, const struct trail_now *now)
{
	const struct trail_change *prev = NULL, *last_ok = NULL;
	char a[256], b[256];
	size_t i, boot = (size_t)-1;

	for (i = 0; i < t->n; i++) {
		const struct trail_change *c = &t->changes[i];
		const struct trail_boot *bt = &t->boots[c->boot];

		if (c->boot != boot) {
			boot = c->boot;
			prev = NULL;
			/* the first change of a boot we saw start: it began at the default */
			if (bt->covers_start && c->c.old_known && c->c.old_actions != now->kernel_default &&
			    !trail_from_sysctl(c))
				problem(t, TRAIL_BOOT_START, c->c.serial, 0,
					"the first change of boot %s found %s, not the kernel default %s: "
					"an unrecorded change before it",
					bt->id[0] ? bt->id : "(inferred)",
					names(t, c->c.old_actions, true, a, sizeof(a)),
					names(t, now->kernel_default, true, b, sizeof(b)));
		}
		/* every record, refused ones too, shows the value at its time; where
		 * the source dropped records in between, the change's record may have
		 * been made and lost on the way: not proven */
		if (prev && !(c->c.old_known && c->c.old_actions == prev->c.actions)) {
			problem(t, TRAIL_GAP, prev->c.serial, c->c.serial,
				"record %llu left %s, but record %llu found %s: the value changed %s",
				(unsigned long long)prev->c.serial, names(t, prev->c.actions, true, a, sizeof(a)),
				(unsigned long long)c->c.serial, names(t, c->c.old_actions, c->c.old_known, b, sizeof(b)),
				c->lost_before ? "in between, and the source dropped records there, so its record may "
						 "have been made and lost" :
						 "unrecorded in between (audit off, records lost, or the log edited)");
			if (c->lost_before && t->np)
				t->problems[t->np - 1].proven = false;
		}
		if (c->c.res == 1 && c->c.actions_known)
			prev = c;
		else if (c->c.res == 1)
			prev = NULL;	/* "?" actions: the chain cannot go on from it */
		if (c->c.res == 1 && bt->current)
			last_ok = c;
	}
	return last_ok;
}

/* The live value against the last record of the running boot. */
static void check_present(struct trail *t, const struct trail_now *now, const struct trail_change *last_ok)
{
	const struct trail_boot *cur = t->nboots ? &t->boots[t->nboots - 1] : NULL;
	char a[256], b[256];

	if (!now->reaches_now || !now->live_known)
		return;
	if (last_ok && last_ok->c.actions_known && last_ok->c.actions != now->live)
		problem(t, TRAIL_PRESENT, last_ok->c.serial, 0,
			"the last record (%llu) left %s, but actions_logged is %s now: an unrecorded change since",
			(unsigned long long)last_ok->c.serial, names(t, last_ok->c.actions, true, a, sizeof(a)),
			names(t, now->live, true, b, sizeof(b)));
	else if (!last_ok && cur && cur->current && cur->covers_start && now->live != now->kernel_default)
		problem(t, TRAIL_PRESENT, 0, 0,
			"no change is recorded this boot, but actions_logged is %s, not the default %s",
			names(t, now->live, true, a, sizeof(a)), names(t, now->kernel_default, true, b, sizeof(b)));
}

int trail_check(struct trail *t, const struct trail_now *now)
{
	size_t i;

	t->np = 0;
	t->err = 0;
	check_present(t, now, check_chain(t, now));
	if (t->source_lost_reports)
		problem(t, TRAIL_LOST, 0, 0,
			"the source dropped records in the window (%llu told in %llu reports; last: %s): a change "
			"may be among them", (unsigned long long)t->source_lost,
			(unsigned long long)t->source_lost_reports, t->source_lost_why);
	if (t->untrusted) {
		/* the records left out may be real: what they would explain is not proven */
		for (i = 0; i < t->np; i++)
			t->problems[i].proven = false;
		problem(t, TRAIL_UNTRUSTED, 0, 0,
			"%llu op=seccomp-logging record%s left out: %s; a process could have written %s, or %s may be "
			"real: the trail is judged without %s and cannot be proven (--trust-file, if only the "
			"kernel's logger writes the file)", (unsigned long long)t->untrusted,
			t->untrusted == 1 ? " was" : "s were", t->untrusted_why, t->untrusted == 1 ? "it" : "them",
			t->untrusted == 1 ? "it" : "they", t->untrusted == 1 ? "it" : "them");
	}
	if (now->now_unknown)
		problem(t, TRAIL_NOW_UNKNOWN, 0, 0,
			"cannot read the kernel's boot time: whether the log reaches the running boot, and "
			"so the checks against the live value, cannot be made");
	if (now->reaches_now && now->audit_known && now->enabled == 0)
		problem(t, TRAIL_AUDIT_DISABLED, 0, 0,
			"audit is disabled: changes to actions_logged made now leave no record, and a change "
			"undone before the next record would not show (enable it with 'auditctl -e 1')");
	if (now->reaches_now && now->audit_known && now->lost && !now->lost_before_window)
		problem(t, TRAIL_LOST, 0, 0,
			"the kernel has lost %u audit records this boot (backlog or rate limit), not all of "
			"them before the window as far as the kernel log tells: a change undone before the "
			"next record may be among them", now->lost);
	return t->err;
}

enum trail_verdict trail_verdict(const struct trail *t)
{
	enum trail_verdict v = TRAIL_INTACT;
	size_t i;

	for (i = 0; i < t->np; i++) {
		if (t->problems[i].proven)
			return TRAIL_BROKEN;
		v = TRAIL_UNPROVEN;
	}
	return v;
}

bool trail_intact(const struct trail *t)
{
	return trail_verdict(t) == TRAIL_INTACT;
}

const char *trail_verdict_name(enum trail_verdict v)
{
	static const char *const n[] = { "intact", "unproven", "broken" };

	return n[v];
}

const char *trail_problem_name(enum trail_problem_kind kind)
{
	static const char *const n[] = { "gap", "boot_start", "present", "audit_disabled", "lost", "now_unknown",
					 "untrusted" };

	return kind < sizeof(n) / sizeof(n[0]) ? n[kind] : "unknown";
}
