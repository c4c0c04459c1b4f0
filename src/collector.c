// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail as a collector: the output file, reopened on SIGHUP, and the cursor. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/clock.h"
#include "collector.h"
#include "exitcode.h"
#include "os/fileio.h"
#include "os/output.h"
#include "os/safefile.h"
#include "os/log.h"

#define CHECKPOINT_MS 1000

/* The cursor is root's own file: one another user wrote or could write is
 * refused, never read (it names the inode the output is cut back on).
 * 0; -ENOENT when there is none yet; -errno with err. */
static int cursor_load(const char *path, struct cursor *c, char *err, size_t errsize)
{
	char *text;
	size_t len;
	int fd = safe_open_read(path, err, errsize), r;

	if (fd < 0)
		return fd;
	r = read_full_fd(fd, &text, &len);
	close(fd);
	if (r < 0) {
		snprintf(err, errsize, "%s", strerror(-r));
		return r;
	}
	r = cursor_parse(text, len, c, err, errsize);
	free(text);
	return r;
}

static int cursor_save(const char *path, const struct cursor *c)
{
	struct out *o = out_new(-1, 8192, false, false);
	char why[FILE_WHY_MAX];
	int r;

	if (!o)
		return -ENOMEM;
	cursor_format(c, o);
	r = out_save(o, path, 0600, why, sizeof(why));
	out_free(o);
	if (r < 0)
		p_err("cannot save the cursor %s: %s", path, why);
	return r;
}

/* Records can come from root-only sources (audit.log, the kernel log under
 * dmesg_restrict): the output is made 0640, and an existing file is used
 * only when it is root's own, writable by no one else, with one link. */
static int open_output(struct collector *c, char *why, size_t size)
{
	int fd = safe_open_append(c->out_path, 0640, why, size);

	if (fd < 0)
		return fd;
	if (c->o)
		out_set_fd(c->o, fd);
	c->fd = fd;
	return 0;
}

/* The serial of one output line: json "serial", ecs "sequence", raw
 * "audit(SEC.MS:SERIAL)"; short lines carry none. */
static bool line_serial(const char *line, size_t len, uint64_t *serial)
{
	static const char *const keys[] = { "\"serial\":", "\"sequence\":", "audit(" };
	char buf[64], *colon;
	const char *at;
	size_t k, kl, n;

	for (k = 0; k < 3; k++) {
		kl = strlen(keys[k]);
		if (!(at = memmem(line, len, keys[k], kl)))
			continue;
		n = (size_t)(line + len - (at + kl));
		n = n < sizeof(buf) - 1 ? n : sizeof(buf) - 1;
		memcpy(buf, at + kl, n);
		buf[n] = '\0';
		if (k == 2 && !(colon = strchr(buf, ':')))
			return false;
		*serial = strtoull(k == 2 ? colon + 1 : buf, NULL, 10);
		return true;
	}
	return false;
}

/* The largest serial in the lines of buf: what netlink wrote after its last checkpoint. */
static bool last_serial(const char *buf, size_t len, uint64_t *serial)
{
	const char *p = buf, *end = buf + len, *nl;
	bool found = false;
	uint64_t v;

	for (; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		if (line_serial(p, (size_t)(nl - p), &v) && (!found || v > *serial)) {
			*serial = v;
			found = true;
		}
	}
	return found;
}

/* Cut the output back to what the cursor covers; netlink keeps what it wrote
 * since, whole lines only, and goes on from the last serial in them. */
static int cut_back(struct collector *c, bool netlink, char *why, size_t size)
{
	struct stat st;
	int fd = safe_open_rdwr(c->out_path, why, size), r = 0;
	uint64_t keep = c->loaded.out_len, serial = 0;

	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		goto out;
	}
	/* the very file just opened and checked is the one the cursor names, or
	 * another (rotated since), or shorter (copytruncate): nothing to cut */
	if ((uint64_t)st.st_dev != c->loaded.out_dev || (uint64_t)st.st_ino != c->loaded.out_ino ||
	    (uint64_t)st.st_size <= keep)
		goto out;
	if (netlink) {
		size_t len = (size_t)((uint64_t)st.st_size - keep);
		char *tail = malloc(len + 1);
		ssize_t n;

		if (!tail) {
			r = -ENOMEM;
			goto out;
		}
		n = pread(fd, tail, len, (off_t)keep);
		if (n == (ssize_t)len) {
			char *nl = memrchr(tail, '\n', len);

			keep += nl ? (uint64_t)(nl - tail + 1) : 0;
			if (nl && last_serial(tail, (size_t)(nl - tail), &serial) &&
			    (!c->loaded.pos.has_last || serial > c->loaded.pos.serial)) {
				c->loaded.pos.serial = serial;
				c->loaded.pos.has_last = true;
			}
		}
		free(tail);
		if (n != (ssize_t)len) {
			r = n < 0 ? -errno : -EIO;
			goto out;
		}
	}
	if (ftruncate(fd, (off_t)keep) < 0)
		r = -errno;
	else
		p_note("%s: %" PRIu64 " bytes written after the last checkpoint are %s", c->out_path,
		       (uint64_t)st.st_size - keep, netlink ? "a partial line, cut" : "cut, to be written again");
