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
	char payload[16384];	/* "audit(SEC.MS:SERIAL): fields" of the current entry */
	uint64_t skipped;
};

static int add_matches(sd_journal *j, const char *boot)
{
	static const char *const types[] = { "_AUDIT_TYPE=1326", "_AUDIT_TYPE=1300", "_AUDIT_TYPE=1327" };
	char match[64];
	sd_id128_t id;
	size_t i;
	int r;

	r = sd_journal_add_match(j, "_TRANSPORT=audit", 0);
	for (i = 0; r >= 0 && i < sizeof(types) / sizeof(types[0]); i++)
		r = sd_journal_add_match(j, types[i], 0);
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

int journal_open(struct journal_src **out, const char *dir, const char *const *files, size_t nfiles,
		 const char *boot)
{
	struct journal_src *s = calloc(1, sizeof(*s));
	const char **list = NULL;
	size_t i;
	int r;

	if (!s)
		return -ENOMEM;
	if (nfiles) {
		list = calloc(nfiles + 1, sizeof(*list));
		if (!list) {
			free(s);
			return -ENOMEM;
		}
		for (i = 0; i < nfiles; i++)
			list[i] = files[i];
		r = sd_journal_open_files(&s->j, list, 0);
		free(list);
	} else if (dir) {
		r = sd_journal_open_directory(&s->j, dir, 0);
	} else {
		r = sd_journal_open(&s->j, SD_JOURNAL_LOCAL_ONLY);
	}
	if (r >= 0)
		r = add_matches(s->j, boot);
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
static int to_record(struct journal_src *s, struct audit_record *r)
{
	uint64_t type, serial, usec;
	const char *msg, *sp;
	size_t len;
	int n;

	if (entry_u64(s->j, "_AUDIT_TYPE", &type) < 0 || type > UINT32_MAX ||
	    entry_u64(s->j, "_AUDIT_ID", &serial) < 0 || entry_field(s->j, "MESSAGE", &msg, &len) < 0)
		return -EBADMSG;
	if (entry_u64(s->j, "_SOURCE_REALTIME_TIMESTAMP", &usec) < 0 &&
	    sd_journal_get_realtime_usec(s->j, &usec) < 0)
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
