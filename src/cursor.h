/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "source.h"

/*
 * tail --cursor-file: where the collector stopped in its source, and how long
 * its output file was then. On a restart the output is cut back to that
 * length and the source resumes at that position, so that what was written
 * after the last save is written again, once: no event twice, none skipped
 * that the source still holds. A text file of "key value" lines, replaced
 * whole (temporary file, fsync, rename).
 */

struct cursor {
	struct source_pos pos;
	uint64_t out_dev, out_ino, out_len;
};

/* The text form into buf: its length, or -ENOSPC. */
int cursor_format(const struct cursor *c, char *buf, size_t size);
/* 0, or -EINVAL for text that is not a cursor (a line is named in err). */
int cursor_parse(const char *text, size_t len, struct cursor *c, char *err, size_t errsize);
/* 0; -ENOENT when there is none yet; -EINVAL with err; -errno. */
int cursor_load(const char *path, struct cursor *c, char *err, size_t errsize);
int cursor_save(const char *path, const struct cursor *c);
