// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail reading settled logs on two cores: a thread reads and assembles events ahead of the printer. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "os/sandbox.h"
#include "tail-prefetch.h"

/* Batches of items, handed over whole: a lock taken a few hundred events
 * apart. At most PF_BATCHES are made: the thread waits when the printer is
 * that far behind (a slow pipe), holding PF_BATCHES * PF_BATCH bytes. */
#define PF_BATCH (256 * 1024)
#define PF_BATCHES 4
/* how often a waiting printer looks at the caller's flag, and how long a
 * stop waits for the thread */
#define PF_POLL_MS 200
#define PF_STOP_MS 1000

_Static_assert(EVENT_BUF_MAX + sizeof(struct event) + 64 < PF_BATCH, "an event fits a batch");

struct pf_batch {
	struct pf_batch *next;
	size_t used;
	_Alignas(max_align_t) char data[PF_BATCH];
};

/* Each item: this, then an event or a source_item and its sentence. */
struct pf_head {
	uint32_t kind, size;	/* size: of the whole, this included, a multiple of 16 */
};
#define PF_ALIGN(n) (((n) + 15) & ~(size_t)15)
#define PF_HEAD PF_ALIGN(sizeof(struct pf_head))

static void deadline_in(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if (ts->tv_nsec >= 1000000000) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

/* --- the thread's side ----------------------------------------------------------- */

/* The filling batch to the printer, under the lock. */
static void hand_over(struct prefetch *p)
{
	struct pf_batch *b = p->filling;

	p->filling = NULL;
	if (!b || !b->used) {
		if (b) {
			b->next = p->empty;
			p->empty = b;
		}
		return;
	}
	b->next = NULL;
	if (p->full_tail)
		p->full_tail->next = b;
	else
		p->full = b;
	p->full_tail = b;
	pthread_cond_signal(&p->to_printer);
}

/* Room for size bytes, in a new batch when the one filling is full. NULL:
 * the caller stopped us, or no memory (p->err). */
static void *reserve(struct prefetch *p, size_t size)
{
	struct pf_batch *b = p->filling;
	void *at;

	if (!b || b->used + size > PF_BATCH) {
		pthread_mutex_lock(&p->lock);
		hand_over(p);
		b = NULL;
		while (!p->empty && p->batches >= PF_BATCHES && !atomic_load(&p->stop))
			pthread_cond_wait(&p->to_reader, &p->lock);
		if (!atomic_load(&p->stop) && p->empty) {
			b = p->empty;
			p->empty = b->next;
			b->next = NULL;
		} else if (!atomic_load(&p->stop) && (b = malloc(sizeof(*b)))) {
			b->next = NULL;
			p->batches++;
		} else if (!atomic_load(&p->stop)) {
			p->err = -ENOMEM;
		}
		pthread_mutex_unlock(&p->lock);
		if (!b || atomic_load(&p->stop))
			return NULL;
		b->used = 0;
		p->filling = b;
	}
	at = b->data + b->used;
	b->used += size;
	return at;
}

static void take_event(struct event *e, void *data)
{
	struct prefetch *p = data;
	size_t size = PF_HEAD + PF_ALIGN(event_size(e));
	struct pf_head *h = reserve(p, size);

	if (!h)
		return;
	h->kind = PF_EVENT;
	h->size = (uint32_t)size;
	event_copy((struct event *)((char *)h + PF_HEAD), e);
}

/* A loss or a note: the item and its sentence (cause names a constant). */
static bool take_item(struct prefetch *p, const struct source_item *it)
{
	size_t why = it->why ? strlen(it->why) + 1 : 0;
	size_t size = PF_HEAD + PF_ALIGN(sizeof(*it) + why);
	struct pf_head *h = reserve(p, size);
	struct source_item *copy;

	if (!h)
		return false;
	h->kind = PF_ITEM;
	h->size = (uint32_t)size;
	copy = (struct source_item *)((char *)h + PF_HEAD);
	*copy = *it;
	memset(&copy->rec, 0, sizeof(copy->rec));
	copy->text = NULL;
	copy->text_len = 0;
	if (why)
		memcpy(copy + 1, it->why, why);
	return true;
}

static void *reader(void *data)
{
	struct prefetch *p = data;
	struct source_item it;
	int caps, r = 0;

	/* nothing is read with more than the printer holds */
	caps = sandbox_drop_caps(SANDBOX_KEEP_NONE);
	pthread_mutex_lock(&p->lock);
	p->caps_err = caps;
	p->ready = true;
	pthread_cond_signal(&p->to_printer);
	while (!p->go && !atomic_load(&p->stop))
		pthread_cond_wait(&p->to_reader, &p->lock);
	pthread_mutex_unlock(&p->lock);
	while (!atomic_load(&p->stop) && !p->err && (r = source_next(p->src, &it)) > 0) {
		if (it.kind == ITEM_RECORD)
			assembler_feed(p->a, &it.rec, it.text, it.text_len);
		else if (!take_item(p, &it))
			break;
	}
	if (!atomic_load(&p->stop))
		assembler_flush(p->a);
	pthread_mutex_lock(&p->lock);
	hand_over(p);
	p->end = r < 0 ? r : 0;
	p->done = true;
	pthread_cond_signal(&p->to_printer);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* --- the caller's side ------------------------------------------------------------ */

int prefetch_start(struct prefetch *p, struct source *src, struct assembler *a,
		   const volatile sig_atomic_t *interrupt)
{
	pthread_condattr_t ca;
	sigset_t all, old;
	int r;

	memset(p, 0, sizeof(*p));
	p->src = src;
	p->a = a;
	p->interrupt = interrupt;
	atomic_init(&p->stop, false);
	if ((r = pthread_condattr_init(&ca)))
		return -r;
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->to_reader, &ca);
	pthread_cond_init(&p->to_printer, &ca);
	pthread_condattr_destroy(&ca);
	p->emit = a->emit;
	p->emit_data = a->data;
	a->emit = take_event;
	a->data = p;
	/* signals are the caller's: the thread is made with all of them blocked */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	r = pthread_create(&p->thread, NULL, reader, p);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r) {
		a->emit = p->emit;
		a->data = p->emit_data;
		pthread_cond_destroy(&p->to_reader);
		pthread_cond_destroy(&p->to_printer);
		pthread_mutex_destroy(&p->lock);
		return -r;
	}
	p->started = true;
	/* its capabilities are gone before the caller goes on (to the sandbox) */
	pthread_mutex_lock(&p->lock);
	while (!p->ready)
		pthread_cond_wait(&p->to_printer, &p->lock);
	r = p->caps_err;
	pthread_mutex_unlock(&p->lock);
	return r;
}

