// SPDX-License-Identifier: LGPL-2.1-or-later
/* Audit records in log files: audit.log, plain or ENRICHED, its rotations,
 * standard input; journal exports and JSON lines; followed across rotation
 * and truncation. */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "os/clock.h"
#include "model/dedup.h"
#include "model/journal-entry.h"
#include "model/jsonform.h"
#include "model/lineform.h"
#include "os/jsonlines.h"
#include "os/log.h"
#include "source/logfile.h"
#include "source/source.h"

/* journalctl -o export: entries of KEY=VALUE lines ended by an empty line; a
 * field whose value is not text is its KEY alone on a line, then the value's
 * size (64 bits, little-endian), the value and a newline. */
#define EXPORT_ARENA (256 * 1024)
struct export {
	bool in;		/* inside an entry */
	int bin;		/* a binary field: 1 its size to read, 2 its value */
	uint64_t bin_left;	/* 2: the value's bytes (and newline) still to come */
	bool bin_keep, broken;
	char bin_key[32];
	struct journal_entry e;
	size_t used;
	char arena[EXPORT_ARENA];
};

/* JSON lines: the object flattened, and the records made from it */
#define JSON_ARENA (128 * 1024)
struct jsonin {
	struct json_flat flat;
	char arena[JSON_ARENA];
	char text[2 * 16384];
};

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
	bool follow;
	bool pending_proctitle;		/* next: the PROCTITLE record of a JSON line's event */
	bool trust;			/* --trust-file */
	char untrusted_why[512];
	struct export *ex;		/* made at the first export entry */
	struct jsonin *js;		/* made at the first JSON line */
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

/* Can the line be taken for the kernel's (or auditd's)? Not when another
 * user could have written the file, nor when only a syslog tag says so;
 * unless the admin says the file is the kernel's alone (--trust-file). */
static bool trusted(struct file_source *f, const struct line_info *li)
{
	if (f->trust || (!li->claimed && !f->lf.foreign))
		return true;
	if (!f->s.untrusted_why) {
		if (f->lf.foreign)
			snprintf(f->untrusted_why, sizeof(f->untrusted_why),
				 "%s can be written by others than root (owner uid %u, mode %04o)",
				 logfile_path(&f->lf), (unsigned)f->lf.owner, (unsigned)(f->lf.mode & 07777));
		else
			snprintf(f->untrusted_why, sizeof(f->untrusted_why),
				 "%s names the kernel or audit only in syslog tags, which any process can write "
				 "(one datagram to /dev/log, into kern.* files too)", logfile_path(&f->lf));
		f->s.untrusted_why = f->untrusted_why;
	}
	return false;
}

/* A line's record or loss as the item it is: 1, or 0 when it is neither (or
 * a record already given, or one before the cursor, or a loss that cannot
 * be trusted). */
static int line_item(struct file_source *f, struct line_info *li, struct source_item *it)
{
	const char *why;
	bool ok;

	if (li->kind == LINE_LOST) {
		if (trusted(f, li))
			return lost_item(it, li, &f->lost_total, f->why, sizeof(f->why));
		f->s.untrusted_lost++;
		return 0;
	}
	if (li->kind != LINE_RECORD) {
		f->s.skipped += li->audit_like;
		f->s.not_kernel += li->not_kernel;
		return 0;
	}
	ok = trusted(f, li);
	if (dedup_seen(f->dedup, &li->rec))
		return 0;
	if (f->skip_old) {
		/* written before the stop: in a rotation the cursor did not point into */
		if (li->rec.sec < f->skip_sec || (li->rec.sec == f->skip_sec && (li->rec.msec < f->skip_msec ||
		    (li->rec.msec == f->skip_msec && li->rec.serial <= f->skip_serial))))
			return 0;
		f->skip_old = false;
	}
	memset(it, 0, sizeof(*it));
	it->kind = ITEM_RECORD;
	it->rec = li->rec;
	it->rec.untrusted = !ok;
	f->next.rec.untrusted = f->pending_proctitle && !ok;	/* a JSON line's command line is its event's */
	f->s.untrusted += !ok;
	it->text = li->text;
	it->text_len = li->text_len;
	if (ok && f->history_done && (why = daemon_note(&it->rec))) {
		/* the record itself follows the note */
		f->next = *it;
		f->held = true;
		return note(it, why);
	}
	return 1;
}

/* --- journalctl -o json, and seccompctl's own -o json and -o ecs ------------------ */

static int json_line(struct file_source *f, const char *line, size_t len, struct line_info *li)
{
	struct audit_record proctitle;
	bool has_proctitle;
	int r;

	if (!f->js && !(f->js = malloc(sizeof(*f->js))))
		return -ENOMEM;
	r = jsonline_flatten(line, len, &f->js->flat, f->js->arena, sizeof(f->js->arena));
	f->s.out_of_range += f->js->flat.out_of_range;
	if (r < 0) {
		/* not JSON, or more of it than a record holds: a line like any other */
		line_parse(line, len, f->now_ms, li);
		if (r == -E2BIG)
			f->s.skipped++;
		return 0;
	}
	jsonform_line(&f->js->flat, f->now_ms, f->js->text, sizeof(f->js->text), li, &proctitle, &has_proctitle);
	if (has_proctitle && li->kind == LINE_RECORD) {
		/* the command line comes as its own record, right after */
		memset(&f->next, 0, sizeof(f->next));
		f->next.kind = ITEM_RECORD;
		f->next.rec = proctitle;
		f->next.text = NULL;	/* -o raw writes it from the record */
		f->pending_proctitle = true;
	}
	return 0;
}

/* --- journalctl -o export -------------------------------------------------------------- */

