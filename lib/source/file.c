// SPDX-License-Identifier: LGPL-2.1-or-later
/* Audit records in log files: audit.log, plain or ENRICHED, its rotations,
 * standard input; followed across rotation and truncation. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/dedup.h"
#include "model/lineform.h"
#include "os/log.h"
#include "source/logfile.h"
#include "source/source.h"
#include "model/timeparse.h"

struct file_source {
	struct source s;
	struct logfile lf;
	uint64_t rotations, truncations;
	bool history_done;	/* past what the files held when opened: notes are news */
	bool held;		/* a record waits behind the note said before it */
	struct source_item next;
	struct dedup *dedup;
	uint64_t lost_total;	/* the last "audit_lost=N" read */
	int64_t now_ms;		/* for the year a syslog stamp leaves out; kept fresh while following */
	char why[256];
	char base[1024];	/* the log followed (the last path): where a cursor says it reads */
	/* resuming where the file of the cursor is gone: what was written is skipped by time and serial */
	bool skip_old;
	uint64_t skip_sec, skip_serial;
	uint32_t skip_msec;
	const char *resume_lost;	/* a loss to tell first, NULL when none */
};

static int note(struct source_item *it, const char *why)
{
	memset(it, 0, sizeof(*it));
	it->kind = ITEM_NOTE;
	it->why = why;
	return 1;
}

/* auditd's own records in the log it writes: worth saying while following */
static const char *daemon_note(const struct audit_record *r)
{
	switch (r->type) {
	case AUDIT_TYPE_DAEMON_START:
		return "auditd started: it writes this log again";
	case AUDIT_TYPE_DAEMON_END:
		return "auditd stopped: no new record reaches this log until it starts again";
	case AUDIT_TYPE_DAEMON_ABORT:
		return "auditd aborted: no new record reaches this log until it starts again";
	}
	return NULL;
}

static int file_next(struct source *s, struct source_item *it)
{
	struct file_source *f = (struct file_source *)s;
	const char *line, *why;
	size_t len;
	int r;

	if (f->resume_lost) {
		lost_set(it, f->resume_lost, 0, -1, f->why, sizeof(f->why));
		f->resume_lost = NULL;
		return 1;
	}
	if (f->held) {
		f->held = false;
		*it = f->next;
		return 1;
	}
	if (f->lf.rotations != f->rotations) {
		f->rotations = f->lf.rotations;
		return note(it, "the log was rotated: reading the new file");
	}
	if (f->lf.truncations != f->truncations) {
		f->truncations = f->lf.truncations;
		return note(it, "the log was truncated: reading it from the start");
	}
	while ((r = logfile_next(&f->lf, &line, &len)) > 0) {
		struct line_info li;
		enum line_kind k = line_parse(line, len, f->now_ms, &li);

		if (k == LINE_LOST) {
			if (lost_item(it, &li, &f->lost_total, f->why, sizeof(f->why)))
				return 1;
			continue;
		}
		if (k != LINE_RECORD) {
			s->skipped += li.audit_like;
			continue;
		}
		if (dedup_seen(f->dedup, &li.rec))
			continue;
		if (f->skip_old) {
			/* written before the stop: in a rotation the cursor did not point into */
			if (li.rec.sec < f->skip_sec || (li.rec.sec == f->skip_sec && (li.rec.msec < f->skip_msec ||
			    (li.rec.msec == f->skip_msec && li.rec.serial <= f->skip_serial))))
				continue;
			f->skip_old = false;
		}
		memset(it, 0, sizeof(*it));
		it->kind = ITEM_RECORD;
		it->rec = li.rec;
		it->text = li.text;
		it->text_len = li.text_len;
		if (f->history_done && (why = daemon_note(&it->rec))) {
			/* the record itself follows the note */
			f->next = *it;
			f->held = true;
			return note(it, why);
		}
		return 1;
	}
	if (r == 0)
		f->history_done = true;
	s->overlong = f->lf.overlong;
	return r;
}

static int file_wait(struct source *s, int timeout_ms)
{
	struct file_source *f = (struct file_source *)s;

	f->now_ms = realtime_ms();
	return logfile_wait(&f->lf, timeout_ms);
}

static void file_close(struct source *s)
{
	struct file_source *f = (struct file_source *)s;

	logfile_close(&f->lf);
	dedup_free(f->dedup);
	free(f);
}

static void file_position(struct source *s, struct source_pos *pos)
{
	struct file_source *f = (struct file_source *)s;

	snprintf(pos->path, sizeof(pos->path), "%s", f->base);
	logfile_position(&f->lf, &pos->dev, &pos->ino, &pos->off);
}

static const struct source_ops file_ops = {
	.next = file_next, .wait = file_wait, .close = file_close, .position = file_position,
};

/* The logs from the cursor's file on: its dev and inode among the rotations.
 * Not found: every rotation, skipping what the cursor's time and serial say
 * was written. Returns the index to start from. */
static size_t resume_from(struct file_source *f, const struct source_pos *pos, char **paths, size_t n)
{
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++)
		if (stat(paths[i], &st) == 0 && (uint64_t)st.st_dev == pos->dev && (uint64_t)st.st_ino == pos->ino)
			return i;
	f->resume_lost = "rotated_away";
	if (pos->has_last) {
		f->skip_old = true;
		f->skip_sec = pos->sec;
		f->skip_msec = pos->msec;
		f->skip_serial = pos->serial;
	}
	return 0;
}

int source_file_open(struct source **out, const struct source_opts *o)
{
	struct file_source *f = calloc(1, sizeof(*f));
	char **paths;
	size_t n, start;
	int r;

	if (!f || !(f->dedup = dedup_new(4096)) || logfile_list(o->files, o->nfiles, o->all || (o->resume && o->resume->kind == SOURCE_FILE), &paths, &n) < 0) {
		if (f)
			dedup_free(f->dedup);
		free(f);
		p_err("out of memory");
		return -ENOMEM;
	}
	f->s.ops = &file_ops;
	f->s.kind = SOURCE_FILE;
	snprintf(f->base, sizeof(f->base), "%s", n ? paths[n - 1] : "");
	start = o->resume && o->resume->kind == SOURCE_FILE ? resume_from(f, o->resume, paths, n) : 0;
	r = logfile_open(&f->lf, (const char *const *)paths + start, n - start, o->follow);
	if (r >= 0 && o->resume && o->resume->kind == SOURCE_FILE && !f->resume_lost &&
	    (r = logfile_seek(&f->lf, o->resume->off)) == -ERANGE) {
		f->resume_lost = "log_truncated";	/* read it from the start */
		r = 0;
	}
	logfile_free_paths(paths, n);
	if (r < 0) {
		p_err("cannot read %s: %s%s", logfile_path(&f->lf) ? logfile_path(&f->lf) : "the log", strerror(-r),
		      r == -EACCES ? " (audit logs are readable by root and group adm)" : "");
		file_close(&f->s);
		return r == -EINVAL ? -EIO : r;
	}
	f->s.where = logfile_path(&f->lf);
	f->now_ms = realtime_ms();
	*out = &f->s;
	return 0;
}