out:
	if (r < 0)
		snprintf(why, size, "%s", strerror(-r));
	close(fd);
	return r;
}

int collector_open(struct collector *c, const char *out_path, const char *cursor_path, bool netlink,
		   const struct source_pos **resume)
{
	char err[FILE_WHY_MAX];
	int r;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->out_path = out_path;
	c->cursor_path = cursor_path;
	*resume = NULL;
	if (cursor_path && !out_path) {
		p_err("--cursor-file needs --output-file: the cursor records how much of it is written");
		return EXIT_USAGE;
	}
	if (cursor_path) {
		r = cursor_load(cursor_path, &c->loaded, err, sizeof(err));
		if (r == 0) {
			c->have_cursor = true;
		} else if (r != -ENOENT) {
			p_err("cannot use the cursor %s: %s (move it away to start afresh)", cursor_path, err);
			return EXIT_ERROR;
		}
	}
	if (c->have_cursor && (r = cut_back(c, netlink, err, sizeof(err))) < 0) {
		p_err("cannot cut %s back to its cursor: %s", out_path, err);
		return EXIT_ERROR;
	}
	if (out_path && (r = open_output(c, err, sizeof(err))) < 0) {
		p_err("cannot open %s for writing: %s", out_path, err);
		return EXIT_ERROR;
	}
	if (c->have_cursor) {
		c->last = c->loaded.pos;
		*resume = &c->loaded.pos;
	}
	c->saved_ms = monotonic_ms();
	return 0;
}

int collector_start(struct collector *c, struct source *src)
{
	return c->cursor_path && !c->have_cursor ? collector_checkpoint(c, src, true) : 0;
}

void collector_record(struct collector *c, const struct source_item *it)
{
	if (it->kind != ITEM_RECORD || it->rec.time_unknown)
		return;
	c->last.has_last = true;
	c->last.sec = it->rec.sec;
	c->last.msec = it->rec.msec;
	c->last.serial = it->rec.serial;
	if (it->boot[0])
		snprintf(c->last.boot, sizeof(c->last.boot), "%s", it->boot);
}

int collector_checkpoint(struct collector *c, struct source *src, bool force)
{
	struct cursor cur;
	struct stat st;
	int r;

	if (!c->cursor_path || (!force && monotonic_ms() - c->saved_ms < CHECKPOINT_MS))
		return 0;
	/* the output first, on disk; then the cursor that names it */
	if ((r = out_flush(c->o)) < 0)
		return r;
	if (fdatasync(c->fd) < 0 || fstat(c->fd, &st) < 0) {
		r = -errno;
		p_err("cannot sync %s: %s", c->out_path, strerror(-r));
		return r;
	}
	memset(&cur, 0, sizeof(cur));
	cur.pos = c->last;
	cur.pos.kind = src->kind;
	cur.pos.path[0] = cur.pos.cursor[0] = '\0';
	cur.pos.has_seq = cur.pos.cursor_from = false;
	if (src->ops->position)
		src->ops->position(src, &cur.pos);
	cur.unique = c->unique;
	cur.metrics = c->metrics;
	cur.out_dev = (uint64_t)st.st_dev;
	cur.out_ino = (uint64_t)st.st_ino;
	cur.out_len = (uint64_t)st.st_size;
	if ((r = cursor_save(c->cursor_path, &cur)) < 0)
		return r;
	c->saved_ms = monotonic_ms();
	c->checkpoints++;
	return 0;
}

int collector_reopen(struct collector *c, struct source *src)
{
	char why[FILE_WHY_MAX];
	int r;

	if (!c->out_path)
		return 0;
	if ((r = collector_checkpoint(c, src, true)) < 0 || (r = out_flush(c->o)) < 0)
		return r;
	if (!c->cursor_path && fdatasync(c->fd) < 0)
		p_warn("cannot sync %s: %s", c->out_path, strerror(errno));
	close(c->fd);
	if ((r = open_output(c, why, sizeof(why))) < 0) {
		p_err("cannot open %s again: %s", c->out_path, why);
		return r;
	}
	return collector_checkpoint(c, src, true);
}

void collector_close(struct collector *c)
{
	cursor_free(&c->loaded);
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}
