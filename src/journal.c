// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-id128.h>
#include <systemd/sd-journal.h>

#include "exitcode.h"
#include "journal.h"
#include "log.h"
#include "procfs.h"
#include "timeparse.h"
#include "source.h"

struct journal_src {
	struct source s;
	sd_journal *j;
	sd_journal *aux;	/* look-ups beside the main walk: SYSCALL records, boot starts */
	enum source_want want;
	bool writer_next;	/* a CONFIG_CHANGE was handed out: its SYSCALL record comes next */
	struct audit_record change;
	char boot[33];
	/* following: is journald still there to write what we wait for? */
	bool watch_journald;
	pid_t journald;
	int64_t journald_checked_ms;
	char note[160];
	bool note_pending;
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

static int add_matches(sd_journal *j, enum source_want want, const char *boot)
{
	static const char *const seccomp[] = { "_AUDIT_TYPE=1326", "_AUDIT_TYPE=1300", "_AUDIT_TYPE=1327", NULL };
	static const char *const changes[] = { "_AUDIT_TYPE=1305", "_AUDIT_FIELD_OP=seccomp-logging", NULL };
	static const char *const all[] = { NULL };
	const char *const *m = want == WANT_CHANGES ? changes : want == WANT_SECCOMP ? seccomp : all;
	char match[64];
	sd_id128_t id;
	int r;

	r = sd_journal_add_match(j, "_TRANSPORT=audit", 0);
	for (; r >= 0 && *m; m++)
		r = sd_journal_add_match(j, *m, 0);
	if (r < 0 || !boot || strcmp(boot, "all") == 0)
		return r;
	if (strcmp(boot, "current") == 0)
		r = sd_id128_get_boot(&id);
	else
		r = sd_id128_from_string(boot, &id);
	if (r < 0)
		return -EINVAL;
	snprintf(match, sizeof(match), "_BOOT_ID=" SD_ID128_FORMAT_STR, SD_ID128_FORMAT_VAL(id));
	return sd_journal_add_match(j, match, 0);
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
		r = sd_journal_open_files(j, list, 0);
		free(list);
		return r;
	}
	if (dir)
		return sd_journal_open_directory(j, dir, 0);
	return sd_journal_open(j, SD_JOURNAL_LOCAL_ONLY);
}

static bool has_prefix(const void *data, size_t len, const char *prefix, size_t plen)
{
	return len >= plen && memcmp(data, prefix, plen) == 0;
}

static int parse_u64(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (!len || len > 20)
		return -EBADMSG;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || x > (UINT64_MAX - 9) / 10)
			return -EBADMSG;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	*v = x;
	return 0;
}

/* An audit entry as the record it is: journald keeps the record's own text in
 * MESSAGE after the type name, its serial in _AUDIT_ID and its time in
 * _SOURCE_REALTIME_TIMESTAMP. One walk over the entry's fields, no text made. */
static int entry_record(sd_journal *j, struct audit_record *r)
{
	const void *data;
	const char *msg = NULL, *sp;
	size_t len, mlen = 0;
	uint64_t type = 0, serial = 0, usec = 0;
	bool have_type = false, have_id = false, have_time = false;

	sd_journal_restart_data(j);
	while (sd_journal_enumerate_available_data(j, &data, &len) > 0) {
		const char *d = data;

		if (d[0] == 'M' && has_prefix(d, len, "MESSAGE=", 8)) {
			msg = d + 8;
			mlen = len - 8;
		} else if (d[0] != '_') {
			continue;
		} else if (has_prefix(d, len, "_AUDIT_TYPE=", 12)) {
			have_type = parse_u64(d + 12, len - 12, &type) == 0 && type <= UINT32_MAX;
		} else if (has_prefix(d, len, "_AUDIT_ID=", 10)) {
			have_id = parse_u64(d + 10, len - 10, &serial) == 0;
		} else if (has_prefix(d, len, "_SOURCE_REALTIME_TIMESTAMP=", 27)) {
			have_time = parse_u64(d + 27, len - 27, &usec) == 0;
		}
	}
	if (!msg || !have_type || !have_id)
		return -EBADMSG;
	if (!have_time && sd_journal_get_realtime_usec(j, &usec) < 0)
		return -EBADMSG;
	sp = memchr(msg, ' ', mlen);
	r->type = (uint32_t)type;
	r->serial = serial;
	r->sec = usec / 1000000;
	r->msec = (uint32_t)(usec / 1000 % 1000);
	r->fields = sp ? sp + 1 : msg + mlen;
	r->fields_len = sp ? mlen - (size_t)(sp + 1 - msg) : 0;
	return 0;
}

static int entry_boot(sd_journal *j, char id[33])
{
	sd_id128_t b;
	uint64_t mono;
	int r = sd_journal_get_monotonic_usec(j, &mono, &b);

	if (r < 0)
		return r;
	sd_id128_to_string(b, id);
	return 0;
}

static int aux_match(struct journal_src *s, const char *boot)
{
	char m[64];

	sd_journal_flush_matches(s->aux);
	snprintf(m, sizeof(m), "_BOOT_ID=%s", boot);
	return sd_journal_add_match(s->aux, m, 0);
}

