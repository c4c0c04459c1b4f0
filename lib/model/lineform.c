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

/* Month names as syslog and journalctl write them: English, and the
 * abbreviations of the locales people paste from (strftime's %b), with or
 * without their dot. Where two locales share one it is the same month. */
static const struct {
	const char *name;
	int mon;
} month_names[] = {
	{ "jan", 0 }, { "feb", 1 }, { "mar", 2 }, { "apr", 3 }, { "may", 4 }, { "jun", 5 },
	{ "jul", 6 }, { "aug", 7 }, { "sep", 8 }, { "oct", 9 }, { "nov", 10 }, { "dec", 11 },
	/* fr */
	{ "janv", 0 }, { "f\xc3\xa9vr", 1 }, { "mars", 2 }, { "avr", 3 }, { "avril", 3 }, { "mai", 4 },
	{ "juin", 5 }, { "juil", 6 }, { "ao\xc3\xbbt", 7 }, { "sept", 8 }, { "d\xc3\xa9" "c", 11 },
	/* de */
	{ "m\xc3\xa4r", 2 }, { "okt", 9 }, { "dez", 11 },
	/* es, it, pt */
	{ "ene", 0 }, { "abr", 3 }, { "ago", 7 }, { "dic", 11 }, { "gen", 0 }, { "mag", 4 }, { "giu", 5 },
	{ "lug", 6 }, { "set", 8 }, { "ott", 9 }, { "fev", 1 }, { "out", 9 },
	/* nl, sv, pl */
	{ "mrt", 2 }, { "mei", 4 }, { "maj", 4 }, { "sty", 0 }, { "lut", 1 }, { "kwi", 3 }, { "cze", 5 },
	{ "lip", 6 }, { "sie", 7 }, { "wrz", 8 }, { "pa\xc5\xba", 9 }, { "lis", 10 }, { "gru", 11 },
	/* ru */
	{ "\xd1\x8f\xd0\xbd\xd0\xb2", 0 }, { "\xd1\x84\xd0\xb5\xd0\xb2", 1 }, { "\xd0\xbc\xd0\xb0\xd1\x80", 2 },
	{ "\xd0\xb0\xd0\xbf\xd1\x80", 3 }, { "\xd0\xbc\xd0\xb0\xd1\x8f", 4 }, { "\xd0\xb8\xd1\x8e\xd0\xbd", 5 },
	{ "\xd0\xb8\xd1\x8e\xd0\xbb", 6 }, { "\xd0\xb0\xd0\xb2\xd0\xb3", 7 }, { "\xd1\x81\xd0\xb5\xd0\xbd", 8 },
	{ "\xd0\xbe\xd0\xba\xd1\x82", 9 }, { "\xd0\xbd\xd0\xbe\xd1\x8f", 10 }, { "\xd0\xb4\xd0\xb5\xd0\xba", 11 },
};

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

/* A month's name (letters, UTF-8 too, then perhaps a dot) at p: its end, or
 * NULL. *mon is the month, or -1 for a name this table does not know (the
 * stamp is still one: only its time is unknown). */
