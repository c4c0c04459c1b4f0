/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Lines of log files, followed as tail -F does: the only reader of log files. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The only module that reads log files: lines of one or more files in order
 * ("-" is standard input), and in follow mode the last one as `tail -F` does,
 * across rotation and truncation.
 */

#define LOGFILE_LINE_MAX (1 << 20)
#define AUDIT_LOG_DEFAULT "/var/log/audit/audit.log"

struct logfile {
	char **paths;
	size_t npaths, cur;
	bool follow;
	int fd;
	dev_t dev;
	ino_t ino;
	off_t off;
	char *buf;
	size_t start, end;
	bool skipping;		/* inside a line longer than LOGFILE_LINE_MAX */
	bool eof;
	uint64_t overlong;	/* lines dropped for their length */
	bool foreign;		/* the file being read: another user could have written it */
	uid_t owner;		/* its owner, and mode */
	mode_t mode;
	uint64_t rotations, truncations;
};

/* paths are copied. Opens the first; -errno names a path that cannot be read. */
int logfile_open(struct logfile *lf, const char *const *paths, size_t n, bool follow);
void logfile_close(struct logfile *lf);
/* Not followed, and every path a regular file now (none standard input). */
bool logfile_settled(const struct logfile *lf);
/* 1: a line (without its newline); 0: nothing more now (end of all files, or in
 * follow mode, of what is written so far); <0: -errno. */
int logfile_next(struct logfile *lf, const char **line, size_t *len);
/* The next n bytes of the file being read, past the last line (a journal
 * export's binary field): 1 and *data (valid until the next call); 0 when
 * the file holds fewer so far; -E2BIG past LOGFILE_LINE_MAX; -errno. */
int logfile_take(struct logfile *lf, size_t n, const char **data);
/* Follow mode: wait up to timeout_ms for more, reopening a rotated or
 * truncated file. 1: more may be there; 0: timed out; <0 -errno. */
int logfile_wait(struct logfile *lf, int timeout_ms);
/* Which path is being read now. */
const char *logfile_path(const struct logfile *lf);
/* The file being read, and the offset just past the last line handed out. */
void logfile_position(const struct logfile *lf, uint64_t *dev, uint64_t *ino, uint64_t *off);
/* Go on in the file being read from off (a position told before). 0, -ESPIPE
 * for standard input, -ERANGE when the file is shorter now (truncated). */
int logfile_seek(struct logfile *lf, uint64_t off);

/* path and its rotations, oldest first: path.N ... path.1 path. */
int logfile_rotations(const char *path, char ***out, size_t *n);
/* The logs to read: paths (or the default audit.log), each with its
 * rotations when all; free with logfile_free_paths. */
int logfile_list(const char *const *paths, size_t n, bool all, char ***out, size_t *nout);
void logfile_free_paths(char **paths, size_t n);
