// SPDX-License-Identifier: LGPL-2.1-or-later
/* A journal entry's fields as the record they hold: one reading for every way a journal travels. */
#include <string.h>

#include "model/journal-entry.h"

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

/* The fields an entry keeps: one list, for journal_entry_wants and the
 * reading of each field alike. */
enum jfield {
	F_MESSAGE, F_TRANSPORT, F_AUDIT_TYPE, F_AUDIT_ID, F_SOURCE_TIME, F_TIME, F_HOSTNAME, F_BOOT, F_MACHINE,
	F_UNIT, F_CGROUP, F_FACILITY,
};
#define KEY(s, f) { s, sizeof(s) - 1, f }
static const struct {
	const char *key;
	size_t len;
	enum jfield f;
} kept[] = {
	KEY("MESSAGE", F_MESSAGE), KEY("_TRANSPORT", F_TRANSPORT), KEY("_AUDIT_TYPE", F_AUDIT_TYPE),
	KEY("_AUDIT_ID", F_AUDIT_ID), KEY("_SOURCE_REALTIME_TIMESTAMP", F_SOURCE_TIME),
	KEY("__REALTIME_TIMESTAMP", F_TIME), KEY("_HOSTNAME", F_HOSTNAME), KEY("_BOOT_ID", F_BOOT),
	KEY("_MACHINE_ID", F_MACHINE), KEY("_SYSTEMD_UNIT", F_UNIT), KEY("_SYSTEMD_CGROUP", F_CGROUP),
	KEY("SYSLOG_FACILITY", F_FACILITY),
};
#undef KEY

static int field_of(const char *key, size_t klen)
{
	size_t i;

	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		if (kept[i].len == klen && memcmp(kept[i].key, key, klen) == 0)
			return (int)kept[i].f;
	return -1;
}

bool journal_entry_wants(const char *key, size_t klen)
{
	return field_of(key, klen) >= 0;
}

void journal_entry_init(struct journal_entry *e)
{
	memset(e, 0, sizeof(*e));
}

void journal_entry_field(struct journal_entry *e, const char *d, size_t len)
{
	const char *eq = memchr(d, '=', len);
	const char *v;
	size_t vlen;

	if (!eq)
		return;
	v = eq + 1;
	vlen = len - (size_t)(v - d);
	switch (field_of(d, (size_t)(eq - d))) {
	case F_MESSAGE:
		e->msg = v, e->mlen = vlen;
		break;
	case F_FACILITY:
		e->have_facility = parse_u64(v, vlen, &e->facility);
		break;
	case F_AUDIT_TYPE:
		e->have_type = parse_u64(v, vlen, &e->type) && e->type <= UINT32_MAX;
		break;
	case F_AUDIT_ID:
		e->have_id = parse_u64(v, vlen, &e->serial);
		break;
	case F_SOURCE_TIME:
		e->have_source_time = parse_u64(v, vlen, &e->source_usec);
		break;
	case F_TIME:
		e->have_time = parse_u64(v, vlen, &e->usec);
		break;
	case F_HOSTNAME:
		e->host = v, e->hlen = vlen;
		break;
	case F_CGROUP:
		e->cgroup = v, e->cglen = vlen;
		break;
	case F_MACHINE:
		e->machine = v, e->mach_len = vlen;
		break;
	case F_UNIT:
		e->unit = v, e->ulen = vlen;
		break;
	case F_BOOT:
		e->boot = v, e->blen = vlen;
		break;
	case F_TRANSPORT:
		e->transport = vlen == 5 && !memcmp(v, "audit", 5)    ? JT_AUDIT
			       : vlen == 6 && !memcmp(v, "kernel", 6) ? JT_KERNEL
			       : vlen == 6 && !memcmp(v, "driver", 6) ? JT_DRIVER
								      : JT_OTHER;
		break;
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
