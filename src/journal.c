// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <systemd/sd-id128.h>
#include <systemd/sd-journal.h>

#include "journal.h"

struct journal_src {
	sd_journal *j;
	sd_journal *aux;	/* look-ups beside the main walk: SYSCALL records, boot starts */
	char payload[16384];	/* "audit(SEC.MS:SERIAL): fields" of the current entry */
	uint64_t skipped;
};

static int add_matches(sd_journal *j, enum journal_want want, const char *boot)
{
	static const char *const seccomp[] = { "_AUDIT_TYPE=1326", "_AUDIT_TYPE=1300", "_AUDIT_TYPE=1327", NULL };
	static const char *const changes[] = { "_AUDIT_TYPE=1305", "_AUDIT_FIELD_OP=seccomp-logging", NULL };
	const char *const *m = want == JOURNAL_CHANGES ? changes : seccomp;
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

int journal_open(struct journal_src **out, enum journal_want want, const char *dir,
		 const char *const *files, size_t nfiles, const char *boot)
{
	struct journal_src *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return -ENOMEM;
	r = open_journal(&s->j, dir, files, nfiles);
	if (r >= 0)
		r = add_matches(s->j, want, boot);
	if (r >= 0 && want == JOURNAL_CHANGES)
		r = open_journal(&s->aux, dir, files, nfiles);
	if (r < 0) {
		journal_close(s);
		return r;
	}
	*out = s;
	return 0;
}

void journal_close(struct journal_src *s)
{
	if (!s)
		return;
	if (s->j)
		sd_journal_close(s->j);
	if (s->aux)
		sd_journal_close(s->aux);
	free(s);
}

int journal_seek(struct journal_src *s, int64_t since_ms)
{
	if (since_ms < 0)
		return sd_journal_seek_head(s->j);
	return sd_journal_seek_realtime_usec(s->j, (uint64_t)since_ms * 1000);
}

/* The value of FIELD=value in the current entry, without "FIELD=". */
static int entry_field(sd_journal *j, const char *name, const char **val, size_t *len)
{
	size_t n = strlen(name);
	const void *data;
	size_t dlen;
	int r;

	r = sd_journal_get_data(j, name, &data, &dlen);
	if (r < 0)
		return r;
	if (dlen <= n || memcmp(data, name, n) || ((const char *)data)[n] != '=')
		return -EBADMSG;
	*val = (const char *)data + n + 1;
	*len = dlen - n - 1;
	return 0;
}

static int entry_u64(sd_journal *j, const char *name, uint64_t *v)
{
	const char *val;
	char buf[32];
	size_t len;
	char *end;

	if (entry_field(j, name, &val, &len) < 0 || !len || len >= sizeof(buf))
		return -EBADMSG;
	memcpy(buf, val, len);
	buf[len] = '\0';
	errno = 0;
	*v = strtoull(buf, &end, 10);
	return errno || *end ? -EBADMSG : 0;
}

/* journald keeps the record's own text in MESSAGE, after the type name. */
static int to_record_from(struct journal_src *s, sd_journal *j, struct audit_record *r);

static int to_record(struct journal_src *s, struct audit_record *r)
{
	return to_record_from(s, s->j, r);
}

static int to_record_from(struct journal_src *s, sd_journal *jj, struct audit_record *r)
{
	uint64_t type, serial, usec;
	const char *msg, *sp;
	size_t len;
	int n;

	if (entry_u64(jj, "_AUDIT_TYPE", &type) < 0 || type > UINT32_MAX ||
	    entry_u64(jj, "_AUDIT_ID", &serial) < 0 || entry_field(jj, "MESSAGE", &msg, &len) < 0)
		return -EBADMSG;
	if (entry_u64(jj, "_SOURCE_REALTIME_TIMESTAMP", &usec) < 0 &&
	    sd_journal_get_realtime_usec(jj, &usec) < 0)
		return -EBADMSG;
	sp = memchr(msg, ' ', len);
	if (!sp)
		return -EBADMSG;
	len -= (size_t)(sp + 1 - msg);
	n = snprintf(s->payload, sizeof(s->payload), "audit(%llu.%03llu:%llu): %.*s",
		     (unsigned long long)(usec / 1000000), (unsigned long long)(usec / 1000 % 1000),
		     (unsigned long long)serial, (int)len, sp + 1);
	if (n < 0 || (size_t)n >= sizeof(s->payload))
		return -EBADMSG;
	return record_parse_payload((uint32_t)type, s->payload, (size_t)n, r) < 0 ? -EBADMSG : 0;
}

int journal_next(struct journal_src *s, struct audit_record *r)
{
	int n;

	for (;;) {
		n = sd_journal_next(s->j);
		if (n <= 0)
			return n;
		if (to_record(s, r) == 0)
			return 1;
		s->skipped++;
	}
}

int journal_wait(struct journal_src *s, int timeout_ms)
{
	int r = sd_journal_wait(s->j, (uint64_t)timeout_ms * 1000);

	if (r < 0)
		return r;
	return r != SD_JOURNAL_NOP;
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

uint64_t journal_skipped(const struct journal_src *s)
{
	return s->skipped;
}

int journal_entry_boot(struct journal_src *s, char id[33])
{
	sd_id128_t b;
	uint64_t mono;
	int r = sd_journal_get_monotonic_usec(s->j, &mono, &b);

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

int journal_find_syscall(struct journal_src *s, const char *boot, uint64_t serial, struct audit_record *r)
{
	char m[64];
	int n;

	if (!s->aux)
		return -ENOENT;
	n = aux_match(s, boot);
	snprintf(m, sizeof(m), "_AUDIT_ID=%llu", (unsigned long long)serial);
	if (n >= 0)
		n = sd_journal_add_match(s->aux, m, 0);
	if (n >= 0)
		n = sd_journal_add_match(s->aux, "_AUDIT_TYPE=1300", 0);
	if (n >= 0)
		n = sd_journal_seek_head(s->aux);
	while (n >= 0 && (n = sd_journal_next(s->aux)) > 0)
		if (to_record_from(s, s->aux, r) == 0)
			return 1;
	return n;
}

int journal_boot_covers_start(struct journal_src *s, const char *boot)
{
	sd_id128_t b;
	uint64_t mono;
	int n;

	if (!s->aux)
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
