// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail --summary from a source's own counts (the decision observer's). */
#include <errno.h>
#include <string.h>

#include "os/log.h"
#include "tail-tally.h"

struct tally_run {
	struct summary *s;
	const struct event_filter *f;
	struct assembler a;
	uint64_t n;
};

static void tally_event(struct event *e, void *data)
{
	struct tally_run *tr = data;

	if (filter_match(tr->f, e))
		summary_add_n(tr->s, e, tr->n);
}

static void tally_key(const struct decision_seen *d, uint64_t n, void *data)
{
	struct tally_run *tr = data;

	tr->n = n;
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
