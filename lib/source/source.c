// SPDX-License-Identifier: LGPL-2.1-or-later
/* What every source shares: closing, and lost items in the one wording of model/lost.c. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "os/clock.h"
#include "model/lineform.h"
#include "model/lost.h"
#include "source/source.h"

/* A source that cannot say when it is readable is asked this often. */
#define SLICE_MS 50

void source_close(struct source *s)
{
	if (s)
		s->ops->close(s);
}

struct tally_run {
	struct assembler a;
	const struct decision_seen *d;
	uint64_t n;
	void (*fn)(const struct decision_seen *d, struct event *e, uint64_t n, void *data);
	void *data;
};

static void tally_event(struct event *e, void *data)
{
	struct tally_run *tr = data;

	tr->fn(tr->d, e, tr->n, tr->data);
}

static void tally_key(const struct decision_seen *d, uint64_t n, void *data)
{
	struct tally_run *tr = data;

	tr->d = d;
	tr->n = n;
	assembler_seen(&tr->a, d);
}

int source_tally_events(struct source *s, const struct assembler *proto,
			void (*fn)(const struct decision_seen *d, struct event *e, uint64_t n, void *data), void *data)
{
	struct tally_run tr = { .fn = fn, .data = data };
	int r;

	if (!s->ops->tally)
		return -ENOTSUP;
	if (assembler_init(&tr.a, s->kind, tally_event, &tr) < 0)
		return -ENOMEM;
	tr.a.names = proto->names;
	tr.a.workload = proto->workload;
	tr.a.local_host = proto->local_host;
	r = s->ops->tally(s, tally_key, &tr);
	assembler_free(&tr.a);
	return r;
}

int source_covers_boot_start(struct source *s, const char *boot)
{
	return s->ops->covers_boot_start ? s->ops->covers_boot_start(s, boot) : -ENOENT;
}

int source_watch_add(struct source *s, int fd, void (*ready)(void *data), void *data)
{
	if (s->nwatch == SOURCE_WATCH_MAX)
		return -ENOSPC;
	s->watch[s->nwatch++] = (struct source_watch){ .fd = fd, .ready = ready, .data = data };
	return 0;
}

/* Wait for the watched descriptors and the source's own (fd, -1: none) for
 * up to timeout_ms; serve the watched ones that are ready. 1 when fd is,
 * 0 when the time is up, -EINTR on a signal, -errno. */
static int poll_all(struct source *s, int fd, int timeout_ms)
{
	struct pollfd pfd[SOURCE_WATCH_MAX + 1];
	size_t i, n = 0;
	int r;

	if (fd >= 0)
		pfd[n++] = (struct pollfd){ .fd = fd, .events = POLLIN };
	for (i = 0; i < s->nwatch; i++)
		pfd[n++] = (struct pollfd){ .fd = s->watch[i].fd, .events = POLLIN };
	if ((r = poll(pfd, n, timeout_ms)) < 0)
		return -errno;
	for (i = 0; r > 0 && i < s->nwatch; i++)
		if (pfd[n - s->nwatch + i].revents)
			s->watch[i].ready(s->watch[i].data);
	return r > 0 && fd >= 0 && pfd[0].revents;
}

/* The source's own wait, or its descriptor polled when it has none. */
static int wait_own(struct source *s, int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int r;

	if (s->ops->wait)
		return s->ops->wait(s, timeout_ms);
	if ((r = poll(&pfd, 1, timeout_ms)) < 0)
		return errno == EINTR ? 0 : -errno;
	return r > 0;
}

int source_wait(struct source *s, int timeout_ms)
{
	int64_t until = monotonic_ms() + timeout_ms, left;
	int fd = s->ops->fd ? s->ops->fd(s) : -1, r;

	if (!s->nwatch)
		return wait_own(s, fd, timeout_ms);
	for (;;) {
		left = until - monotonic_ms();
		if (left < 0)
			left = 0;
		if (fd >= 0) {
			r = poll_all(s, fd, (int)left);
			if (r != 0 || left == 0)
				return r < 0 ? r : wait_own(s, fd, 0);
			continue;
		}
		/* a source that cannot say: short waits, the watched served between */
		poll_all(s, -1, 0);
		r = wait_own(s, fd, (int)(left < SLICE_MS ? left : SLICE_MS));
		if (r != 0 || monotonic_ms() >= until)
			return r;
	}
}

void source_serve(struct source *s, int64_t until_ms)
{
	int64_t now;

	while ((now = monotonic_ms()) < until_ms)
		if (poll_all(s, -1, (int)(until_ms - now)) == -EINTR)
			return;	/* a signal: the caller looks at why */
}

void lost_set(struct source_item *it, const char *cause, uint64_t n, int64_t ms, char *why, size_t size)
{
	memset(it, 0, sizeof(*it));
	it->kind = ITEM_LOST;
	it->cause = cause;
	it->lost = n;
	it->lost_ms = ms;
	it->why = lost_sentence(cause, n, 1, why, size);
}

int lost_item(struct source_item *it, const struct line_info *li, uint64_t *lost_total, char *why, size_t size)
{
	uint64_t n = li->lost;

	if (li->lost_total) {
		/* the kernel's counter of the boot: what it rose by since the last
		 * line (it starts again at boot) */
		if (li->lost_total == *lost_total)
			return 0;
		n = li->lost_total > *lost_total ? li->lost_total - *lost_total : li->lost_total;
		*lost_total = li->lost_total;
	}
	lost_set(it, li->cause, n, li->wall_ms, why, size);
	return 1;
}
