// SPDX-License-Identifier: LGPL-2.1-or-later
/* The journal as a source (the only module that includes sd-journal). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-id128.h>
#include <systemd/sd-journal.h>

#include "os/clock.h"
#include "config.h"
#include "model/dedup.h"
#include "model/journal-entry.h"
#include "model/lineform.h"
#include "source/journal.h"
#include "os/libsystemd.h"
#include "os/log.h"
#include "os/procfs.h"
#include "os/sysctl.h"
#include "source/source.h"

/* Its functions, from libsystemd.so.0 once the journal is first read
 * (os/libsystemd.h): a command that reads no journal does not load it. */
#define JOURNAL_FUNCTIONS(X) \
	X(sd_id128_from_string) \
	X(sd_id128_to_string) \
	X(sd_journal_add_conjunction) \
	X(sd_journal_add_disjunction) \
	X(sd_journal_add_match) \
	X(sd_journal_close) \
	X(sd_journal_enumerate_available_data) \
	X(sd_journal_flush_matches) \
	X(sd_journal_get_cursor) \
	X(sd_journal_get_data) \
	X(sd_journal_get_monotonic_usec) \
	X(sd_journal_get_realtime_usec) \
	X(sd_journal_next) \
	X(sd_journal_open) \
	X(sd_journal_open_directory) \
	X(sd_journal_open_files) \
	X(sd_journal_previous) \
	X(sd_journal_restart_data) \
	X(sd_journal_seek_cursor) \
	X(sd_journal_seek_head) \
	X(sd_journal_seek_realtime_usec) \
	X(sd_journal_seek_tail) \
	X(sd_journal_test_cursor) \
	X(sd_journal_wait)
#define DECLARE(f) static __typeof__(f) *sym_##f;
JOURNAL_FUNCTIONS(DECLARE)
#undef DECLARE

