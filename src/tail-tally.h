/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tail --summary from a source's own counts (the decision observer's). */
#pragma once

#include "model/event.h"
#include "model/filter.h"
#include "model/hashtab.h"
#include "model/metrics.h"
#include "model/summary.h"
#include "source/source.h"

/* A source that counts what it does not hand out one by one (bpf) makes the
 * summary of its counts instead, exact however many were held back: each
 * key becomes an event as the others do (through an assembler like proto:
 * names, workloads, host) and is filtered alike. Nothing when the source
 * keeps no counts, or the filter asks what they do not hold (a pid, a uid,
 * an executable: said). 0, or -errno after saying why. */
int summary_from_tally(struct summary *s, const struct event_filter *f, const struct assembler *proto,
		       struct source *src);

/* --metrics-file from the same counts: each key's rise since the last call
 * added (the decisions shown one by one are not counted apart). prev keeps
 * the totals between calls (zeroed before the first; tally_prev_free). 0,
 * or -errno after saying why. */
struct tally_prev {
	struct htab keys;
	bool init;
};
int metrics_from_tally(struct metrics *m, struct tally_prev *prev, const struct event_filter *f,
		       const struct assembler *proto, struct source *src);
void tally_prev_free(struct tally_prev *prev);
