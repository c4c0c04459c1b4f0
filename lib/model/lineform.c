// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every text form of an audit record, recognised line by line. */
#include <string.h>
#include <time.h>

#include "model/lineform.h"

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

static bool starts(const char *p, const char *end, const char *s, size_t n)
{
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}
#define STARTS(p, end, lit) starts(p, end, lit, sizeof(lit) - 1)

/* Digits into *v; returns the end, or NULL when there is none or it overflows. */
static const char *number(const char *p, const char *end, uint64_t *v)
{
	const char *start = p;
	uint64_t x = 0;

	for (; p < end && digit(*p); p++) {
		if (x > (UINT64_MAX - 9) / 10)
			return NULL;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*v = x;
	return p > start ? p : NULL;
}

/* --- auditd's ENRICHED part, when its 0x1d separator was lost --------------------- */

/* Keys auditd adds in its interpretation; the kernel's own keys are lower case. */
static const char *const enriched_keys[] = {
	"AUID=", "UID=", "GID=", "EUID=", "SUID=", "FSUID=", "EGID=", "SGID=", "FSGID=",
	"OUID=", "OGID=", "ARCH=", "SYSCALL=", "SADDR=", NULL,
};

static size_t enriched_key_at(const char *p, const char *end)
{
	size_t i, n;

	if (!upper(*p))
		return 0;
	for (i = 0; enriched_keys[i]; i++) {
		n = strlen(enriched_keys[i]);
		if (starts(p, end, enriched_keys[i], n))
			return n;
	}
	return 0;
}

size_t enriched_cut(const char *fields, size_t len)
{
	const char *p = fields, *end = fields + len, *eq;
	bool quoted = false;

	/* cheap test first: the kernel's last field has a lower-case key */
	for (eq = end; eq > p && eq[-1] != '='; eq--)
		;
	if (eq == p)
		return len;
	for (eq--; eq > p && eq[-1] != ' ' && eq[-1] != '"' && !digit(eq[-1]) && eq[-1] != ')'; eq--)
		;
	if (!upper(*eq))
		return len;
	/* an upper-case key outside quotes: glued to the value before it, or after a space */
	for (; p < end; p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && p > fields && enriched_key_at(p, end)) {
			const char *cut = p;

			while (cut > fields && cut[-1] == ' ')
				cut--;
			return (size_t)(cut - fields);
		}
	}
	return len;
}

static enum line_kind audit_log_form(const char *p, const char *end, struct line_info *li)
{
	if (record_parse_line(p, (size_t)(end - p), &li->rec) < 0) {
		li->audit_like = true;
		return LINE_OTHER;
	}
	/* fields that run to the end of the line had no 0x1d before them */
	if (li->rec.fields + li->rec.fields_len == end)
		li->rec.fields_len = enriched_cut(li->rec.fields, li->rec.fields_len);
	li->has_serial = li->has_time = true;
	li->text = p;
	li->text_len = (size_t)(li->rec.fields + li->rec.fields_len - p);
	return li->kind = LINE_RECORD;
}

/* --- prefixes ----------------------------------------------------------------------- */

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
				      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static bool two(const char *p, int *v)
{
	if (!digit(p[0]) || !digit(p[1]))
		return false;
	*v = (p[0] - '0') * 10 + (p[1] - '0');
	return true;
}

/* ".123456": milliseconds of a fraction, and its end */
static const char *fraction(const char *p, const char *end, int *ms)
{
	int scale = 100;

	*ms = 0;
	if (p >= end || *p != '.')
		return p;
	for (p++; p < end && digit(*p); p++, scale /= 10)
		*ms += (*p - '0') * scale;
	return p;
}

/* "Apr 29 17:42:11[.frac] ": checked here, turned into a time (local, the
 * year the one that is not in the future) only when a line needs it: records
 * carry their own, and mktime() looks at the time zone file every call. */