/* The SYSCALL record of a CONFIG_CHANGE: its writer, in the same boot. */
static int find_syscall(struct journal_src *s, const char *boot, uint64_t serial, struct audit_record *r)
{
	char m[64];
	int n;

	n = aux_match(s, boot);
	snprintf(m, sizeof(m), "_AUDIT_ID=%llu", (unsigned long long)serial);
	if (n >= 0)
		n = sd_journal_add_match(s->aux, m, 0);
	if (n >= 0)
		n = sd_journal_add_match(s->aux, "_AUDIT_TYPE=1300", 0);
	if (n >= 0)
		n = sd_journal_seek_head(s->aux);
	while (n >= 0 && (n = sd_journal_next(s->aux)) > 0)
		if (entry_record(s->aux, r) == 0)
			return 1;
	return n;
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
		n = sd_journal_next(s->j);
		if (n <= 0)
			return n;
		memset(it, 0, sizeof(*it));
		if (entry_record(s->j, &it->rec) < 0) {
			src->skipped++;
			continue;
		}
		it->kind = ITEM_RECORD;
		if (entry_boot(s->j, it->boot) < 0)
			it->boot[0] = '\0';
		if (s->want == WANT_CHANGES && it->rec.type == AUDIT_TYPE_CONFIG_CHANGE && it->boot[0]) {
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
	int r = sd_journal_wait(s->j, (uint64_t)timeout_ms * 1000);

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
		sd_journal_close(s->j);
	if (s->aux)
		sd_journal_close(s->aux);
	free(s);
}

static const struct source_ops journal_ops = {
	.next = journal_next, .wait = journal_wait, .close = journal_close,
};

int source_journal_open(struct source **out, const struct source_opts *o)
{
	struct journal_src *s = calloc(1, sizeof(*s));
	int r;

	if (!s) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	s->s.ops = &journal_ops;
	s->s.kind = SOURCE_JOURNAL;
	s->s.where = o->directory ? o->directory : o->nfiles ? o->files[0] : "the journal";
	s->want = o->want;
	if (o->follow && !o->directory && !o->nfiles) {
		s->watch_journald = true;
		s->journald = journald_pid();
		s->journald_checked_ms = monotonic_ms();
	}
	r = open_journal(&s->j, o->directory, o->files, o->nfiles);
	if (r >= 0)
		r = add_matches(s->j, o->want, o->boot);
	if (r == -EINVAL && o->boot) {
		p_err("--boot wants a boot id (32 hex digits), 'current' or 'all', not '%s'", o->boot);
		journal_close(&s->s);
		return EXIT_USAGE;
	}
	if (r >= 0 && o->want == WANT_CHANGES)
		r = open_journal(&s->aux, o->directory, o->files, o->nfiles);
	if (r >= 0)
		r = o->since_ms < 0 ? sd_journal_seek_head(s->j)
				    : sd_journal_seek_realtime_usec(s->j, (uint64_t)o->since_ms * 1000);
	if (r < 0) {
		p_err("cannot open %s: %s", s->s.where, strerror(-r));
		journal_close(&s->s);
		return EXIT_ERROR;
	}
	*out = &s->s;
	return 0;
}

int journal_boot_covers_start(struct source *src, const char *boot)
{
	struct journal_src *s = (struct journal_src *)src;
	sd_id128_t b;
	uint64_t mono;
	int n;

	if (src->ops != &journal_ops || !s->aux)
		return -ENOENT;
	n = aux_match(s, boot);
	if (n >= 0)
		n = sd_journal_seek_head(s->aux);
	if (n >= 0)
		n = sd_journal_next(s->aux);
	if (n <= 0)
		return n;
	n = sd_journal_get_monotonic_usec(s->aux, &mono, &b);
	/* kernel messages from the first seconds: journald kept the boot from its start */
	return n < 0 ? n : mono < 60ULL * 1000000;
}

bool journal_is_file(const char *path)
{
	size_t n = strlen(path);

	return (n > 8 && strcmp(path + n - 8, ".journal") == 0) ||
	       (n > 9 && strcmp(path + n - 9, ".journal~") == 0);
}

int journal_has_audit(void)
{
	sd_journal *j;
	int r;

	r = sd_journal_open(&j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0)
		return r;
	r = sd_journal_add_match(j, "_TRANSPORT=audit", 0);
	if (r >= 0)
		r = sd_journal_next(j);
	sd_journal_close(j);
	return r;
}

int journal_boot_is_current(const char *boot)
{
	sd_id128_t cur, b;

	if (sd_id128_get_boot(&cur) < 0 || sd_id128_from_string(boot, &b) < 0)
		return 0;
	return sd_id128_equal(cur, b);
}

void journal_current_boot(char id[33])
{
	sd_id128_t b;

	if (sd_id128_get_boot(&b) < 0) {
		id[0] = '\0';
		return;
	}
	sd_id128_to_string(b, id);
}

int journal_audit_disabled_at(uint64_t *usec)
{
	char m[64], id[33];
	const void *data;
	size_t len;
	sd_journal *j;
	int r;

	journal_current_boot(id);
	r = sd_journal_open(&j, SD_JOURNAL_LOCAL_ONLY);
	if (r < 0)
		return r;
	snprintf(m, sizeof(m), "_BOOT_ID=%s", id);
	r = sd_journal_add_match(j, "_TRANSPORT=audit", 0);
	if (r >= 0)
		r = sd_journal_add_match(j, "_AUDIT_TYPE=1305", 0);
	if (r >= 0)
		r = sd_journal_add_match(j, "_AUDIT_FIELD_OP=set", 0);
	if (r >= 0)
		r = sd_journal_add_match(j, m, 0);
	if (r >= 0)
		r = sd_journal_seek_tail(j);
	while (r >= 0 && (r = sd_journal_previous(j)) > 0) {
		if (sd_journal_get_data(j, "MESSAGE", &data, &len) < 0)
			continue;
		if (memmem(data, len, " audit_enabled=0 ", 17)) {
			r = sd_journal_get_realtime_usec(j, usec);
			r = r < 0 ? r : 1;
			break;
		}
	}
	sd_journal_close(j);
	return r;
}
