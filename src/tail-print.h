/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "os/output.h"
#include "source/source.h"

/* How tail shows events: one place for its formats, lost records and the summary. */
enum tail_format { TAIL_SHORT, TAIL_JSON, TAIL_ECS, TAIL_RAW };

int tail_format_from_name(const char *name, enum tail_format *fmt);
void tail_print(struct out *o, const struct event *e, enum tail_format fmt);
/* Records that never arrived: a JSON event (text formats leave it to stderr). */
void tail_print_lost(struct out *o, enum tail_format fmt, enum source_kind source, const struct source_item *it);

struct unique_key;
/* --unique: a key's repeats when its window closed (every format). */
void tail_print_repeats(struct out *o, enum tail_format fmt, const struct unique_key *k, int64_t window_ms);

struct summary;
struct summary *summary_new(void);
/* -ENOMEM when a new key could not be kept (it is counted in "other"). */
void summary_add(struct summary *s, const struct event *e);
int summary_print(struct summary *s, struct out *o, enum tail_format fmt);
void summary_free(struct summary *s);
