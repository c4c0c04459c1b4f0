// SPDX-License-Identifier: LGPL-2.1-or-later
/* The kernel log from /dev/kmsg: what is still in the ring buffer, then live.
 * Where no auditd is registered, every audit record is printed here (rate
 * limited), and on Ubuntu 24.04, Debian 13 and Arch nowhere else. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "os/clock.h"
#include "config.h"
#include "os/sysctl.h"
#include "model/lineform.h"
#include "os/log.h"
#include "source/kmsg.h"
#include "source/source.h"

#define KMSG "/dev/kmsg"
/* a record of /dev/kmsg is at most a little over 1 KiB of text, and its
 * dictionary; a short buffer would fail the read with EINVAL */
#define KMSG_RECORD_MAX 16384

struct kmsg_source {
	struct source s;
	int fd;
	char buf[KMSG_RECORD_MAX];
	ssize_t pending;	/* the message read at open to learn its number, not yet handed out; -1 none */
	uint64_t next_seq;	/* the sequence number the next message should have */
	int64_t boot_ms;	/* realtime - monotonic: turns a record's USEC into a time */
	char boot[33];
	uint64_t lost_total;
	char why[256];
	struct source_item held;	/* a record read behind a loss said first */
	bool have_held;
	bool rebooted;		/* resuming after a reboot: said first */
};

/* One message into k->buf, its length, or 0 (nothing now) or -errno. */
static ssize_t kmsg_read(struct kmsg_source *k)
{
	ssize_t n;

	if (k->pending >= 0) {
		n = k->pending;
		k->pending = -1;
		return n;
	}
	for (;;) {
		n = read(k->fd, k->buf, sizeof(k->buf) - 1);
		if (n >= 0)
			break;
		if (errno == EINTR || errno == EPIPE)
			continue;	/* EPIPE: overwritten under us; the gap in sequence numbers says how much */
		return errno == EAGAIN ? 0 : -errno;
	}
	k->buf[n] = '\0';
	return n;
}

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
		if ((n = kmsg_read(k)) <= 0)
			return (int)n;
		/* the dictionary (" SUBSYSTEM=...") follows the first newline */
		nl = memchr(k->buf, '\n', (size_t)n);
		line_parse(k->buf, nl ? (size_t)(nl - k->buf) : (size_t)n, 0, &li);
		if (li.has_seq) {
			uint64_t seq = li.seq, gap = seq > k->next_seq ? seq - k->next_seq : 0;

			if (seq < k->next_seq)
				continue;	/* read before the stop */
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
			src->not_kernel += li.not_kernel;
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

static int kmsg_fd(struct source *src)
{
	return ((struct kmsg_source *)src)->fd;
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

	/* known from the open on: the first message's number, or the cursor's */
	pos->has_seq = true;
	pos->seq = k->next_seq;
	snprintf(pos->boot, sizeof(pos->boot), "%s", k->boot);
}

static const struct source_ops kmsg_ops = {
	.next = kmsg_next, .close = kmsg_close, .position = kmsg_position, .fd = kmsg_fd,
};

int source_kmsg_open(struct source **out, const struct source_opts *o)
{
	struct kmsg_source *k = calloc(1, sizeof(*k));
	struct line_info li;
	ssize_t n;

	if (!k) {
		p_err("out of memory");
		return -ENOMEM;
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
		return e == EINVAL ? -EIO : -e;
	}
	k->boot_ms = realtime_ms() - monotonic_ms();
	k->pending = -1;
	sysctl_boot_id(SYSCTL_ROOT, k->boot);
	if (o->resume && o->resume->has_seq && !(o->resume->boot[0] && strcmp(o->resume->boot, k->boot))) {
		/* what follows the cursor; a gap after it is told as overwritten */
		k->next_seq = o->resume->seq;
	} else {
		/* the ring of the cursor's boot is gone */
		k->rebooted = o->resume && o->resume->has_seq;
		/* where reading starts is a position too: a cursor saved before the
		 * first record must name it, or a restart would take whatever the
		 * ring holds then for all there was. An empty ring has had no
		 * message this boot: the first will be number 0. */
		if ((n = kmsg_read(k)) < 0) {
			p_err("cannot read %s: %s", KMSG, strerror((int)-n));
			kmsg_close(&k->s);
			return n == -EINVAL ? -EIO : (int)n;
		}
		if (n > 0) {
			line_parse(k->buf, strcspn(k->buf, "\n"), 0, &li);
			if (li.has_seq)
				k->next_seq = li.seq;
		}
		k->pending = n > 0 ? n : -1;
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