static const char *traditional_stamp(const char *p, const char *end, struct tm *tm, int *frac)
{
	int mon;

	if (end - p < 16 || p[3] != ' ' || p[6] != ' ' || p[9] != ':' || p[12] != ':')
		return NULL;
	for (mon = 0; mon < 12 && memcmp(p, months[mon], 3); mon++)
		;
	if (mon == 12)
		return NULL;
	memset(tm, 0, sizeof(*tm));
	tm->tm_isdst = -1;
	tm->tm_mon = mon;
	if (!(p[4] == ' ' ? digit(p[5]) && (tm->tm_mday = p[5] - '0', true) : two(p + 4, &tm->tm_mday)) ||
	    !two(p + 7, &tm->tm_hour) || !two(p + 10, &tm->tm_min) || !two(p + 13, &tm->tm_sec))
		return NULL;
	p = fraction(p + 15, end, frac);
	if (p >= end || *p != ' ')
		return NULL;
	return p + 1;
}

static int64_t traditional_ms(struct tm tm, int frac, int64_t now_ms)
{
	time_t now = (time_t)(now_ms / 1000), t;
	struct tm now_tm;

	localtime_r(&now, &now_tm);
	tm.tm_year = now_tm.tm_year;
	t = mktime(&tm);
	if (t > now + 86400) {	/* December's lines read in January */
		tm.tm_year--;
		tm.tm_isdst = -1;
		t = mktime(&tm);
	}
	return (int64_t)t * 1000 + frac;
}

/* "2025-02-17T18:24:24[.frac](Z|+00:00|+0000) " */
static const char *rfc3339_stamp(const char *p, const char *end, int64_t *ms)
{
	struct tm tm = { 0 };
	int year_hi, year_lo, frac, oh = 0, om = 0, sign = 0;
	time_t t;

	if (end - p < 20 || p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':')
		return NULL;
	if (!two(p, &year_hi) || !two(p + 2, &year_lo) || !two(p + 5, &tm.tm_mon) || !two(p + 8, &tm.tm_mday) ||
	    !two(p + 11, &tm.tm_hour) || !two(p + 14, &tm.tm_min) || !two(p + 17, &tm.tm_sec))
		return NULL;
	tm.tm_year = year_hi * 100 + year_lo - 1900;
	tm.tm_mon--;
	p = fraction(p + 19, end, &frac);
	if (p < end && *p == 'Z') {
		p++;
	} else if (p < end && (*p == '+' || *p == '-')) {
		sign = *p == '-' ? -1 : 1;
		if (end - p < 5 || !two(p + 1, &oh))
			return NULL;
		p += 3;
		if (*p == ':')
			p++;
		if (end - p < 2 || !two(p, &om))
			return NULL;
		p += 2;
	}
	if (p >= end || *p != ' ')
		return NULL;
	t = timegm(&tm) - sign * (oh * 3600 + om * 60);
	*ms = (int64_t)t * 1000 + frac;
	return p + 1;
}

enum tag { TAG_NONE, TAG_KERNEL, TAG_AUDIT, TAG_AUDITD, TAG_JOURNALD, TAG_FOREIGN };

/* "host tag[pid]: " after a stamp, or a bare "tag[pid]: " */
static const char *syslog_tag(const char *p, const char *end, enum tag *tag)
{
	const char *colon = memchr(p, ':', (size_t)(end - p)), *name = p, *name_end;

	if (!colon || colon + 1 >= end || colon[1] != ' ')
		return NULL;
	name_end = memchr(p, '[', (size_t)(colon - p));
	if (!name_end)
		name_end = colon;
	if (memchr(p, ' ', (size_t)(colon - p)))
		return NULL;
#define IS(s) ((size_t)(name_end - name) == sizeof(s) - 1 && memcmp(name, s, sizeof(s) - 1) == 0)
	if (IS("kernel"))
		*tag = TAG_KERNEL;
	else if (IS("audit"))
		*tag = TAG_AUDIT;
	else if (IS("audispd") || IS("audisp-syslog") || IS("auditd"))
		*tag = TAG_AUDITD;
	else if (IS("systemd-journald"))
		*tag = TAG_JOURNALD;
	else
		*tag = TAG_FOREIGN;
#undef IS
	return colon + 2;
}

