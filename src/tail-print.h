/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tail's printers: an event in each format, lost records, repeats and the summary. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/event.h"
#include "model/summary.h"
#include "model/unique.h"
#include "os/output.h"
#include "source/source.h"

enum tail_format { TAIL_SHORT, TAIL_JSON, TAIL_ECS, TAIL_RAW };

int tail_format_from_name(const char *name, enum tail_format *fmt);
void tail_print(struct out *o, const struct event *e, enum tail_format fmt);
/* Records that never arrived: a JSON event (text formats leave it to stderr). */
void tail_print_lost(struct out *o, enum tail_format fmt, enum source_kind source, const struct source_item *it);
/* --unique: a key's repeats when its window closed (every format). */
void tail_print_repeats(struct out *o, enum tail_format fmt, const struct unique_key *k, int64_t window_ms);
/* --summary: a table, or one JSON object. 0, or -ENOMEM after saying so. */
int tail_print_summary(const struct summary *s, struct out *o, enum tail_format fmt);
