/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "os/output.h"
#include "source/source.h"
#include "model/unique.h"

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
	/* --unique: the windows open at the checkpoint (their first events are
	 * written, their repeats not yet); parsed into an array the cursor owns */
	const struct unique *unique;	/* to write */
	struct unique_key *keys;	/* read */
	size_t nkeys;
};

/* The text form into o (memory). */
void cursor_format(const struct cursor *c, struct out *o);
void cursor_free(struct cursor *c);
/* 0, or -EINVAL for text that is not a cursor (a line is named in err). */
int cursor_parse(const char *text, size_t len, struct cursor *c, char *err, size_t errsize);
/* 0; -ENOENT when there is none yet; -EINVAL with err; -errno. */
int cursor_load(const char *path, struct cursor *c, char *err, size_t errsize);
int cursor_save(const char *path, const struct cursor *c);