static const char *month_word(const char *p, const char *end, int *mon)
{
	const char *q = p;
	char low[16];
	size_t n, i;

	while (q < end && q - p < 15 && (((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z') || (unsigned char)*q >= 0x80))
		q++;
	n = (size_t)(q - p);
	if (n < 3 || q - p >= 15)
		return NULL;
	for (i = 0; i < n; i++)
		low[i] = (unsigned char)p[i] < 0x80 ? (char)(p[i] | 0x20) : p[i];
	low[n] = '\0';
	/* upper-case UTF-8 (F\xc3\x89VR, D\xc3\x89C) is folded for the two letters that need it */
	for (i = 0; i + 1 < n; i++)
		if ((unsigned char)low[i] == 0xc3 && ((unsigned char)low[i + 1] == 0x89 || (unsigned char)low[i + 1] == 0x84 ||
						      (unsigned char)low[i + 1] == 0x9b))
			low[i + 1] = (char)((unsigned char)low[i + 1] + 0x20);
	/* the names are distinct, English first: most lines stop within 12 */
	*mon = -1;
	for (i = 0; i < sizeof(month_names) / sizeof(month_names[0]); i++)
		if (month_names[i].name[0] == low[0] && strcmp(month_names[i].name, low) == 0) {
			*mon = month_names[i].mon;
			break;
		}
	if (q < end && *q == '.')
		q++;
	return q;
}

/* "HH:MM:SS[.frac] ": checked, into tm; the end, or NULL. */
static const char *clock_time(const char *p, const char *end, struct tm *tm, int *frac)
{
	if (end - p < 9 || p[2] != ':' || p[5] != ':' || !two(p, &tm->tm_hour) || !two(p + 3, &tm->tm_min) ||
	    !two(p + 6, &tm->tm_sec))
		return NULL;
	p = fraction(p + 8, end, frac);
	return p < end && *p == ' ' ? p + 1 : NULL;
}

/* "Apr 29 17:42:11[.frac] ", "oct. 24 ...", "Jan  5 ...": checked here, turned
 * into a time (local, the year the one that is not in the future) only when a
 * line needs it: records carry their own, and mktime() looks at the time zone
 * file every call. */
static const char *month_stamp(const char *p, const char *end, struct tm *tm, int *frac, bool *known)
{
	int mon;

	if (!(p = month_word(p, end, &mon)) || p >= end || *p != ' ')
		return NULL;
	p++;
	if (p < end && *p == ' ')
		p++;
	memset(tm, 0, sizeof(*tm));
	tm->tm_isdst = -1;
	tm->tm_mon = mon;
	if (end - p > 2 && digit(p[0]) && digit(p[1]) && p[2] == ' ')
		tm->tm_mday = (p[0] - '0') * 10 + (p[1] - '0'), p += 3;
	else if (end - p > 1 && digit(p[0]) && p[1] == ' ')
		tm->tm_mday = p[0] - '0', p += 2;
	else
		return NULL;
	*known = mon >= 0 && tm->tm_mday >= 1 && tm->tm_mday <= 31;
	return clock_time(p, end, tm, frac);
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

/* "2025-02-17T18:24:24[.frac](Z|+00:00|+0000) ", also with a space for the T
 * and journalctl's short-full "Mon 2025-02-17 18:24:24 UTC " (the zone's name
 * is taken for local time: it is the reader's) */
static const char *rfc3339_stamp(const char *p, const char *end, int64_t *ms)
{
	struct tm tm = { 0 };
	int year_hi, year_lo, frac, oh = 0, om = 0, sign = 0;
	bool local = false;
	time_t t;

	if (end - p > 4 && p[3] == ' ' && (p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z' && digit(p[4]))
		p += 4;		/* a weekday */
	if (end - p < 20 || p[4] != '-' || p[7] != '-' || (p[10] != 'T' && p[10] != ' ') || p[13] != ':' || p[16] != ':')
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
	} else if (p < end && *p == ' ' && end - p > 4 && p[1] >= 'A' && p[1] <= 'Z') {
		/* " UTC", " CET": a zone's name */
		local = !(end - p > 4 && memcmp(p, " UTC ", 5) == 0);
		for (p++; p < end && *p != ' '; p++)
			;
	}
	if (p >= end || *p != ' ')
		return NULL;
	if (local) {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	} else {
		t = timegm(&tm) - sign * (oh * 3600 + om * 60);
	}
	*ms = (int64_t)t * 1000 + frac;
	return p + 1;
}

/* journalctl's short-unix: "1739816664.295660 " */
static const char *epoch_stamp(const char *p, const char *end, int64_t *ms)
{
	uint64_t sec;
	int frac;
	const char *q = number(p, end, &sec);

	if (!q || q - p < 9 || q - p > 11 || q >= end || *q != '.')
		return NULL;
	q = fraction(q, end, &frac);
	if (q >= end || *q != ' ')
		return NULL;
	*ms = (int64_t)sec * 1000 + frac;
	return q + 1;
}

enum tag { TAG_NONE, TAG_KERNEL, TAG_AUDIT, TAG_AUDITD, TAG_JOURNALD, TAG_FOREIGN };

/* "tag[pid]: " or "tag: ": the program that wrote the line; NULL when p is no tag. */
static const char *syslog_tag(const char *p, const char *end, enum tag *tag)
{
	const char *sp = memchr(p, ' ', (size_t)(end - p)), *colon, *name = p, *name_end;

	if (!sp || sp == p || sp[-1] != ':')
		return NULL;
	colon = sp - 1;
	name_end = memchr(p, '[', (size_t)(colon - p));
	if (!name_end)
		name_end = colon;
	if (name_end == p)
		return NULL;
#define IS(s) ((size_t)(name_end - name) == sizeof(s) - 1 && memcmp(name, s, sizeof(s) - 1) == 0)
	if (IS("kernel"))
		*tag = TAG_KERNEL;
	else if (IS("audit"))
		*tag = TAG_AUDIT;
	else if (IS("audispd") || IS("audisp-syslog") || IS("auditd") || IS("audisp-remote"))
		*tag = TAG_AUDITD;
	else if (IS("systemd-journald"))
		*tag = TAG_JOURNALD;
	else
		*tag = TAG_FOREIGN;
#undef IS
	return sp + 1;
}

/* BusyBox syslogd's "kern.notice" between the host and the tag: its
 * facility's number (kern is 0), or -1 when p is no such word. */
static int facility_level(const char *p, const char *end)
{
	static const char *const facilities[] = { "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
						  "uucp", "cron", "authpriv", "ftp", "local0", "local1", "local2",
						  "local3", "local4", "local5", "local6", "local7", NULL };
	const char *dot = memchr(p, '.', (size_t)(end - p));
	size_t i;

	if (!dot)
		return -1;
	for (i = 0; facilities[i]; i++)
		if ((size_t)(dot - p) == strlen(facilities[i]) && memcmp(p, facilities[i], (size_t)(dot - p)) == 0)
			return dot + 1 < end && dot[1] >= 'a' && dot[1] <= 'z' ? (int)i : -1;
	return -1;
}

/* After a stamp: "[host ][facility.level ]tag[pid]: " (need_host: the host
 * is there). The host, when there is one, into host/host_len; the facility
 * into *facility when the line names one; the message's start, or NULL. */
static const char *syslog_head(const char *p, const char *end, bool need_host, enum tag *tag, const char **host,
			       size_t *host_len, int *facility)
{
	const char *q, *sp;

	if (!need_host && (q = syslog_tag(p, end, tag)))
		return q;	/* journalctl without the host, GNOME Logs */
	if (!(sp = memchr(p, ' ', (size_t)(end - p))) || sp == p || sp[-1] == ':')
		return NULL;
	*host = p;
	*host_len = (size_t)(sp - p);
	p = sp + 1;
	if ((q = syslog_tag(p, end, tag)))
		return q;
	if (!(sp = memchr(p, ' ', (size_t)(end - p))) || (*facility = facility_level(p, sp)) < 0)
		return NULL;
	return syslog_tag(sp + 1, end, tag);
}

/* "5,1234,181844935,-[,caller=T55];": *pri is the first number */
static const char *kmsg_header(const char *p, const char *end, struct line_info *li, uint64_t *pri)
{
	const char *semi = memchr(p, ';', (size_t)(end - p) < 128 ? (size_t)(end - p) : 128);
	uint64_t seq, usec;
	const char *q;

	if (!semi || !(q = number(p, semi, pri)) || *q != ',' || !(q = number(q + 1, semi, &seq)) ||
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

/* "audit(SEC.MS:SERIAL): fields" with no type before it: a SECCOMP record
 * when its fields are a SECCOMP record's. */
static enum line_kind typeless_form(const char *p, const char *end, struct line_info *li)
{
	li->audit_like = true;
	if (record_parse_payload(AUDIT_TYPE_SECCOMP, p, (size_t)(end - p), &li->rec) < 0 ||
	    !memmem(li->rec.fields, li->rec.fields_len, "syscall=", 8) ||
	    !memmem(li->rec.fields, li->rec.fields_len, "code=", 5))
		return LINE_OTHER;
	li->has_serial = li->has_time = true;
	li->text = p;
	li->text_len = (size_t)(end - p);
	return li->kind = LINE_RECORD;
}

/* What follows the prefixes, by who wrote it. */
static enum line_kind message(const char *p, const char *end, enum tag tag, struct line_info *li)
{
	const char *q;
	uint64_t n;

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
	/* audit.log's form behind audisp-syslog, and an older kernel's "type=1326 audit(" */
	if (STARTS(p, end, "type=") || STARTS(p, end, "node="))
		return audit_log_form(p, end, li);
	if (STARTS(p, end, "audit("))
		return typeless_form(p, end, li);
	return LINE_OTHER;
}

enum line_kind line_parse(const char *line, size_t len, int64_t now_ms, struct line_info *li)
{
	const char *p = line, *end = line + len, *q, *host = NULL;
	size_t host_len = 0;
	enum tag tag = TAG_NONE;
	enum line_kind kind;
	struct tm stamp;
	int frac = 0, facility = -1;
	bool month = false, month_known = false;
	uint64_t n;

	memset(li, 0, sizeof(*li));
	li->wall_ms = li->boot_usec = -1;
	while (end > p && (end[-1] == '\n' || end[-1] == '\r'))
		end--;
	/* audit.log, the common case */
	if (STARTS(p, end, "type=") || STARTS(p, end, "node="))
		return audit_log_form(p, end, li);
	if (p < end && *p == '<') {	/* dmesg -r */
		q = memchr(p, '>', (size_t)(end - p) < 8 ? (size_t)(end - p) : 8);
		if (q && number(p + 1, q, &n) == q) {
			p = q + 1;
			facility = (int)(n >> 3);
		}
	} else if (p < end && digit(*p) && (q = kmsg_header(p, end, li, &n))) {
		p = q;
		facility = (int)(n >> 3);
	}
	memset(&stamp, 0, sizeof(stamp));
	if ((q = month_stamp(p, end, &stamp, &frac, &month_known)))
		month = true;
	else if (!(q = rfc3339_stamp(p, end, &li->wall_ms)) && !(q = epoch_stamp(p, end, &li->wall_ms)))
		q = clock_time(p, end, &stamp, &frac);	/* a time alone (GNOME Logs): no date, no time read */
	if (q) {
		/* the host, then the program */
		if (!(p = syslog_head(q, end, false, &tag, &host, &host_len, &facility)))
			return LINE_OTHER;
	} else {
		q = dmesg_brackets(p, end, li);
		if (STARTS(q, end, "kernel: ") || STARTS(q, end, "audit["))
			p = syslog_tag(q, end, &tag);	/* pasted without date and host */
		else if (q > p && !STARTS(q, end, "audit: ") && !STARTS(q, end, "type=") && !STARTS(q, end, "audit(") &&
			 (p = syslog_head(q, end, true, &tag, &host, &host_len, &facility)))
			;	/* journalctl's short-monotonic: "[stamp] host tag: " */
		else
			p = q;
		if (!p)
			return LINE_OTHER;
	}
	if (tag == TAG_FOREIGN)
		return LINE_OTHER;	/* a user's words are not the kernel's */
	p = dmesg_brackets(p, end, li);
	/* what carries no time of its own takes the stamp's */
	if (month && month_known && (tag == TAG_AUDIT || tag == TAG_JOURNALD || !STARTS(p, end, "audit: type=")))
		li->wall_ms = traditional_ms(stamp, frac, now_ms);
	kind = message(p, end, tag, li);
	/* the kernel's words from a line whose facility says a process wrote it */
	if (kind != LINE_OTHER && facility > 0 && tag != TAG_AUDITD && tag != TAG_JOURNALD) {
		li->not_kernel = true;
		return li->kind = LINE_OTHER;
	}
	li->claimed = tag != TAG_NONE;
	if (kind == LINE_RECORD && !li->rec.host && host) {
		li->rec.host = host;
		li->rec.host_len = host_len;
	}
	return kind;
}