/* "5,1234,181844935,-[,caller=T55];" */
static const char *kmsg_header(const char *p, const char *end, struct line_info *li)
{
	const char *semi = memchr(p, ';', (size_t)(end - p) < 128 ? (size_t)(end - p) : 128);
	uint64_t pri, seq, usec;
	const char *q;

	if (!semi || !(q = number(p, semi, &pri)) || *q != ',' || !(q = number(q + 1, semi, &seq)) ||
	    *q != ',' || !(q = number(q + 1, semi, &usec)) || *q != ',')
		return NULL;
	li->has_seq = true;
	li->seq = seq;
	li->boot_usec = (int64_t)usec;
	return semi + 1;
}

/* dmesg's "[  181.844935] " and "[   T55] " (or glued "[...][T55]") */
static const char *dmesg_brackets(const char *p, const char *end, struct line_info *li)
{
	while (p < end && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p) < 64 ? (size_t)(end - p) : 64), *q = p + 1;
		uint64_t sec, us = 0;

		if (!close)
			return p;
		while (q < close && *q == ' ')
			q++;
		if (q < close && (*q == 'T' || *q == 'C') && number(q + 1, close, &sec) == close) {
			/* a caller id */
		} else if ((q = number(q, close, &sec)) && q < close && *q == '.' && !li->has_seq) {
			const char *f = q + 1;
			int digits = 0;

			for (; f < close && digit(*f) && digits < 6; f++, digits++)
				us = us * 10 + (uint64_t)(*f - '0');
			for (; digits < 6; digits++)
				us *= 10;
			li->boot_usec = (int64_t)(sec * 1000000 + us);
		}
		/* anything else in brackets (dmesg -T's date) says nothing we need */
		p = close + 1;
		while (p < end && *p == ' ')
			p++;
	}
	return p;
}

/* --- what follows the prefixes --------------------------------------------------------- */

static enum line_kind lost(struct line_info *li, const char *cause, uint64_t n, uint64_t total)
{
	li->kind = LINE_LOST;
	li->cause = cause;
	li->lost = n;
	li->lost_total = total;
	return LINE_LOST;
}

/* "audit: type=1326 audit(1746186326.021:222): fields", and audit's words on losses */
static enum line_kind kernel_form(const char *p, const char *end, struct line_info *li)
{
	const char *text = p, *q;
	uint64_t type, n;

	p += 7;	/* "audit: " */
	if (STARTS(p, end, "type=")) {
		q = number(p + 5, end, &type);
		li->audit_like = true;
		if (!q || q >= end || *q != ' ' || !type || type > UINT32_MAX ||
		    record_parse_payload((uint32_t)type, q + 1, (size_t)(end - q - 1), &li->rec) < 0)
			return LINE_OTHER;
		li->has_serial = li->has_time = true;
		li->text = text;
		li->text_len = (size_t)(end - text);
		return li->kind = LINE_RECORD;
	}
	if (STARTS(p, end, "audit_lost=") && (q = number(p + 11, end, &n)))
		return lost(li, "kernel_lost", 0, n);
	if (STARTS(p, end, "backlog limit exceeded") || STARTS(p, end, "audit_backlog="))
		return lost(li, "backlog_limit", 0, 0);
	if (STARTS(p, end, "rate limit exceeded"))
		return lost(li, "rate_limit", 0, 0);
	if (STARTS(p, end, "kauditd hold queue overflow"))
		return lost(li, "hold_queue", 0, 0);
	return LINE_OTHER;
}

/* journalctl's text of the audit transport: "SECCOMP auid=0 ... code=0x50000".
 * The record's serial and own time are not in it. */
static enum line_kind audit_text(const char *p, const char *end, struct line_info *li)
{
	const char *sp = memchr(p, ' ', (size_t)(end - p));
	uint32_t type;
	uint64_t n;

