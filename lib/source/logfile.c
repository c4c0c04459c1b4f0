// SPDX-License-Identifier: LGPL-2.1-or-later
/* Lines of log files, followed as tail -F does: the only reader of log files. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "os/safefile.h"
#include "source/logfile.h"

#define BUFSIZE (LOGFILE_LINE_MAX + 65536)
#define READ_CHUNK (128 * 1024)

static int open_cur(struct logfile *lf)
{
	const char *path = lf->paths[lf->cur];
	struct stat st;

	if (strcmp(path, "-") == 0) {
		lf->fd = STDIN_FILENO;
	} else {
		/* a FIFO planted where a log was expected does not hold us at
		 * the open: reads of what is not a regular file block again */
		lf->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
		if (lf->fd < 0)
			return -errno;
		if (fstat(lf->fd, &st) == 0 && !S_ISREG(st.st_mode) &&
		    fcntl(lf->fd, F_SETFL, fcntl(lf->fd, F_GETFL) & ~O_NONBLOCK) < 0) {
			int e = errno;

			close(lf->fd);
			lf->fd = -1;
			return -e;
		}
	}
	lf->foreign = false;	/* standard input: the admin's own pipe */
	if (fstat(lf->fd, &st) == 0) {
		lf->dev = st.st_dev;
		lf->ino = st.st_ino;
		lf->owner = st.st_uid;
		lf->mode = st.st_mode;
		lf->foreign = lf->fd != STDIN_FILENO && safe_stat_foreign(&st);
	}
	lf->off = 0;
	lf->start = lf->end = 0;
	lf->skipping = false;
	lf->eof = false;
	return 0;
}

static void close_cur(struct logfile *lf)
{
	if (lf->fd > STDIN_FILENO)
		close(lf->fd);
	lf->fd = -1;
}

int logfile_open(struct logfile *lf, const char *const *paths, size_t n, bool follow)
{
	size_t i;
	int r;

	memset(lf, 0, sizeof(*lf));
	lf->fd = -1;
	lf->follow = follow;
	lf->paths = calloc(n, sizeof(*lf->paths));
	lf->buf = malloc(BUFSIZE);
	if (!lf->paths || !lf->buf)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		if (!(lf->paths[i] = strdup(paths[i])))
			return -ENOMEM;
	lf->npaths = n;
	/* say now, not half-way, when one of them cannot be read */
	for (i = 0; i < n; i++)
		if (strcmp(paths[i], "-") && access(paths[i], R_OK) < 0) {
			lf->cur = i;	/* logfile_path() names it */
			return -errno;
		}
	r = open_cur(lf);
	return r;
}

bool logfile_settled(const struct logfile *lf)
{
	struct stat st;
	size_t i;

	if (lf->follow)
		return false;
	for (i = lf->cur; i < lf->npaths; i++)
		if (strcmp(lf->paths[i], "-") == 0 || stat(lf->paths[i], &st) < 0 || !S_ISREG(st.st_mode))
			return false;
	return true;
}

void logfile_close(struct logfile *lf)
{
	close_cur(lf);
	logfile_free_paths(lf->paths, lf->npaths);
	free(lf->buf);
	lf->paths = NULL;
	lf->buf = NULL;
}

const char *logfile_path(const struct logfile *lf)
{
	return lf->cur < lf->npaths ? lf->paths[lf->cur] : NULL;
}

