// SPDX-License-Identifier: LGPL-2.1-or-later
/* Output to file descriptors: the writer's buffer drained by checked write(2)s. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/fileio.h"
#include "os/safefile.h"
#include "os/output.h"

static void write_fd(struct out *o)
{
	const char *p = o->buf;
	size_t left = o->len;
	ssize_t n;

	while (left && !o->err) {
		n = write(o->fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			o->err = -errno;
			break;
		}
		p += n;
		left -= (size_t)n;
	}
	o->len = 0;
}

struct out *out_new(int fd, size_t bufsize, bool json, bool pretty)
{
	struct out *o = out_new_buffer(bufsize, json, pretty);

	if (o && fd >= 0)
		out_set_fd(o, fd);
	return o;
}

void out_set_fd(struct out *o, int fd)
{
	o->fd = fd;
	o->drain = write_fd;
	o->err = 0;
	o->fifo = -1;
}

int out_flush(struct out *o)
{
	if (o->fd >= 0 && o->len && !o->err)
		write_fd(o);
	return o->err;
}

static int built(const struct out *o, char *why, size_t size)
{
	if (o->err)
		snprintf(why, size, "%s", strerror(-o->err));
	return o->err;
}

int out_save(const struct out *o, const char *path, mode_t mode, char *why, size_t size)
{
	size_t len;
	const char *data = out_data(o, &len);

	if (o->err)
		return built(o, why, size);
	return safe_replace(path, data, len, mode, why, size);
}

int out_save_at(const struct out *o, int dfd, const char *dir, const char *name, mode_t mode, char *why,
		size_t size)
{
	size_t len;
	const char *data = out_data(o, &len);

	if (o->err)
		return built(o, why, size);
	return safe_replace_at(dfd, dir, name, data, len, mode, why, size);
}

bool out_peer_gone(struct out *o)
{
	struct pollfd pfd = { .fd = o->fd };
	struct stat st;

	if (o->err == -EPIPE)
		return true;
	if (o->fd < 0)
		return false;
	/* a pipe whose reader has closed shows POLLERR on its write end (coreutils
	 * tail checks the same while it waits); what the fd is, is asked once */
	if (o->fifo < 0)
		o->fifo = fstat(o->fd, &st) == 0 && S_ISFIFO(st.st_mode);
	if (!o->fifo)
		return false;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLERR | POLLHUP));
}

static struct out *std_out;

struct out *out_stdout(void)
{
	return std_out;
}

void out_stdout_set(struct out *o)
{
	std_out = o;
}