void prefetch_go(struct prefetch *p)
{
	pthread_mutex_lock(&p->lock);
	p->go = true;
	pthread_cond_signal(&p->to_reader);
	pthread_mutex_unlock(&p->lock);
}

/* The next item of the batch being read, if any. */
static bool next_in_batch(struct prefetch *p, struct pf_item *out)
{
	struct pf_batch *b = p->reading;
	struct pf_head *h;

	if (!b || p->read_off >= b->used)
		return false;
	h = (struct pf_head *)(b->data + p->read_off);
	p->read_off += h->size;
	out->kind = h->kind;
	if (h->kind == PF_EVENT) {
		out->e = (struct event *)((char *)h + PF_HEAD);
	} else {
		const struct source_item *it = (const struct source_item *)((char *)h + PF_HEAD);

		out->it = *it;
		if (it->why)
			out->it.why = (const char *)(it + 1);
	}
	return true;
}

int prefetch_next(struct prefetch *p, struct pf_item *out, int *end)
{
	struct timespec ts;
	int r = 0;

	while (!next_in_batch(p, out)) {
		pthread_mutex_lock(&p->lock);
		if (p->reading) {
			p->reading->next = p->empty;
			p->empty = p->reading;
			p->reading = NULL;
			pthread_cond_signal(&p->to_reader);
		}
		while (!p->full && !p->done && !*p->interrupt) {
			deadline_in(&ts, PF_POLL_MS);
			pthread_cond_timedwait(&p->to_printer, &p->lock, &ts);
		}
		if (p->full) {
			p->reading = p->full;
			p->full = p->reading->next;
			p->reading->next = NULL;
			if (!p->full)
				p->full_tail = NULL;
			p->read_off = 0;
		} else if (*p->interrupt) {
			r = -EINTR;
		} else {
			r = p->err ? p->err : 0;
			*end = p->end;
		}
		pthread_mutex_unlock(&p->lock);
		if (!p->reading)
			return r;
	}
	return 1;
}

static void free_list(struct pf_batch *b)
{
	struct pf_batch *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
}

int prefetch_stop(struct prefetch *p)
{
	struct timespec ts;
	bool done;

	if (!p->started)
		return 0;
	deadline_in(&ts, PF_STOP_MS);
	pthread_mutex_lock(&p->lock);
	atomic_store(&p->stop, true);
	pthread_cond_signal(&p->to_reader);
	while (!p->done && pthread_cond_timedwait(&p->to_printer, &p->lock, &ts) != ETIMEDOUT)
		;
	done = p->done;
	pthread_mutex_unlock(&p->lock);
	if (!done)
		return -EBUSY;
	pthread_join(p->thread, NULL);
	p->started = false;
	p->a->emit = p->emit;
	p->a->data = p->emit_data;
	free_list(p->full);
	free_list(p->empty);
	free_list(p->filling);
	free_list(p->reading);
	p->full = p->full_tail = p->empty = p->filling = p->reading = NULL;
	pthread_cond_destroy(&p->to_reader);
	pthread_cond_destroy(&p->to_printer);
	pthread_mutex_destroy(&p->lock);
	return 0;
}
