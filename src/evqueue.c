// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evqueue.h"
#include "sandbox.h"

#define BATCH_SIZE (1 << 20)
#define NBATCHES 4

struct batch {
	char *buf;
	size_t len;
	bool flush;
};

struct evqueue {
	pthread_t writer;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch batches[NBATCHES];
	unsigned head, tail, count;	/* full batches: [head, head + count) */
	struct batch *cur;		/* the one the reader fills */
	bool done;
	bool started;		/* the writer has dropped its capabilities */
	evq_fn fn;
	void *data;
};

/* An event as bytes: fixed part, then comm, exe, subj, proctitle, raw. */
struct item_hdr {
	uint32_t size;
	uint8_t kind;
	uint8_t source;
	uint8_t has_proctitle;
	uint32_t comm_len, exe_len, subj_len, proctitle_len, raw_len;
	uint64_t lost;
	uint64_t serial, sec, ip;
	int64_t auid, uid, gid, ses, pid, sig, syscall;
	uint32_t msec, arch, code;
	int32_t compat;
};

static void *writer_main(void *arg)
{
	struct evqueue *q = arg;
	static struct event ev;
	struct item_hdr h;
	struct batch *b;
	const char *p, *end;

	/* this thread formats what others wrote: it needs no privilege at all,
	 * and drops it before the reader installs the seccomp filter */
	sandbox_drop_caps(SANDBOX_KEEP_NONE);
	pthread_mutex_lock(&q->mu);
	q->started = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (!q->count && !q->done)
			pthread_cond_wait(&q->cv, &q->mu);
		if (!q->count) {
			pthread_mutex_unlock(&q->mu);
			return NULL;
		}
		b = &q->batches[q->head];
		pthread_mutex_unlock(&q->mu);

		for (p = b->buf, end = b->buf + b->len; p < end; p += h.size) {
			memcpy(&h, p, sizeof(h));
			if (h.kind == EVQ_LOST) {
				q->fn(EVQ_LOST, NULL, h.lost, q->data);
				continue;
			}
			const char *s = p + sizeof(h);
			struct seccomp_rec *sc = &ev.sc;

			sc->serial = h.serial, sc->sec = h.sec, sc->msec = h.msec;
			sc->auid = h.auid, sc->uid = h.uid, sc->gid = h.gid, sc->ses = h.ses;
			sc->pid = h.pid, sc->sig = h.sig, sc->arch = h.arch, sc->syscall = h.syscall;
			sc->compat = h.compat, sc->ip = h.ip, sc->code = h.code;
			memcpy(sc->comm, s, h.comm_len);
			sc->comm_len = h.comm_len;
			s += h.comm_len;
			memcpy(sc->exe, s, h.exe_len);
			sc->exe_len = h.exe_len;
			s += h.exe_len;
			sc->subj = h.subj_len ? s : NULL;
			sc->subj_len = h.subj_len;
			s += h.subj_len;
			ev.has_proctitle = h.has_proctitle;
			memcpy(ev.proctitle, s, h.proctitle_len);
			ev.proctitle_len = h.proctitle_len;
			s += h.proctitle_len;
			memcpy(ev.raw, s, h.raw_len);
			ev.raw[h.raw_len] = '\0';
			ev.raw_len = h.raw_len;
			ev.source = (enum event_source)h.source;
			q->fn(EVQ_EVENT, &ev, 0, q->data);
		}
		if (b->flush)
			fflush(stdout);

		pthread_mutex_lock(&q->mu);
		b->len = 0;
		b->flush = false;
		q->head = (q->head + 1) % NBATCHES;
		q->count--;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
	}
}

int evq_start(struct evqueue **out, evq_fn fn, void *data)
{
	struct evqueue *q = calloc(1, sizeof(*q));
	sigset_t all, old;
	int i, r;

	if (!q)
		return -ENOMEM;
	for (i = 0; i < NBATCHES; i++)
		if (!(q->batches[i].buf = malloc(BATCH_SIZE)))
			return -ENOMEM;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	q->fn = fn;
	q->data = data;
	q->cur = &q->batches[0];
	q->tail = 0;
	/* signals are the reader's business: its poll() must see EINTR */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	r = pthread_create(&q->writer, NULL, writer_main, q);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r)
		return -r;
	pthread_mutex_lock(&q->mu);
	while (!q->started)
		pthread_cond_wait(&q->cv, &q->mu);
	pthread_mutex_unlock(&q->mu);
	*out = q;
	return 0;
}

/* Give the current batch to the writer and take the next free one. */
static void hand_over(struct evqueue *q, bool flush)
{
	pthread_mutex_lock(&q->mu);
	q->cur->flush = flush;
	q->count++;
	q->tail = (q->tail + 1) % NBATCHES;
	pthread_cond_broadcast(&q->cv);
	while (q->count == NBATCHES)
		pthread_cond_wait(&q->cv, &q->mu);
	q->cur = &q->batches[q->tail];
	pthread_mutex_unlock(&q->mu);
}

static char *reserve(struct evqueue *q, size_t size)
{
	char *p;

	if (q->cur->len + size > BATCH_SIZE)
		hand_over(q, false);
	p = q->cur->buf + q->cur->len;
	q->cur->len += size;
	return p;
}

void evq_push(struct evqueue *q, const struct event *e)
{
	const struct seccomp_rec *sc = &e->sc;
	struct item_hdr h = {
		.kind = EVQ_EVENT, .source = (uint8_t)e->source, .has_proctitle = e->has_proctitle,
		.comm_len = (uint32_t)sc->comm_len, .exe_len = (uint32_t)sc->exe_len,
		.subj_len = (uint32_t)(sc->subj ? sc->subj_len : 0),
		.proctitle_len = (uint32_t)e->proctitle_len, .raw_len = (uint32_t)e->raw_len,
		.serial = sc->serial, .sec = sc->sec, .ip = sc->ip, .auid = sc->auid, .uid = sc->uid,
		.gid = sc->gid, .ses = sc->ses, .pid = sc->pid, .sig = sc->sig, .syscall = sc->syscall,
		.msec = sc->msec, .arch = sc->arch, .code = sc->code, .compat = sc->compat,
	};
	char *p;

	if (h.subj_len > 4096)
		h.subj_len = 4096;
	h.size = (uint32_t)(sizeof(h) + h.comm_len + h.exe_len + h.subj_len + h.proctitle_len + h.raw_len);
	/* keep items aligned for the next header */
	h.size = (h.size + 7) & ~7U;
	p = reserve(q, h.size);
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	memcpy(p, sc->comm, h.comm_len), p += h.comm_len;
	memcpy(p, sc->exe, h.exe_len), p += h.exe_len;
	if (h.subj_len)
		memcpy(p, sc->subj, h.subj_len), p += h.subj_len;
	memcpy(p, e->proctitle, h.proctitle_len), p += h.proctitle_len;
	memcpy(p, e->raw, h.raw_len);
}

void evq_push_lost(struct evqueue *q, uint64_t total)
{
	struct item_hdr h = { .size = (sizeof(h) + 7) & ~7U, .kind = EVQ_LOST, .lost = total };

	memcpy(reserve(q, h.size), &h, sizeof(h));
}

void evq_flush(struct evqueue *q)
{
	hand_over(q, true);
}

void evq_finish(struct evqueue *q)
{
	int i;

	if (!q)
		return;
	hand_over(q, true);
	pthread_mutex_lock(&q->mu);
	q->done = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->writer, NULL);
	for (i = 0; i < NBATCHES; i++)
		free(q->batches[i].buf);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->cv);
	free(q);
}