static int fill(struct logfile *lf)
{
	ssize_t n;

	if (lf->start > 0) {
		memmove(lf->buf, lf->buf + lf->start, lf->end - lf->start);
		lf->end -= lf->start;
		lf->start = 0;
	}
	if (lf->end == BUFSIZE)
		return 1;
	/* in pieces that stay in the cache until they are parsed */
	do
		n = read(lf->fd, lf->buf + lf->end, BUFSIZE - lf->end < READ_CHUNK ? BUFSIZE - lf->end : READ_CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	lf->end += (size_t)n;
	lf->off += n;
	return n > 0;
}

int logfile_next(struct logfile *lf, const char **line, size_t *len)
{
	char *nl;
	int r;

	for (;;) {
		if (lf->fd < 0)
			return 0;
		nl = memchr(lf->buf + lf->start, '\n', lf->end - lf->start);
		if (nl) {
			size_t n = (size_t)(nl - (lf->buf + lf->start));

			*line = lf->buf + lf->start;
			*len = n;
			lf->start += n + 1;
			if (lf->skipping) {
				lf->skipping = false;	/* the tail of an overlong line */
				continue;
			}
			return 1;
		}
		if (lf->end - lf->start >= LOGFILE_LINE_MAX) {
			/* no newline in a whole buffer: drop it, and the rest of the line */
			if (!lf->skipping)
				lf->overlong++;
			lf->skipping = true;
			lf->start = lf->end;
		}
		r = fill(lf);
		if (r < 0)
			return r;
		if (r > 0)
			continue;
		/* end of this file */
		if (lf->cur + 1 < lf->npaths) {
			if (lf->end > lf->start && !lf->skipping) {
				/* a last line without newline */
				*line = lf->buf + lf->start;
				*len = lf->end - lf->start;
				lf->start = lf->end;
				return 1;
			}
			close_cur(lf);
			lf->cur++;
			r = open_cur(lf);
			if (r < 0)
				return r;
			continue;
		}
		if (!lf->follow && lf->end > lf->start && !lf->skipping) {
			*line = lf->buf + lf->start;
			*len = lf->end - lf->start;
			lf->start = lf->end;
			return 1;
		}
		/* following: a partial line waits for the rest of it */
		lf->eof = true;
		return 0;
	}
}

int logfile_take(struct logfile *lf, size_t n, const char **data)
{
	int r;

	if (n > LOGFILE_LINE_MAX)
		return -E2BIG;
	while (lf->fd >= 0 && lf->end - lf->start < n) {
		r = fill(lf);
		if (r < 0)
			return r;
		if (r == 0)
			return 0;
	}
	if (lf->fd < 0)
		return 0;
	*data = lf->buf + lf->start;
	lf->start += n;
	return 1;
}

int logfile_wait(struct logfile *lf, int timeout_ms)
{
	const char *path = logfile_path(lf);
	struct stat st;
	int r;

	if (!lf->follow || !path)
		return 0;
	r = poll(NULL, 0, timeout_ms);
	if (r < 0)
		return -errno;
	if (strcmp(path, "-") == 0)
		return 1;
	if (stat(path, &st) < 0)
		return 0;	/* between rotate's rename and the new file: wait */
	if (st.st_ino != lf->ino || st.st_dev != lf->dev) {
		/* rotated: finish the old file first, then take the new one */
		r = fill(lf);
		if (r != 0)
			return r < 0 ? r : 1;
		if (lf->end > lf->start)
			return 1;
		close_cur(lf);
		r = open_cur(lf);
		if (r < 0)
			return r == -ENOENT ? 0 : r;
		lf->rotations++;
		return 1;
	}
	if (st.st_size < lf->off) {
		lf->truncations++;
		if (lseek(lf->fd, 0, SEEK_SET) == 0) {
			lf->off = 0;
			lf->start = lf->end = 0;
		}
	}
	return 1;
}

int logfile_rotations(const char *path, char ***out, size_t *n)
{
	char **paths = NULL, buf[4096];
	size_t count = 0, i, max = 0;

	/* auditd keeps num_logs files: path.1 is the newest of the old ones */
	for (i = 1; i < 1000; i++) {
		snprintf(buf, sizeof(buf), "%s.%zu", path, i);
		if (access(buf, F_OK) < 0)
			break;
		max = i;
	}
	paths = calloc(max + 1, sizeof(*paths));
	if (!paths)
		return -ENOMEM;
	for (i = max; i >= 1; i--) {
		snprintf(buf, sizeof(buf), "%s.%zu", path, i);
		paths[count++] = strdup(buf);
	}
	paths[count++] = strdup(path);
	for (i = 0; i < count; i++)
		if (!paths[i]) {
			logfile_free_paths(paths, count);
			return -ENOMEM;
		}
	*out = paths;
	*n = count;
	return 0;
}

int logfile_list(const char *const *paths, size_t n, bool all, char ***out, size_t *nout)
{
	static const char *const def[] = { AUDIT_LOG_DEFAULT };
	char **list = NULL, **rot, **more;
	size_t count = 0, nrot, i, k;

	if (!n) {
		paths = def;
		n = 1;
	}
	for (i = 0; i < n; i++) {
		if (all) {
			if (logfile_rotations(paths[i], &rot, &nrot) < 0)
				goto fail;
		} else {
			rot = calloc(1, sizeof(*rot));
			if (!rot || !(rot[0] = strdup(paths[i]))) {
				free(rot);
				goto fail;
			}
			nrot = 1;
		}
		more = realloc(list, (count + nrot) * sizeof(*list));
		if (!more) {
			logfile_free_paths(rot, nrot);
			goto fail;
		}
		list = more;
		for (k = 0; k < nrot; k++)
			list[count++] = rot[k];
		free(rot);
	}
	*out = list;
	*nout = count;
	return 0;
fail:
	logfile_free_paths(list, count);
	return -ENOMEM;
}

void logfile_free_paths(char **paths, size_t n)
{
	size_t i;

	for (i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
}

void logfile_position(const struct logfile *lf, uint64_t *dev, uint64_t *ino, uint64_t *off)
{
	*dev = (uint64_t)lf->dev;
	*ino = (uint64_t)lf->ino;
	/* what was read, less what waits in the buffer */
	*off = (uint64_t)lf->off - (lf->end - lf->start);
}

int logfile_seek(struct logfile *lf, uint64_t off)
{
	struct stat st;

	if (lf->fd <= STDIN_FILENO)
		return -ESPIPE;
	if (fstat(lf->fd, &st) < 0)
		return -errno;
	if ((uint64_t)st.st_size < off)
		return -ERANGE;
	if (lseek(lf->fd, (off_t)off, SEEK_SET) < 0)
		return -errno;
	lf->off = (off_t)off;
	lf->start = lf->end = 0;
	lf->skipping = false;
	lf->eof = false;
	return 0;
}