static bool export_starts(const char *line, size_t len)
{
	return (len > 9 && memcmp(line, "__CURSOR=", 9) == 0) ||
	       (len > 21 && memcmp(line, "__REALTIME_TIMESTAMP=", 21) == 0);
}

/* the fields a record is read from; the rest are passed over */
static bool export_wanted(const char *key, size_t klen)
{
	return journal_entry_wants(key, klen);
}

/* key=value into the entry, kept in the arena: lines move on */
static void export_keep(struct export *x, const char *key, size_t klen, const char *v, size_t vlen)
{
	char *at = x->arena + x->used;

	if (!export_wanted(key, klen))
		return;
	if (x->used + klen + 1 + vlen + 1 > sizeof(x->arena)) {
		x->broken = true;
		return;
	}
	memcpy(at, key, klen);
	at[klen] = '=';
	memcpy(at + klen + 1, v, vlen);
	at[klen + 1 + vlen] = '\0';
	x->used += klen + vlen + 2;
	journal_entry_field(&x->e, at, klen + 1 + vlen);
}

static void export_field(struct export *x, const char *line, size_t len)
{
	const char *eq = memchr(line, '=', len);

	if (eq) {
		export_keep(x, line, (size_t)(eq - line), eq + 1, len - (size_t)(eq - line) - 1);
		return;
	}
	/* a binary field: its size and value follow */
	x->bin = 1;
	x->bin_keep = len < sizeof(x->bin_key) && export_wanted(line, len);
	snprintf(x->bin_key, sizeof(x->bin_key), "%.*s", (int)(len < sizeof(x->bin_key) ? len : 0), line);
}

static int export_begin(struct file_source *f, const char *line, size_t len)
{
	if (!f->ex && !(f->ex = malloc(sizeof(*f->ex))))
		return -ENOMEM;
	f->ex->in = true;
	f->ex->bin = 0;
	f->ex->broken = false;
	f->ex->used = 0;
	journal_entry_init(&f->ex->e);
	export_field(f->ex, line, len);
	return 0;
}

/* The entry read whole: what it holds. */
static bool export_end(struct file_source *f, struct line_info *li)
{
	if (f->ex->broken) {
		f->s.overlong++;
		return false;
	}
	journal_entry_line(&f->ex->e, f->now_ms, li);
	return true;
}

/* The entry's next piece: 1 when it ended (li: what it held), 0 when no more
 * is there now, -errno. */
static int export_step(struct file_source *f, struct line_info *li)
{
	struct export *x = f->ex;
	const char *data, *line;
	size_t len;
	uint64_t size;
	int r;

	for (;;) {
		if (x->bin == 1) {
			if ((r = logfile_take(&f->lf, 8, &data)) <= 0)
				return r;
			memcpy(&size, data, 8);
			size = le64toh(size);
			x->bin = 2;
			x->bin_left = size + 1;
			if (size + 1 > LOGFILE_LINE_MAX) {
				x->bin_keep = false;
				x->broken = true;
			}
			continue;
		}
		if (x->bin == 2) {
			size_t n = x->bin_keep ? x->bin_left : x->bin_left < 65536 ? x->bin_left : 65536;

			if ((r = logfile_take(&f->lf, n, &data)) <= 0)
				return r;
			if (x->bin_keep)
				export_keep(x, x->bin_key, strlen(x->bin_key), data, n - 1);
			x->bin_left -= n;
			if (!x->bin_left)
				x->bin = 0;
			continue;
		}
		if ((r = logfile_next(&f->lf, &line, &len)) <= 0)
			return r;
		if (len == 0) {
			x->in = false;
			return export_end(f, li) ? 1 : (li->kind = LINE_OTHER, 1);
		}
		export_field(x, line, len);
	}
}

static int file_next(struct source *s, struct source_item *it)
{
	struct file_source *f = (struct file_source *)s;
	const char *line;
	size_t len;
	int r;

	if (f->resume_lost) {
		lost_set(it, f->resume_lost, 0, -1, f->why, sizeof(f->why));
		f->resume_lost = NULL;
		return 1;
	}
	if (f->held || f->pending_proctitle) {
		f->held = f->pending_proctitle = false;
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
	for (;;) {
		struct line_info li;

		if (f->ex && f->ex->in) {
			if ((r = export_step(f, &li)) < 0)
				break;
			if (r == 0) {
				if (f->ex->in)
					break;	/* following: the rest of the entry is not written yet */
				continue;
			}
		} else {
			if ((r = logfile_next(&f->lf, &line, &len)) <= 0)
				break;
			if (export_starts(line, len)) {
				if ((r = export_begin(f, line, len)) < 0)
					break;
				continue;
			}
			if (len && line[0] == '{') {
				if ((r = json_line(f, line, len, &li)) < 0)
					break;
			} else {
				line_parse(line, len, f->now_ms, &li);
			}
		}
		if (line_item(f, &li, it))
			return 1;
	}
	if (r == 0 && f->ex && f->ex->in && !f->follow) {
		/* the last entry, without its empty line */
		struct line_info li;

		f->ex->in = false;
		if (export_end(f, &li) && line_item(f, &li, it))
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
	free(f->ex);
	free(f->js);
	free(f);
}

static void file_position(struct source *s, struct source_pos *pos)
{
	struct file_source *f = (struct file_source *)s;

	snprintf(pos->path, sizeof(pos->path), "%s", f->base);
	logfile_position(&f->lf, &pos->dev, &pos->ino, &pos->off);
}

static bool file_settled(struct source *s)
{
	return logfile_settled(&((struct file_source *)s)->lf);
}

static const struct source_ops file_ops = {
	.next = file_next, .wait = file_wait, .close = file_close, .position = file_position,
	.settled = file_settled,
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
	f->follow = o->follow;
	f->trust = o->trust_text;
	*out = &f->s;
	return 0;
}
