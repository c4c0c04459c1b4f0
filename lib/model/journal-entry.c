// SPDX-License-Identifier: LGPL-2.1-or-later
/* A journal entry's fields as the record they hold: one reading for every way a journal travels. */
#include <string.h>

#include "model/journal-entry.h"

static bool has_prefix(const char *d, size_t len, const char *prefix, size_t plen)
{
	return len >= plen && memcmp(d, prefix, plen) == 0;
}

static bool parse_u64(const char *s, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	size_t i;

	if (!len || len > 20)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || x > (UINT64_MAX - 9) / 10)
			return false;
		x = x * 10 + (uint64_t)(s[i] - '0');
	}
	*v = x;
	return true;
}

/* The fields journal_entry_field keeps: one list, for every reader. */
static const char *const kept[] = {
	"MESSAGE", "_TRANSPORT", "_AUDIT_TYPE", "_AUDIT_ID", "_SOURCE_REALTIME_TIMESTAMP", "__REALTIME_TIMESTAMP",
	"_HOSTNAME", "_BOOT_ID", "_MACHINE_ID", "_SYSTEMD_UNIT", "_SYSTEMD_CGROUP", "SYSLOG_FACILITY",
};

bool journal_entry_wants(const char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (strlen(kept[i]) == klen && memcmp(kept[i], key, klen) == 0)
			return true;
	return false;
}

void journal_entry_init(struct journal_entry *e)
{
	memset(e, 0, sizeof(*e));
}

void journal_entry_field(struct journal_entry *e, const char *d, size_t len)
{
	if (d[0] == 'M' && has_prefix(d, len, "MESSAGE=", 8)) {
		e->msg = d + 8;
		e->mlen = len - 8;
	} else if (d[0] == 'S' && has_prefix(d, len, "SYSLOG_FACILITY=", 16)) {
		e->have_facility = parse_u64(d + 16, len - 16, &e->facility);
	} else if (d[0] != '_') {
		return;
	} else if (has_prefix(d, len, "_AUDIT_TYPE=", 12)) {
		e->have_type = parse_u64(d + 12, len - 12, &e->type) && e->type <= UINT32_MAX;
	} else if (has_prefix(d, len, "_AUDIT_ID=", 10)) {
		e->have_id = parse_u64(d + 10, len - 10, &e->serial);
	} else if (has_prefix(d, len, "_SOURCE_REALTIME_TIMESTAMP=", 27)) {
		e->have_source_time = parse_u64(d + 27, len - 27, &e->source_usec);
	} else if (has_prefix(d, len, "__REALTIME_TIMESTAMP=", 21)) {
		e->have_time = parse_u64(d + 21, len - 21, &e->usec);
	} else if (has_prefix(d, len, "_HOSTNAME=", 10)) {
		e->host = d + 10;
		e->hlen = len - 10;
	} else if (has_prefix(d, len, "_SYSTEMD_CGROUP=", 16)) {
		e->cgroup = d + 16;
		e->cglen = len - 16;
	} else if (has_prefix(d, len, "_MACHINE_ID=", 12)) {
		e->machine = d + 12;
		e->mach_len = len - 12;
	} else if (has_prefix(d, len, "_SYSTEMD_UNIT=", 14)) {
		e->unit = d + 14;
		e->ulen = len - 14;
	} else if (has_prefix(d, len, "_BOOT_ID=", 9)) {
		e->boot = d + 9;
		e->blen = len - 9;
	} else if (has_prefix(d, len, "_TRANSPORT=", 11)) {
		d += 11, len -= 11;
		e->transport = len == 5 && !memcmp(d, "audit", 5)    ? JT_AUDIT
			       : len == 6 && !memcmp(d, "kernel", 6) ? JT_KERNEL
			       : len == 6 && !memcmp(d, "driver", 6) ? JT_DRIVER
								     : JT_OTHER;
	}
}

/* An audit entry as the record it is: the text after the type's name. */
static enum line_kind audit_line(const struct journal_entry *e, struct line_info *li)
{
	const char *sp;
	uint64_t usec = e->have_source_time ? e->source_usec : e->usec;
	struct audit_record *r = &li->rec;

	if (!e->msg || !e->have_type || !e->have_id || !(e->have_source_time || e->have_time)) {
		li->audit_like = true;
		return LINE_OTHER;
	}
	sp = memchr(e->msg, ' ', e->mlen);
	r->type = (uint32_t)e->type;
	r->serial = e->serial;
	r->sec = usec / 1000000;
	r->msec = (uint32_t)(usec / 1000 % 1000);
	r->fields = sp ? sp + 1 : e->msg + e->mlen;
	r->fields_len = sp ? e->mlen - (size_t)(sp + 1 - e->msg) : 0;
	li->has_serial = li->has_time = true;
	li->text = e->msg;
	li->text_len = e->mlen;
	return li->kind = LINE_RECORD;
}

enum line_kind journal_entry_line(const struct journal_entry *e, int64_t now_ms, struct line_info *li)
{
	enum line_kind k;

	if (e->transport == JT_AUDIT) {
		memset(li, 0, sizeof(*li));
		li->wall_ms = li->boot_usec = -1;
		k = audit_line(e, li);
	} else if (e->msg) {
		/* the kernel's copy, or journald's word on what it missed */
		k = line_parse(e->msg, e->mlen, now_ms, li);
		if (k == LINE_LOST && e->have_time)
			li->wall_ms = (int64_t)(e->usec / 1000);
	} else {
		memset(li, 0, sizeof(*li));
		li->wall_ms = li->boot_usec = -1;
		return li->kind = LINE_OTHER;
	}
	if (k != LINE_OTHER && (e->transport == JT_OTHER || (e->transport == JT_DRIVER && k == LINE_RECORD) ||
				(e->transport == JT_KERNEL && e->have_facility && e->facility != 0))) {
		li->not_kernel = true;
		return li->kind = LINE_OTHER;
	}
	/* the transport is journald's word, whatever tag the message carries */
	li->claimed = e->transport == JT_NONE;
	if (k == LINE_RECORD && e->host && !li->rec.host) {
		li->rec.host = e->host;
		li->rec.host_len = e->hlen;
	}
	if (k == LINE_RECORD && e->machine) {
		li->rec.machine_id = e->machine;
		li->rec.machine_id_len = e->mach_len;
	}
	if (k == LINE_RECORD && e->cgroup) {
		li->rec.cgroup = e->cgroup;
		li->rec.cgroup_len = e->cglen;
	} else if (k == LINE_RECORD && e->unit) {
		li->rec.unit = e->unit;
		li->rec.unit_len = e->ulen;
	}
	return k;
}
