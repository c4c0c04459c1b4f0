// SPDX-License-Identifier: LGPL-2.1-or-later
/* Files read whole, and written whole. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "os/fileio.h"

int read_full_file(const char *dir, const char *name, char **out, size_t *outlen)
{
	char path[PATH_MAX];
	int fd, r;

	if (dir) {
		r = snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (r < 0 || (size_t)r >= sizeof(path))
			return -ENAMETOOLONG;
		name = path;
	}
	fd = open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	r = read_full_fd(fd, out, outlen);
	close(fd);
	return r;
}

int read_full_fd(int fd, char **out, size_t *outlen)
{
	char *buf = NULL, *more;
	size_t len = 0, size = 4096;
	ssize_t n;
	int r = 0;

	for (;;) {
		if (!buf || len + 1 >= size) {
			if (buf)
				size *= 2;
			if (size > READ_FULL_MAX) {
				r = -EFBIG;
				break;
			}
			more = realloc(buf, size);
			if (!more) {
				r = -ENOMEM;
				break;
			}
			buf = more;
		}
		n = read(fd, buf + len, size - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	*out = buf;
	if (outlen)
		*outlen = len;
	return 0;
}

int write_full(int fd, const void *data, size_t len)
{
	const char *buf = data;
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t read_small_file(const char *root, const char *name, char *buf, size_t size)
{
	char *full;
	size_t len;
	int r;

	r = read_full_file(root, name, &full, &len);
	if (r < 0)
		return r;
	/* a value that does not fit is an error, never a silent cut */
	if (len >= size) {
		free(full);
		return -EFBIG;
	}
	memcpy(buf, full, len + 1);
	free(full);
	return (ssize_t)len;
}