	if (!sp)
		return LINE_OTHER;
	type = record_type_from_name(p, (size_t)(sp - p));
	if (!type && sp - p > 5 && STARTS(p, sp, "AUDIT") && number(p + 5, sp, &n) == sp && n <= UINT32_MAX)
		type = (uint32_t)n;	/* journald names a type it does not know AUDITnnnn */
	li->audit_like = true;
	if (!type)
		return LINE_OTHER;
	li->rec.type = type;
	li->rec.serial = 0;
	li->has_serial = false;
	li->has_time = li->wall_ms >= 0;
	li->rec.serial_unknown = true;
	li->rec.time_unknown = !li->has_time;
	li->rec.sec = li->has_time ? (uint64_t)li->wall_ms / 1000 : 0;
	li->rec.msec = li->has_time ? (uint32_t)(li->wall_ms % 1000) : 0;
	li->rec.fields = sp + 1;
	li->rec.fields_len = enriched_cut(sp + 1, (size_t)(end - sp - 1));
	li->text = p;
	li->text_len = (size_t)(end - p);
	return li->kind = LINE_RECORD;
}

enum line_kind line_parse(const char *line, size_t len, int64_t now_ms, struct line_info *li)
{
	const char *p = line, *end = line + len, *q;
	enum tag tag = TAG_NONE;
	uint64_t n;

	struct tm stamp;
	int frac = 0;
	bool traditional = false;

	memset(li, 0, sizeof(*li));
	li->wall_ms = li->boot_usec = -1;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	/* audit.log, the common case */
	if (STARTS(p, end, "type=") || STARTS(p, end, "node="))
		return audit_log_form(p, end, li);
	if (p < end && *p == '<') {	/* dmesg -r */
		q = memchr(p, '>', (size_t)(end - p) < 8 ? (size_t)(end - p) : 8);
		if (q && number(p + 1, q, &n) == q)
			p = q + 1;
	} else if (p < end && digit(*p) && (q = kmsg_header(p, end, li))) {
		p = q;
	}
	if ((q = traditional_stamp(p, end, &stamp, &frac)) ? (traditional = true) : (q = rfc3339_stamp(p, end, &li->wall_ms)) != NULL) {
		/* the host, then the program */
		const char *sp = memchr(q, ' ', (size_t)(end - q));

		if (!sp || !(p = syslog_tag(sp + 1, end, &tag)))
			return LINE_OTHER;
	} else if ((STARTS(p, end, "kernel: ") || STARTS(p, end, "audit[")) && (q = syslog_tag(p, end, &tag))) {
		p = q;	/* pasted without date and host */
	}
	if (tag == TAG_FOREIGN)
		return LINE_OTHER;	/* a user's words are not the kernel's */
	p = dmesg_brackets(p, end, li);
	/* what carries no time of its own takes the stamp's */
	if (traditional && (tag == TAG_AUDIT || tag == TAG_JOURNALD || !STARTS(p, end, "audit: type=")))
		li->wall_ms = traditional_ms(stamp, frac, now_ms);
	if (tag == TAG_JOURNALD || tag == TAG_NONE) {
		/* journald's own word on the kernel messages it lost */
		if (STARTS(p, end, "Missed ") && (q = number(p + 7, end, &n)) && STARTS(q, end, " kernel messages"))
			return lost(li, "journald_missed", n, 0);
		if (tag == TAG_JOURNALD)
			return LINE_OTHER;
	}
	if (tag == TAG_AUDIT)
		return audit_text(p, end, li);
	if (tag != TAG_AUDITD && STARTS(p, end, "audit: "))
		return kernel_form(p, end, li);
	if (tag != TAG_AUDITD && STARTS(p, end, "kauditd_printk_skb: ") && (q = number(p + 20, end, &n)) &&
	    STARTS(q, end, " callbacks suppressed"))
		return lost(li, "printk_ratelimit", n, 0);
	if (tag != TAG_KERNEL && (STARTS(p, end, "type=") || STARTS(p, end, "node=")))
		return audit_log_form(p, end, li);
	return LINE_OTHER;
}
