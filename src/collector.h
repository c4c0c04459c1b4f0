/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tail as a collector: the output file, reopened on SIGHUP, and the cursor. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/cursor.h"
#include "os/output.h"
#include "source/source.h"

/*
 * tail as a collector: events into --output-file, reopened on SIGHUP so that
 * logrotate needs no copytruncate, and --cursor-file, so that a restart, a
 * kill -9 or a reboot writes every event once.
 *
 * Durability: events are written with write(2) as they come (flushed
 * whenever the source has nothing more queued), so they survive the death of
 * seccompctl. A checkpoint, at most once a second while the source is caught
 * up, on SIGHUP and at the end, first fdatasync()s the output, then replaces
 * the cursor (temporary file, fsync, rename, fsync of the directory): the
 * cursor never names output that a power loss could take back. On a restart
 * the output is cut back to the length the cursor names, and the source
 * resumes where it says: what was written after the checkpoint is written
 * again, once. netlink cannot resume: its events after the checkpoint are
 * kept, and the gap is read from the kernel's serials.
 */

struct collector {
	const char *out_path, *cursor_path;
	int fd;
	struct out *o;			/* the output file, or NULL for standard output */
	bool have_cursor;
	struct cursor loaded;		/* the cursor found at the start */
	struct source_pos last;		/* the last record: boot, time, serial */
	int64_t saved_ms;
	uint64_t checkpoints;
	const struct unique *unique;	/* --unique: its open windows go into the cursor */
	const struct metrics *metrics;	/* --metrics-file: its counters go into the cursor */
};

/* Load the cursor, cut the output back to it, open the output. resume points
 * into c when there is a cursor to go on from, NULL otherwise. 0, or an exit
 * code after saying why. */
int collector_open(struct collector *c, const char *out_path, const char *cursor_path, bool netlink,
		   const struct source_pos **resume);
/* The source is open: with no cursor yet, one for where it starts, so that
 * even a run killed before its first checkpoint is cut back. 0 or -errno. */
int collector_start(struct collector *c, struct source *src);
/* A record went by: its boot, time and serial are where the cursor will be. */
void collector_record(struct collector *c, const struct source_item *it);
/* The source is caught up: save the cursor when one is due (force: now).
 * 0, or -errno after saying why. */
int collector_checkpoint(struct collector *c, struct source *src, bool force);
/* SIGHUP: a checkpoint, then the output file opened again at its path.
 * 0, or -errno after saying why. */
int collector_reopen(struct collector *c, struct source *src);
void collector_close(struct collector *c);
