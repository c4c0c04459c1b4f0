/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

/* How tail shows events: one place for all four formats and the summary. */
enum tail_format { TAIL_SHORT, TAIL_JSON, TAIL_ECS, TAIL_RAW };

int tail_format_from_name(const char *name, enum tail_format *fmt);
void tail_print(const struct event *e, enum tail_format fmt, bool numeric);
/* The socket overran: records are gone. total counts every overrun so far. */
void tail_print_lost(enum tail_format fmt, uint64_t total);

struct summary;
struct summary *summary_new(void);
void summary_add(struct summary *s, const struct event *e);
void summary_print(struct summary *s, enum tail_format fmt);
void summary_free(struct summary *s);
