/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "event.h"

/*
 * Hands events from the thread that reads and parses to the thread that
 * formats and writes, in batches, so that on two cores reading and writing
 * overlap. Everything that reaches stdout goes through here, in order.
 */

enum evq_item { EVQ_EVENT, EVQ_LOST };

/* Runs in the writer thread; for EVQ_LOST, e is NULL and lost the count. */
typedef void (*evq_fn)(enum evq_item kind, const struct event *e, uint64_t lost, void *data);

struct evqueue;

/* Starts the writer thread. */
int evq_start(struct evqueue **q, evq_fn fn, void *data);
void evq_push(struct evqueue *q, const struct event *e);
void evq_push_lost(struct evqueue *q, uint64_t total);
/* Hand over what is batched, and have the writer flush stdout after it:
 * called when the source goes quiet, so followers see events at once. */
void evq_flush(struct evqueue *q);
/* Flush, wait for the writer to finish, free. */
void evq_finish(struct evqueue *q);
