/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tail reading settled logs on two cores: a thread reads and assembles events ahead of the printer. */
#pragma once

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "model/event.h"
#include "source/source.h"

/*
 * Reading logs whole (regular files, not followed) is two halves of about
 * equal cost: reading, parsing and assembling records into events, and
 * filtering, counting and printing them. A thread of its own does the first,
 * the caller the second, on batches of events handed over in order, with
 * what the source said between them (losses, notes) and its last word: the
 * same work in the same order, on two cores.
 *
 * The thread is made before the sandbox (which then covers it: its filter
 * is installed for every thread), drops every capability first, takes no
 * signal, and reads nothing until prefetch_go(). While it runs, the source
 * and the assembler are its own: the caller touches them again only after
 * prefetch_stop() returned 0.
 */

struct pf_batch;

struct prefetch {
	struct source *src;
	struct assembler *a;
	event_fn emit;				/* the assembler's own, given back */
	void *emit_data;
	const volatile sig_atomic_t *interrupt;	/* the caller's flag: a wait ends when it is set */
	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t to_reader, to_printer;
	struct pf_batch *full, *full_tail;	/* handed over, oldest first */
	struct pf_batch *empty;			/* given back, to fill again */
	struct pf_batch *filling;		/* the thread's */
	struct pf_batch *reading;		/* the caller's */
	size_t read_off;
	size_t batches;				/* made so far */
	bool ready;				/* the thread dropped its capabilities (caps_err) */
	bool go;				/* the thread may read */
	atomic_bool stop;			/* the caller wants no more */
	bool done;				/* the thread ended: end and err hold */
	int end;				/* the source's last word: 0, or -errno */
	int err;				/* -ENOMEM: the thread could not keep an item */
	int caps_err;				/* the thread's capability drop failed: -errno */
};

/* What the caller gets, in the source's order; valid until the next call. */
struct pf_item {
	enum { PF_EVENT, PF_ITEM } kind;
	struct event *e;			/* PF_EVENT: a copy the caller may keep only by copying */
	struct source_item it;			/* PF_ITEM: a loss or a note */
};

/* Make the thread; it drops its capabilities and waits for prefetch_go.
 * The assembler's emit is taken over (prefetch_stop gives it back). 0;
 * -EPERM: the thread runs but kept its capabilities; another -errno: no
 * thread. */
int prefetch_start(struct prefetch *p, struct source *src, struct assembler *a,
		   const volatile sig_atomic_t *interrupt);
/* Let it read (the sandbox is in place). */
void prefetch_go(struct prefetch *p);
/* The next item: 1; 0 at the end (*end: the source's last word, 0 or
 * -errno); -EINTR when *interrupt was set; -ENOMEM when the thread could
 * not keep an item. */
int prefetch_next(struct prefetch *p, struct pf_item *out, int *end);
/* Stop the thread, free what it made. 0; -EBUSY when it did not end within
 * a second (a read that waits on another process): it is left running, and
 * the source and assembler must be neither used nor freed. */
int prefetch_stop(struct prefetch *p);
