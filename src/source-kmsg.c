// SPDX-License-Identifier: LGPL-2.1-or-later
/* The kernel log from /dev/kmsg: what is still in the ring buffer, then live.
 * Where no auditd is registered, every audit record is printed here (rate
 * limited), and on Ubuntu 24.04, Debian 13 and Arch nowhere else. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "journal.h"
#include "lineform.h"
#include "log.h"
#include "source.h"
#include "timeparse.h"

#define KMSG "/dev/kmsg"
/* a record of /dev/kmsg is at most a little over 1 KiB of text, and its
 * dictionary; a short buffer would fail the read with EINVAL */
#define KMSG_RECORD_MAX 16384

struct kmsg_source {
	struct source s;
	int fd;
	char buf[KMSG_RECORD_MAX];
	bool have_seq;
	uint64_t next_seq;	/* the sequence number the next record should have */
	int64_t boot_ms;	/* realtime - monotonic: turns a record's USEC into a time */
	char boot[33];
	uint64_t lost_total;
	char why[256];
	struct source_item held;	/* a record read behind a loss said first */
	bool have_held;
	uint64_t skip_below;	/* resuming: messages before this were read before the stop */
	bool rebooted;		/* resuming after a reboot: said first */
};

static int kmsg_next(struct source *src, struct source_item *it)
{
	struct kmsg_source *k = (struct kmsg_source *)src;
	struct line_info li;
	ssize_t n;
	char *nl;

	if (k->rebooted) {
		k->rebooted = false;
		lost_set(it, "reboot", 0, -1, k->why, sizeof(k->why));
		return 1;
	}
	if (k->have_held) {
		k->have_held = false;
		*it = k->held;
		return 1;
	}
	for (;;) {
		n = read(k->fd, k->buf, sizeof(k->buf) - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten under us: the gap in sequence numbers says how much */
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0)
			return -errno;
		k->buf[n] = '\0';
		/* the dictionary (" SUBSYSTEM=...") follows the first newline */
		nl = memchr(k->buf, '\n', (size_t)n);
		if (line_parse(k->buf, nl ? (size_t)(nl - k->buf) : (size_t)n, 0, &li) != LINE_OTHER || li.has_seq) {
			uint64_t seq = li.seq, gap = k->have_seq && seq > k->next_seq ? seq - k->next_seq : 0;

			if (li.has_seq && seq < k->skip_below)
				continue;	/* read before the stop */

			k->have_seq = true;
			k->next_seq = seq + 1;
			if (li.boot_usec >= 0)
				li.wall_ms = k->boot_ms + li.boot_usec / 1000;
			if (gap) {
				/* messages went round the ring before we read them */
				if (li.kind == LINE_RECORD) {
					memset(&k->held, 0, sizeof(k->held));
					k->held.kind = ITEM_RECORD;
					k->held.rec = li.rec;
					k->held.text = li.text;
					k->held.text_len = li.text_len;
					snprintf(k->held.boot, sizeof(k->held.boot), "%s", k->boot);
					k->have_held = true;
				}
				lost_set(it, "kmsg_overwritten", gap, li.wall_ms, k->why, sizeof(k->why));
				return 1;
			}
		}
		if (li.kind == LINE_LOST && lost_item(it, &li, &k->lost_total, k->why, sizeof(k->why)))
			return 1;
		if (li.kind != LINE_RECORD) {
			src->skipped += li.audit_like;
			continue;
		}
		memset(it, 0, sizeof(*it));
		it->kind = ITEM_RECORD;
		it->rec = li.rec;
		it->text = li.text;
		it->text_len = li.text_len;
		snprintf(it->boot, sizeof(it->boot), "%s", k->boot);
		return 1;
	}
}

static int kmsg_wait(struct source *src, int timeout_ms)
{
	struct kmsg_source *k = (struct kmsg_source *)src;
	struct pollfd pfd = { .fd = k->fd, .events = POLLIN };
	int r = poll(&pfd, 1, timeout_ms);

	if (r < 0)
		return errno == EINTR ? 0 : -errno;
	return r > 0;
}

static void kmsg_close(struct source *src)
{
	struct kmsg_source *k = (struct kmsg_source *)src;

	if (k->fd >= 0)
		close(k->fd);
	free(k);
}

static void kmsg_position(struct source *src, struct source_pos *pos)
{
	struct kmsg_source *k = (struct kmsg_source *)src;

	if (k->have_seq) {
		pos->has_seq = true;
		pos->seq = k->next_seq - 1;
	} else if (k->skip_below) {
		pos->has_seq = true;	/* nothing new since the resume */
		pos->seq = k->skip_below - 1;
	}
	snprintf(pos->boot, sizeof(pos->boot), "%s", k->boot);
}

static const struct source_ops kmsg_ops = {
	.next = kmsg_next, .wait = kmsg_wait, .close = kmsg_close, .position = kmsg_position,
};

int source_kmsg_open(struct source **out, const struct source_opts *o)
{
	struct kmsg_source *k = calloc(1, sizeof(*k));

	if (!k) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	k->s.ops = &kmsg_ops;
	k->s.kind = SOURCE_KERNEL;
	k->s.where = KMSG;
	k->fd = open(KMSG, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0) {
		int e = errno;

		p_err("cannot read %s: %s%s", KMSG, strerror(e), e == EPERM || e == EACCES ?
		      " (needs root, or CAP_SYSLOG when kernel.dmesg_restrict is 1)" : "");
		free(k);
		return EXIT_ERROR;
	}
	k->boot_ms = realtime_ms() - monotonic_ms();
	journal_current_boot(k->boot);
	if (o->resume && o->resume->has_seq) {
		if (o->resume->boot[0] && strcmp(o->resume->boot, k->boot)) {
			k->rebooted = true;	/* the ring of that boot is gone */
		} else {
			/* what follows the cursor; a gap after it is told as overwritten */
			k->skip_below = o->resume->seq + 1;
			k->have_seq = true;
			k->next_seq = o->resume->seq + 1;
		}
	}
	*out = &k->s;
	return 0;
}

int kmsg_scan(int (*fn)(const struct line_info *li, const char *text, size_t len, void *data), void *data)
{
	char *buf = malloc(KMSG_RECORD_MAX);
	int64_t boot_ms = realtime_ms() - monotonic_ms();
	struct line_info li;
	ssize_t n;
	char *nl, *text;
	int fd, r = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(KMSG, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		free(buf);
		return r;
	}
	for (;;) {
		n = read(fd, buf, KMSG_RECORD_MAX - 1);
		if (n < 0 && (errno == EINTR || errno == EPIPE))
			continue;
		if (n < 0) {
			r = errno == EAGAIN ? 0 : -errno;
			break;
		}
		buf[n] = '\0';
		nl = memchr(buf, '\n', (size_t)n);
		if (nl)
			*nl = '\0', n = nl - buf;
		line_parse(buf, (size_t)n, 0, &li);
		if (li.boot_usec >= 0)
			li.wall_ms = boot_ms + li.boot_usec / 1000;
		text = memchr(buf, ';', (size_t)n);
		text = text ? text + 1 : buf;
		if ((r = fn(&li, text, (size_t)(buf + n - text), data)) != 0)
			break;
	}
	close(fd);
	free(buf);
	return r < 0 ? r : 0;
}