/* 0, or -errno with why (the journal cannot be read). */
static int journal_functions(char *why, size_t size)
{
	static int state;	/* 0: not tried; 1: loaded; -errno: cannot be */
	int r = 0;

	if (state)
		return state < 0 ? state : 0;
#define LOAD(f) \
	if (r == 0) \
		r = libsystemd_function(#f, (void **)&sym_##f, why, size);
	JOURNAL_FUNCTIONS(LOAD)
#undef LOAD
	state = r < 0 ? r : 1;
	return r;
}

/* A match on a record type, from model/audit-record.h's number. */
#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
#define TYPE_MATCH(t) "_AUDIT_TYPE=" STRINGIFY(t)

struct journal_src {
	struct source s;
	sd_journal *j;
	sd_journal *aux;	/* look-ups beside the main walk: SYSCALL records, boot starts */
	enum source_want want;
	bool writer_next;	/* a CONFIG_CHANGE was handed out: its SYSCALL record comes next */
	struct audit_record change;
	char boot[33];
	struct dedup *dedup;	/* each record once, whichever transport brought it */
	uint64_t lost_total;
	char why[256];
	/* following: is journald still there to write what we wait for? */
	bool watch_journald;
	pid_t journald;
	int64_t journald_checked_ms;
	char note[160];
	bool note_pending;
	/* where reading started: a cursor and whether its entry is still to be
	 * read (from) or was read before a stop (after) */
	char start_cursor[512];
	bool start_from;
	/* resuming after an entry: it is skipped; a new boot is said */
	bool resuming, read_any;
	bool gone_pending;	/* the cursor's entry is gone: said first */
	bool again;		/* the entry under the read pointer is still to be read */
	char last_boot[33];
};

static pid_t journald_pid(void)
{
	pid_t pids[2];
	size_t n;

	return proc_find_comm("/proc", "systemd-journal", pids, 2, &n) == 0 && n ? pids[0] : 0;
}

static void check_journald(struct journal_src *s)
{
	int64_t t = monotonic_ms();
	pid_t now;

	if (!s->watch_journald || t - s->journald_checked_ms < 2000)
		return;
	s->journald_checked_ms = t;
	now = journald_pid();
	if (now == s->journald)
		return;
	if (!now)
		snprintf(s->note, sizeof(s->note), "systemd-journald (pid %d) stopped: no new record until it "
			 "runs again", (int)s->journald);
	else if (!s->journald)
		snprintf(s->note, sizeof(s->note), "systemd-journald runs again (pid %d): reading on", (int)now);
	else
		snprintf(s->note, sizeof(s->note), "systemd-journald restarted (pid %d, was %d): reading on",
			 (int)now, (int)s->journald);
	s->journald = now;
	s->note_pending = true;
}

static int add_boot(sd_journal *j, const char *boot)
{
	char match[64], cur[33];
	sd_id128_t id;
	int r;

	if (!boot || strcmp(boot, "all") == 0)
		return 0;
	/* the running boot, as every source reads it */
	if (strcmp(boot, "current") == 0 && (r = sysctl_boot_id(SYSCTL_ROOT, cur)) == 0)
		r = sym_sd_id128_from_string(cur, &id);
	else if (strcmp(boot, "current"))
		r = sym_sd_id128_from_string(boot, &id);
	if (r < 0)
		return -EINVAL;
	snprintf(match, sizeof(match), "_BOOT_ID=" SD_ID128_FORMAT_STR, SD_ID128_FORMAT_VAL(id));
	/* the boot holds for every transport */
	r = sym_sd_journal_add_conjunction(j);
	return r < 0 ? r : sym_sd_journal_add_match(j, match, 0);
}

/* The audit transport's records of the kind wanted, or (and) the kernel's
 * messages, where printk puts the same records, and journald's own word on
 * kernel messages it missed. */
static int add_matches(sd_journal *j, enum source_want want, bool audit, bool kernel, const char *boot)
{
	static const char *const seccomp[] = { TYPE_MATCH(AUDIT_TYPE_SECCOMP), TYPE_MATCH(AUDIT_TYPE_SYSCALL),
					       TYPE_MATCH(AUDIT_TYPE_PROCTITLE), NULL };
	static const char *const changes[] = { TYPE_MATCH(AUDIT_TYPE_CONFIG_CHANGE), "_AUDIT_FIELD_OP=seccomp-logging",
					       NULL };
	static const char *const all[] = { NULL };
	const char *const *m = want == WANT_CHANGES ? changes : want == WANT_SECCOMP ? seccomp : all;
	int r = 0;

	if (audit) {
		r = sym_sd_journal_add_match(j, "_TRANSPORT=audit", 0);
		for (; r >= 0 && *m; m++)
			r = sym_sd_journal_add_match(j, *m, 0);
	}
	if (r >= 0 && audit && kernel)
		r = sym_sd_journal_add_disjunction(j);
	if (r >= 0 && kernel)
		r = sym_sd_journal_add_match(j, "_TRANSPORT=kernel", 0);
	if (r >= 0 && kernel)
		r = sym_sd_journal_add_match(j, "_TRANSPORT=driver", 0);
	return r < 0 ? r : add_boot(j, boot);
}

static int open_journal(sd_journal **j, const char *dir, const char *const *files, size_t nfiles)
{
	const char **list;
	size_t i;
	int r;

	if (nfiles) {
		list = calloc(nfiles + 1, sizeof(*list));
		if (!list)
			return -ENOMEM;
		for (i = 0; i < nfiles; i++)
			list[i] = files[i];
		r = sym_sd_journal_open_files(j, list, 0);
		free(list);
		return r;
	}
	if (dir)
		return sym_sd_journal_open_directory(j, dir, 0);
	return sym_sd_journal_open(j, SD_JOURNAL_LOCAL_ONLY);
}

/* One walk over an entry's fields, no text made. */
static void entry_fields(sd_journal *j, struct journal_entry *e)
{
	const void *data;
	size_t len;

	journal_entry_init(e);
	sym_sd_journal_restart_data(j);
	while (sym_sd_journal_enumerate_available_data(j, &data, &len) > 0)
		journal_entry_field(e, data, len);
	/* the entry's own time is not one of its fields here */
	e->have_time = sym_sd_journal_get_realtime_usec(j, &e->usec) >= 0;
}

static int entry_record(sd_journal *j, struct audit_record *r)
{
	struct journal_entry e;
	struct line_info li;

	entry_fields(j, &e);
	if (e.transport != JT_AUDIT || journal_entry_line(&e, 0, &li) != LINE_RECORD)
		return -EBADMSG;
	*r = li.rec;
	return 0;
}

static int entry_boot(sd_journal *j, char id[33])
{
	sd_id128_t b;
	uint64_t mono;
	int r = sym_sd_journal_get_monotonic_usec(j, &mono, &b);

	if (r < 0)
		return r;
	sym_sd_id128_to_string(b, id);
	return 0;
}

static int aux_match(struct journal_src *s, const char *boot)
{
	char m[64];

	sym_sd_journal_flush_matches(s->aux);
	snprintf(m, sizeof(m), "_BOOT_ID=%s", boot);
	return sym_sd_journal_add_match(s->aux, m, 0);
}

/* The SYSCALL record of a CONFIG_CHANGE: its writer, in the same boot. */
static int find_syscall(struct journal_src *s, const char *boot, uint64_t serial, struct audit_record *r)
{
	char m[64];
	int n;

	n = aux_match(s, boot);
	snprintf(m, sizeof(m), "_AUDIT_ID=%llu", (unsigned long long)serial);
	if (n >= 0)
		n = sym_sd_journal_add_match(s->aux, m, 0);
	if (n >= 0)
		n = sym_sd_journal_add_match(s->aux, TYPE_MATCH(AUDIT_TYPE_SYSCALL), 0);
	if (n >= 0)
		n = sym_sd_journal_seek_head(s->aux);
	while (n >= 0 && (n = sym_sd_journal_next(s->aux)) > 0)
		if (entry_record(s->aux, r) == 0)
			return 1;
	return n;
}

/* The entry under the read pointer as an item: a record (either transport),
 * or journald's word on what it missed; 0 when it is neither. */
static int entry_item(struct journal_src *s, struct journal_entry *e, struct source_item *it)
{
	struct line_info li;
	enum line_kind k;

	memset(it, 0, sizeof(*it));
	entry_fields(s->j, e);
	k = journal_entry_line(e, 0, &li);
	if (k == LINE_LOST)
		return lost_item(it, &li, &s->lost_total, s->why, sizeof(s->why));
	if (k != LINE_RECORD) {
		s->s.skipped += li.audit_like;
		s->s.not_kernel += li.not_kernel;
		return 0;
	}
	it->rec = li.rec;
	it->kind = ITEM_RECORD;
	return 1;
}

static int journal_next(struct source *src, struct source_item *it)
{
	struct journal_src *s = (struct journal_src *)src;
	int n;

	if (s->note_pending) {
		s->note_pending = false;
		memset(it, 0, sizeof(*it));
		it->kind = ITEM_NOTE;
		it->why = s->note;
		return 1;
	}
	if (s->gone_pending) {
		s->gone_pending = false;
		lost_set(it, "cursor_gone", 0, -1, s->why, sizeof(s->why));
		return 1;
	}
	if (s->writer_next) {
		s->writer_next = false;
		n = find_syscall(s, s->boot, s->change.serial, &it->rec);
		if (n > 0) {
			it->kind = ITEM_RECORD;
			it->text = NULL;
			snprintf(it->boot, sizeof(it->boot), "%s", s->boot);
			return 1;
		}
		if (n < 0)
			return n;
	}
	for (;;) {
		struct journal_entry e;

		if (s->again) {
			s->again = false;
		} else {
			n = sym_sd_journal_next(s->j);
			if (n <= 0)
				return n;
		}
		s->read_any = true;
		if (s->resuming) {
			s->resuming = false;
			if (sym_sd_journal_test_cursor(s->j, s->start_cursor) > 0)
				continue;	/* written before the stop */
		}
		if ((n = entry_item(s, &e, it)) == 0)
			continue;
		if (it->kind == ITEM_LOST)
			return 1;
		if (entry_boot(s->j, it->boot) < 0)
			it->boot[0] = '\0';
		if (s->start_cursor[0] && it->boot[0] && s->last_boot[0] && strcmp(it->boot, s->last_boot)) {
			/* a reboot: said before the first record of the new boot, read again next */
			snprintf(s->note, sizeof(s->note), "records of another boot from here on: %s "
				 "(the one before was %.32s)", it->boot, s->last_boot);
			snprintf(s->last_boot, sizeof(s->last_boot), "%s", it->boot);
			s->again = true;
			memset(it, 0, sizeof(*it));
			it->kind = ITEM_NOTE;
			it->why = s->note;
			return 1;
		}
		if (it->boot[0])
			snprintf(s->last_boot, sizeof(s->last_boot), "%s", it->boot);
		if (dedup_seen(s->dedup, &it->rec))
			continue;	/* the other transport's copy was shown */
		it->kind = ITEM_RECORD;
		if (s->want == WANT_CHANGES && e.transport == JT_AUDIT && it->rec.type == AUDIT_TYPE_CONFIG_CHANGE &&
		    it->boot[0]) {
			s->writer_next = true;
			s->change = it->rec;
			snprintf(s->boot, sizeof(s->boot), "%s", it->boot);
		}
		return 1;
	}
}

static int journal_wait(struct source *src, int timeout_ms)
{
	struct journal_src *s = (struct journal_src *)src;
	int r = sym_sd_journal_wait(s->j, (uint64_t)timeout_ms * 1000);

	check_journald(s);
	if (s->note_pending)
		return 1;
	if (r < 0)
		return r == -EINTR ? 0 : r;
	return r != SD_JOURNAL_NOP;
}

static void journal_close(struct source *src)
{
	struct journal_src *s = (struct journal_src *)src;

	if (!s)
		return;
	if (s->j)
		sym_sd_journal_close(s->j);
	if (s->aux)
		sym_sd_journal_close(s->aux);
	dedup_free(s->dedup);
	free(s);
}

static void journal_position(struct source *src, struct source_pos *pos)
{
	struct journal_src *s = (struct journal_src *)src;
	char *c = NULL;

	if (!s->read_any) {
		/* nothing read since the start (the entry after a gone cursor
		 * included): the same place */
		snprintf(pos->cursor, sizeof(pos->cursor), "%s", s->start_cursor);
		pos->cursor_from = s->start_from;
		return;
	}
	if (sym_sd_journal_get_cursor(s->j, &c) >= 0 && strlen(c) < sizeof(pos->cursor))
		snprintf(pos->cursor, sizeof(pos->cursor), "%s", c);
	free(c);
}

/* Kernel messages from the first seconds: journald kept the boot from its start. */
static int journal_covers_boot_start(struct source *src, const char *boot)
{
	struct journal_src *s = (struct journal_src *)src;
	sd_id128_t b;
	uint64_t mono;
	int n;

	if (!s->aux)
		return -ENOENT;
	n = aux_match(s, boot);
	if (n >= 0)
		n = sym_sd_journal_seek_head(s->aux);
	if (n >= 0)
		n = sym_sd_journal_next(s->aux);
	if (n <= 0)
		return n;
	n = sym_sd_journal_get_monotonic_usec(s->aux, &mono, &b);
	return n < 0 ? n : mono < 60ULL * 1000000;
}

static const struct source_ops journal_ops = {
	.next = journal_next, .wait = journal_wait, .close = journal_close, .position = journal_position,
	.covers_boot_start = journal_covers_boot_start,
};

/* Does the journal still hold the entry of this cursor, whether or not it
 * matches what the source reads? 1, 0 or -errno. */
static int cursor_exists(const struct source_opts *o, const char *cursor)
{
	sd_journal *j;
	int r = open_journal(&j, o->directory, o->files, o->nfiles);

	if (r < 0)
		return r;
	r = sym_sd_journal_seek_cursor(j, cursor);
	if (r >= 0 && (r = sym_sd_journal_next(j)) > 0)
		r = sym_sd_journal_test_cursor(j, cursor) > 0;
	sym_sd_journal_close(j);
	return r;
}

/* Where reading starts is a position too: a cursor saved before the first
 * entry is read must name it, or a restart would take whatever the journal
 * holds then for all there was (entries vacuumed meanwhile, silently gone).
 * The first entry wanted, kept under the read pointer (read from it); with
 * none yet, the journal's last entry of any kind (read after it). */
static int start_here(struct journal_src *s, const struct source_opts *o)
{
	sd_journal *j = s->j;
	char *c = NULL;
	int r = sym_sd_journal_next(s->j);

	s->start_from = r > 0;
	if (r > 0) {
		s->again = true;
	} else if (r == 0) {
		if ((r = open_journal(&j, o->directory, o->files, o->nfiles)) < 0)
			return r;
		r = sym_sd_journal_seek_tail(j);
		if (r >= 0)
			r = sym_sd_journal_previous(j);
	}
	if (r > 0 && sym_sd_journal_get_cursor(j, &c) >= 0 && strlen(c) < sizeof(s->start_cursor))
		snprintf(s->start_cursor, sizeof(s->start_cursor), "%s", c);
	free(c);
	if (j != s->j)
		sym_sd_journal_close(j);
	return r < 0 ? r : 0;
}

int source_journal_open(struct source **out, const struct source_opts *o)
{
	struct journal_src *s;
	char why[256];
	int r;

	if ((r = journal_functions(why, sizeof(why))) < 0) {
		p_err("the journal cannot be read: %s", why);
		return r;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		p_err("out of memory");
		return -ENOMEM;
	}
	s->s.ops = &journal_ops;
	s->s.kind = o->kernel ? SOURCE_KERNEL : SOURCE_JOURNAL;
	s->s.where = o->directory ? o->directory : o->nfiles ? o->files[0] :
		     o->kernel ? "the journal's kernel messages" : "the journal";
	s->want = o->want;
	if (!(s->dedup = dedup_new(65536))) {
		p_err("out of memory");
		free(s);
		return -ENOMEM;
	}
	if (o->follow && !o->directory && !o->nfiles) {
		s->watch_journald = true;
		s->journald = journald_pid();
		s->journald_checked_ms = monotonic_ms();
	}
	r = open_journal(&s->j, o->directory, o->files, o->nfiles);
	if (r >= 0)
		r = add_matches(s->j, o->want, !o->kernel, true, o->boot);
	if (r == -EINVAL && o->boot) {
		p_err("--boot wants a boot id (32 hex digits), 'current' or 'all', not '%s'", o->boot);
		journal_close(&s->s);
		return -EINVAL;
	}
	if (r >= 0 && o->want == WANT_CHANGES)
		r = open_journal(&s->aux, o->directory, o->files, o->nfiles);
	if (r >= 0 && o->resume && o->resume->cursor[0]) {
		snprintf(s->start_cursor, sizeof(s->start_cursor), "%s", o->resume->cursor);
		snprintf(s->last_boot, sizeof(s->last_boot), "%s", o->resume->boot);
		s->start_from = o->resume->cursor_from;
		s->resuming = !s->start_from;
		/* asked of the whole journal: the entry may be one this source does
		 * not read (the last of any kind when it started) */
		if ((r = cursor_exists(o, s->start_cursor)) >= 0) {
			s->gone_pending = r == 0;
			r = sym_sd_journal_seek_cursor(s->j, s->start_cursor);
		}
	} else if (r >= 0) {
		r = o->since_ms < 0 ? sym_sd_journal_seek_head(s->j)
				    : sym_sd_journal_seek_realtime_usec(s->j, (uint64_t)o->since_ms * 1000);
		if (r >= 0)
			r = start_here(s, o);
	}
	if (r < 0) {
		p_err("cannot open %s: %s", s->s.where, strerror(-r));
		journal_close(&s->s);
		return r == -EINVAL ? -EIO : r;
	}
	*out = &s->s;
	return 0;
}

bool journal_is_file(const char *path)
{
	size_t n = strlen(path);

	return (n > 8 && strcmp(path + n - 8, ".journal") == 0) ||
	       (n > 9 && strcmp(path + n - 9, ".journal~") == 0);
}

int journal_has_audit(void)
{
	char why[256];
	sd_journal *j;
	int r;

	if ((r = journal_functions(why, sizeof(why))) < 0)
		return r;
	r = sym_sd_journal_open(&j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0)
		return r;
	r = sym_sd_journal_add_match(j, "_TRANSPORT=audit", 0);
	if (r >= 0)
		r = sym_sd_journal_next(j);
	sym_sd_journal_close(j);
	return r;
}

int journal_audit_disabled_at(uint64_t *usec)
{
	char m[64], id[33];
	const void *data;
	size_t len;
	sd_journal *j;
	int r;

	if ((r = journal_functions(m, sizeof(m))) < 0 || (r = sysctl_boot_id(SYSCTL_ROOT, id)) < 0)
		return r;
	r = sym_sd_journal_open(&j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0)
		return r;
	snprintf(m, sizeof(m), "_BOOT_ID=%s", id);
	r = sym_sd_journal_add_match(j, "_TRANSPORT=audit", 0);
	if (r >= 0)
		r = sym_sd_journal_add_match(j, TYPE_MATCH(AUDIT_TYPE_CONFIG_CHANGE), 0);
	if (r >= 0)
		r = sym_sd_journal_add_match(j, "_AUDIT_FIELD_OP=set", 0);
	if (r >= 0)
		r = sym_sd_journal_add_match(j, m, 0);
	if (r >= 0)
		r = sym_sd_journal_seek_tail(j);
	while (r >= 0 && (r = sym_sd_journal_previous(j)) > 0) {
		if (sym_sd_journal_get_data(j, "MESSAGE", &data, &len) < 0)
			continue;
		if (memmem(data, len, " audit_enabled=0 ", 17)) {
			r = sym_sd_journal_get_realtime_usec(j, usec);
			r = r < 0 ? r : 1;
			break;
		}
	}
	sym_sd_journal_close(j);
	return r;
}
