// SPDX-License-Identifier: LGPL-2.1-or-later
/* Audit records in log files: audit.log, plain or ENRICHED, its rotations,
 * standard input; followed across rotation and truncation. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup.h"
#include "exitcode.h"
#include "lineform.h"
#include "log.h"
#include "logfile.h"
#include "source.h"
#include "timeparse.h"

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

static const struct source_ops file_ops = {
	.next = file_next, .wait = file_wait, .close = file_close,
};

int source_file_open(struct source **out, const struct source_opts *o)
{
	struct file_source *f = calloc(1, sizeof(*f));
	char **paths;
	size_t n;
	int r;

	if (!f || !(f->dedup = dedup_new(4096)) || logfile_list(o->files, o->nfiles, o->all, &paths, &n) < 0) {
		if (f)
			dedup_free(f->dedup);
		free(f);
		p_err("out of memory");
		return EXIT_ERROR;
	}
	f->s.ops = &file_ops;
	f->s.kind = SOURCE_FILE;
	r = logfile_open(&f->lf, (const char *const *)paths, n, o->follow);
	logfile_free_paths(paths, n);
	if (r < 0) {
		p_err("cannot read %s: %s%s", logfile_path(&f->lf) ? logfile_path(&f->lf) : "the log", strerror(-r),
		      r == -EACCES ? " (audit logs are readable by root and group adm)" : "");
		file_close(&f->s);
		return EXIT_ERROR;
	}
	f->s.where = logfile_path(&f->lf);
	f->now_ms = realtime_ms();
	*out = &f->s;
	return 0;
}
