// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fileio.h"

int read_full_file(const char *dir, const char *name, char **out, size_t *outlen)
{
	char path[PATH_MAX], *buf = NULL, *more;
	size_t len = 0, size = 4096;
	ssize_t n;
	int fd, r = 0;

	if (dir) {
		n = snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (n < 0 || (size_t)n >= sizeof(path))
			return -ENAMETOOLONG;
		name = path;
	}
	fd = open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
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
	close(fd);
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
