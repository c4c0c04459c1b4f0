/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Where a reader stopped: a source's position, and the collector's cursor text. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/metrics.h"
#include "model/unique.h"
#include "model/writer.h"

/* Where a reader stopped (tail --cursor-file): enough for each source to go
 * on after the last record it gave, in this boot or after a reboot. */
struct source_pos {
	enum source_kind kind;
	char boot[33];			/* the boot the last record belongs to, "" unknown */
	bool has_last;			/* the last record's time and serial */
	uint64_t sec, serial;
	uint32_t msec;
	char path[1024];		/* file: the log, its dev, inode and the offset past the last line */
	uint64_t dev, ino, off;
	char cursor[512];		/* journal: the last entry read, or with cursor_from */
	bool cursor_from;		/* the first entry to read (nothing read since the start) */
	bool has_seq;			/* kernel: the sequence number of the next /dev/kmsg message to read */
	uint64_t seq;
};

/*
 * tail --cursor-file: where the collector stopped in its source, and how long
 * its output file was then. On a restart the output is cut back to that
 * length and the source resumes at that position, so that what was written
 * after the last save is written again, once: no event twice, none skipped
 * that the source still holds. A text file of "key value" lines; the
 * collector (src/collector.c) loads it and replaces it whole.
 */

struct cursor {
	struct source_pos pos;
	uint64_t out_dev, out_ino, out_len;
	/* --unique: the windows open at the checkpoint (their first events are
	 * written, their repeats not yet); parsed into an array the cursor owns */
	const struct unique *unique;	/* to write */
	struct unique_key *keys;	/* read */
	size_t nkeys, capkeys;
	/* --metrics-file: the counters at the checkpoint, so that they go on */
	const struct metrics *metrics;	/* to write */
	struct metrics *metrics_read;	/* read: NULL when the cursor has none */
};

/* The text form into o (memory). */
void cursor_format(const struct cursor *c, struct out *o);
void cursor_free(struct cursor *c);
/* 0, or -EINVAL for text that is not a cursor (a line is named in err). */
int cursor_parse(const char *text, size_t len, struct cursor *c, char *err, size_t errsize);
