// SPDX-License-Identifier: LGPL-2.1-or-later
/* The one writer of text and JSON into a struct out's buffer (see writer.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/writer.h"

/* --- the buffer -------------------------------------------------------------------- */

struct out *out_new_buffer(size_t bufsize, bool json, bool pretty)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	o->fd = -1;
	o->json = json;
	o->pretty = pretty;
	o->size = bufsize < 4096 ? 4096 : bufsize;
	o->limit = o->size;
	o->buf = malloc(o->size);
	if (!o->buf) {
		free(o);
		return NULL;
	}
	return o;
}

void out_free(struct out *o)
{
	if (!o)
		return;
	free(o->buf);
	free(o);
}

const char *out_data(const struct out *o, size_t *len)
{
	if (len)
		*len = o->len;
	o->buf[o->len < o->size ? o->len : o->size - 1] = '\0';
	return o->buf;
}

void out_stream(struct out *o, bool json, size_t limit)
{
	o->json = json;
	o->pretty = false;
	o->limit = limit;
}

void out_reset(struct out *o)
{
	o->len = 0;
	o->err = 0;
	o->started = false;
	o->depth = 0;
}

static void drain(struct out *o)
{
	if (o->drain && o->len && !o->err)
		o->drain(o);
}

/* Room for n more bytes: drained by the owner, or grown in memory. */
static bool room(struct out *o, size_t n)
{
	char *more;
	size_t size;

	if (o->len + n < o->size)
		return true;
	if (o->drain) {
		drain(o);
		if (o->err)
			return false;
		if (o->len + n < o->size)
			return true;
	}
	for (size = o->size; size <= o->len + n; size *= 2)
		;
	more = realloc(o->buf, size);
	if (!more) {
		o->err = o->err ? o->err : -ENOMEM;
		return false;
	}
	o->buf = more;
	o->size = size;
	return true;
}

static inline void put(struct out *o, const void *p, size_t n)
{
	const char *src = p;
	char *dst;

	if (o->err)
		return;		/* after a failed write, output goes nowhere */
	if (o->len + n >= o->size && !room(o, n))
		return;
	dst = o->buf + o->len;
	o->len += n;
	/* most pieces are a few bytes: a call to memcpy costs more than the copy */
	if (n > 32) {
		memcpy(dst, src, n);
		return;
	}
	while (n--)
		*dst++ = *src++;
}

void out_put(struct out *o, const void *p, size_t n)
{
	put(o, p, n);
	if (o->len >= o->limit)
		drain(o);
}

void out_putc(struct out *o, char c)
{
	put(o, &c, 1);
}

void out_puts(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

char *out_reserve(struct out *o, size_t n)
{
	if (o->err || (o->len + n >= o->size && !room(o, n)))
		return NULL;
	return o->buf + o->len;
}

void out_commit(struct out *o, const char *end)
{
	o->len = (size_t)(end - o->buf);
	if (o->len >= o->limit)
		drain(o);
}

static void out_vprintf(struct out *o, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	if (o->err)
		return;
	va_copy(again, ap);
	n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, ap);
	if (n >= 0 && (size_t)n >= o->size - o->len && room(o, (size_t)n + 1))
		n = vsnprintf(o->buf + o->len, o->size - o->len, fmt, again);
	va_end(again);
	if (n >= 0 && (size_t)n < o->size - o->len)
		o->len += (size_t)n;
}

void out_printf(struct out *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	out_vprintf(o, fmt, ap);
	va_end(ap);
}

/* --- escaping -------------------------------------------------------------------- */

size_t utf8_seq_len(const unsigned char *p, size_t left)
{
	uint32_t cp;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, UTF-16 surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

static uint32_t utf8_decode(const unsigned char *p, size_t n)
{
	static const unsigned char mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	uint32_t cp = p[0] & mask[n];
	size_t i;

	for (i = 1; i < n; i++)
		cp = (cp << 6) | (p[i] & 0x3f);
	return cp;
}

/* Code points that change how a terminal shows the text around them. */
static bool dangerous_cp(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) ||		/* C1 controls, CSI among them */
	       (cp >= 0x200b && cp <= 0x200f) ||	/* zero width, LRM/RLM */
	       (cp >= 0x202a && cp <= 0x202e) ||	/* bidi embeddings and overrides */
	       (cp >= 0x2066 && cp <= 0x2069) ||	/* bidi isolates */
	       cp == 0xfeff;
}

/* The escaping writer, into a struct out or a fixed buffer. */
struct sink {
	struct out *o;
	char *buf;
	size_t size, len;
};

static void sink_put(struct sink *s, const char *p, size_t n)
{
	if (s->o) {
		put(s->o, p, n);
		return;
	}
	for (; n && s->len + 1 < s->size; n--)
		s->buf[s->len++] = *p++;
	s->buf[s->len] = '\0';
}

static void text_escape_sink(struct sink *s, const char *str, size_t len)
{
	const unsigned char *p = (const unsigned char *)str;
	char tmp[16];
	size_t i = 0, n, run;

	while (i < len) {
		for (run = i; run < len && p[run] >= 0x20 && p[run] < 0x7f && p[run] != '\\'; run++)
			;
		if (run > i) {
			sink_put(s, (const char *)p + i, run - i);
			i = run;
			continue;
		}
		if (p[i] == '\\') {
			sink_put(s, "\\\\", 2);
			i++;
			continue;
		}
		n = p[i] >= 0x80 ? utf8_seq_len(p + i, len - i) : 0;
		if (n > 1 && !dangerous_cp(utf8_decode(p + i, n))) {
			sink_put(s, (const char *)p + i, n);
			i += n;
		} else if (n > 1) {
			snprintf(tmp, sizeof(tmp), "\\u{%04x}", utf8_decode(p + i, n));
			sink_put(s, tmp, strlen(tmp));
			i += n;
		} else {
			snprintf(tmp, sizeof(tmp), "\\x%02x", p[i]);
			sink_put(s, tmp, 4);
			i++;
		}
	}
}

void out_escaped(struct out *o, const char *s, size_t len)
{
	struct sink k = { .o = o };

	text_escape_sink(&k, s, len);
}

char *text_escape(char *buf, size_t size, const char *s, size_t len)
{
	struct sink k = { .buf = buf, .size = size };

	if (size)
		buf[0] = '\0';
	text_escape_sink(&k, s, len);
	return buf;
}

/* Bytes that go into a JSON string as they are: printable ASCII but " and \. */
static const unsigned char json_plain_table[256] = {
	[0x20 ... 0x21] = 1,	/* not '"' (0x22) */
	[0x23 ... 0x5b] = 1,	/* not '\\' (0x5c) */
	[0x5d ... 0x7e] = 1,
};

static inline bool json_plain(unsigned char c)
{
	return json_plain_table[c];
}

/* Does any of these 8 bytes need escaping (below 0x20, above 0x7e, '"', '\\')? */
static inline bool special8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;

	return (((w - ones * 0x20) & ~w) |				/* < 0x20 */
		((w + ones * (0x7f - 0x7e)) | w) |			/* > 0x7e */
		(((w ^ (ones * '"')) - ones) & ~(w ^ (ones * '"'))) |
		(((w ^ (ones * '\\')) - ones) & ~(w ^ (ones * '\\')))) & high;
}

/* The one escaper. padded: 8 bytes after len may be read (not used), so that
 * a short tail takes one load instead of a byte at a time. */
static inline __attribute__((always_inline)) char *escape(char *dst, const char *str, size_t len, bool padded)
{
	const unsigned char *p = (const unsigned char *)str, *end = p + len;
	uint64_t w, mask;
	size_t n;

	*dst++ = '"';
	for (;;) {
		/* the common case: plain bytes, 8 at a time, stored as they are checked */
		while (end - p >= 8) {
			memcpy(&w, p, 8);
			if (special8(w))
				break;
			memcpy(dst, &w, 8);
			dst += 8;
			p += 8;
		}
		if (padded && p < end && end - p < 8) {
			/* the tail: the bytes past it count as spaces, which are plain */
			n = (size_t)(end - p);
			memcpy(&w, p, 8);
			mask = (1ULL << (8 * n)) - 1;
			if (!special8((w & mask) | (0x2020202020202020ULL & ~mask))) {
				memcpy(dst, &w, 8);
				dst += n;
				break;
			}
		}
		while (p < end && json_plain(*p))
			*dst++ = (char)*p++;
		if (p == end)
			break;
		if (*p == '"' || *p == '\\') {
			*dst++ = '\\';
			*dst++ = (char)*p++;
		} else if (*p == '\n') {
			*dst++ = '\\', *dst++ = 'n', p++;
		} else if (*p == '\t') {
			*dst++ = '\\', *dst++ = 't', p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			dst += sprintf(dst, "\\u%04x", *p++);
		} else if ((n = utf8_seq_len(p, (size_t)(end - p))) && dangerous_cp(utf8_decode(p, n))) {
			/* the same character, but no terminal acts on \u009b */
			dst += sprintf(dst, "\\u%04x", utf8_decode(p, n));
			p += n;
		} else if (n) {
			memcpy(dst, p, n);
			dst += n;
			p += n;
		} else {
			/* not UTF-8: JSON cannot carry the byte itself */
			memcpy(dst, "\\ufffd", 6);
			dst += 6;
			p++;
		}
	}
	*dst++ = '"';
	return dst;
}

char *jp_str(char *dst, const char *str, size_t len)
{
	return escape(dst, str, len, false);
}

char *jp_str_padded(char *dst, const char *str, size_t len)
{
	return escape(dst, str, len, true);
}

/* --- JSON pieces ------------------------------------------------------------------ */

static bool iso_second(uint64_t sec, char head[20]);


static const char digit_pairs[] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

/* How many decimal digits v has. */
static inline unsigned digits10(uint64_t v)
{
	unsigned n = 1;

	for (; v >= 10000; v /= 10000)
		n += 4;
	return n + (v >= 10) + (v >= 100) + (v >= 1000);
}

char *jp_u64(char *p, uint64_t v)
{
	unsigned n;
	char *q;

	if (v < 10) {		/* uid 0, compat 0, sig 0: the common case */
		*p = (char)('0' + v);
		return p + 1;
	}
	n = digits10(v);
	q = p + n;

	/* two digits a step, from the end, in place */
	while (v >= 100) {
		unsigned i = (unsigned)(v % 100) * 2;

		v /= 100;
		*--q = digit_pairs[i + 1];
		*--q = digit_pairs[i];
	}
	if (v >= 10) {
		*--q = digit_pairs[v * 2 + 1];
		*--q = digit_pairs[v * 2];
	} else {
		*--q = (char)('0' + v);
	}
	return p + n;
}

char *jp_s64(char *p, int64_t v)
{
	if (v < 0) {
		*p++ = '-';
		return jp_u64(p, 0 - (uint64_t)v);
	}
	return jp_u64(p, (uint64_t)v);
}

char *jp_hex(char *p, uint64_t v)
{
	static const char hex[] = "0123456789abcdef";
	unsigned n = v ? (67 - (unsigned)__builtin_clzll(v)) / 4 : 1;
	char *q;

	/* the digits in place, from the end */
	*p++ = '"';
	*p++ = '0';
	*p++ = 'x';
	q = p + n;
	p = q;
	do
		*--q = hex[v & 15];
	while (v >>= 4);
	*p++ = '"';
	return p;
}

char *jp_own(char *p, const char *s)
{
	if (!s)
		return JP_LIT(p, "null");
	/* names of a few bytes: a loop, not strlen and memcpy */
	*p++ = '"';
	while (*s)
		*p++ = *s++;
	*p++ = '"';
	return p;
}

char *jp_time(char *p, uint64_t sec, uint32_t msec)
{
	*p++ = '"';
	if (msec > 999 || !iso_second(sec, p)) {
		fmt_time_iso(p, 40, sec, msec);
		p += strlen(p);
	} else {
		p[19] = '.';
		p[20] = (char)('0' + msec / 100);
		p[21] = (char)('0' + msec / 10 % 10);
		p[22] = (char)('0' + msec % 10);
		p[23] = 'Z';
		p += 24;
	}
	*p++ = '"';
	return p;
}

/* --- JSON, a field at a time --------------------------------------------------------- */

/* What a field's comma, indentation and key can take besides the key itself. */
#define KEY_ROOM (2 * JW_MAX_DEPTH + 8)

/* A value begins: the comma after the one before, the indentation, the key. */
static char *key_at(struct out *o, char *p, const char *key, size_t n)
{
	o->started = true;
	if (o->depth > 0) {
		if (o->has_items[o->depth])
			*p++ = ',';
		o->has_items[o->depth] = true;
		if (o->pretty) {
			*p++ = '\n';
			memset(p, ' ', 2 * (size_t)o->depth);
			p += 2 * o->depth;
		}
	}
	if (key) {
		/* keys are this program's own names: nothing to escape */
		*p++ = '"';
		p = jp_mem(p, key, n);
		*p++ = '"';
		*p++ = ':';
		if (o->pretty)
			*p++ = ' ';
	}
	return p;
}

/* Room for a field whose value takes at most value_max, its key written. */
static char *field(struct out *o, const char *key, size_t klen, size_t value_max)
{
	char *p = out_reserve(o, klen + KEY_ROOM + value_max);

	return p ? key_at(o, p, key, klen) : NULL;
}

char *jw_reserve(struct out *o, size_t n)
{
	return field(o, NULL, 0, n);
}

void jw_commit(struct out *o, char *end)
{
	out_commit(o, end);
}

static void jw_open(struct out *o, const char *key, size_t klen, char c)
{
	char *p = field(o, key, klen, 1);

	if (!p)
		return;
	*p++ = c;
	out_commit(o, p);
	if (o->depth + 1 < JW_MAX_DEPTH)
		o->depth++;
	o->has_items[o->depth] = false;
}

static void jw_close(struct out *o, char c)
{
	bool had = o->has_items[o->depth];
	char *p;

	if (o->depth > 0)
		o->depth--;
	if (!(p = out_reserve(o, KEY_ROOM)))
		return;
	if (had && o->pretty) {
		*p++ = '\n';
		memset(p, ' ', 2 * (size_t)o->depth);
		p += 2 * o->depth;
	}
	*p++ = c;
	out_commit(o, p);
}

void jw_open_obj_k(struct out *o, const char *key, size_t klen) { jw_open(o, key, klen, '{'); }
void jw_close_obj(struct out *o) { jw_close(o, '}'); }
void jw_open_arr_k(struct out *o, const char *key, size_t klen) { jw_open(o, key, klen, '['); }
void jw_close_arr(struct out *o) { jw_close(o, ']'); }

void jw_strn_k(struct out *o, const char *key, size_t klen, const char *s, size_t len)
{
	char *p = field(o, key, klen, JSON_ESCAPED_MAX(len));

	if (p)
		out_commit(o, jp_str(p, s, len));
}

void jw_str_k(struct out *o, const char *key, size_t klen, const char *s)
{
	if (!s)
		jw_null_k(o, key, klen);
	else
		jw_strn_k(o, key, klen, s, strlen(s));
}

void jw_own_str_k(struct out *o, const char *key, size_t klen, const char *s)
{
	char *p = field(o, key, klen, s ? strlen(s) + 2 : 4);

	if (p)
		out_commit(o, jp_own(p, s));
}

void jw_int_k(struct out *o, const char *key, size_t klen, long long v)
{
	char *p = field(o, key, klen, 24);

	if (p)
		out_commit(o, jp_s64(p, v));
}

void jw_uint_k(struct out *o, const char *key, size_t klen, unsigned long long v)
{
	char *p = field(o, key, klen, 24);

	if (p)
		out_commit(o, jp_u64(p, v));
}

void jw_bool_k(struct out *o, const char *key, size_t klen, bool v)
{
	char *p = field(o, key, klen, 5);

	if (p)
		out_commit(o, v ? JP_LIT(p, "true") : JP_LIT(p, "false"));
}

void jw_null_k(struct out *o, const char *key, size_t klen)
{
	char *p = field(o, key, klen, 4);

	if (p)
		out_commit(o, JP_LIT(p, "null"));
}

void jw_raw_k(struct out *o, const char *key, size_t klen, const char *json)
{
	size_t n = strlen(json);
	char *p = field(o, key, klen, n);

	if (p)
		out_commit(o, jp_mem(p, json, n));
}

void jw_end(struct out *o)
{
	put(o, "\n", 1);
	if (o->len >= o->limit)
		drain(o);
}

/* --- one call per field ---------------------------------------------------------- */

/* the formats are the callers' own, with one conversion for the one value */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

static bool text(const struct out *o, enum pr_mode m, const char *fmt)
{
	return !o->json && (m & PR_TEXT) && fmt;
}

static bool json(const struct out *o, enum pr_mode m)
{
	return o->json && (m & PR_JSON);
}

void pr_str(struct out *o, enum pr_mode m, const char *key, const char *fmt, const char *s)
{
	if (json(o, m))
		jw_str_k(o, key, JW_KLEN(key), s);
	else if (text(o, m, fmt))
		out_printf(o, fmt, s ? s : "");
}

void pr_bytes(struct out *o, enum pr_mode m, const char *key, const char *fmt, const char *s, size_t len)
{
	const char *pct;

	if (json(o, m)) {
		jw_strn_k(o, key, JW_KLEN(key), s, len);
		return;
	}
	if (!text(o, m, fmt))
		return;
	/* the format holds one %s: what is around it is ours, the value is escaped */
	pct = strstr(fmt, "%s");
	if (!pct) {
		out_puts(o, fmt);
		return;
	}
	put(o, fmt, (size_t)(pct - fmt));
	out_escaped(o, s, len);
	out_puts(o, pct + 2);
}

void pr_int(struct out *o, enum pr_mode m, const char *key, const char *fmt, long long v)
{
	if (json(o, m))
		jw_int_k(o, key, JW_KLEN(key), v);
	else if (text(o, m, fmt))
		out_printf(o, fmt, v);
}

void pr_uint(struct out *o, enum pr_mode m, const char *key, const char *fmt, unsigned long long v)
{
	if (json(o, m))
		jw_uint_k(o, key, JW_KLEN(key), v);
	else if (text(o, m, fmt))
		out_printf(o, fmt, v);
}

void pr_bool(struct out *o, enum pr_mode m, const char *key, const char *fmt, bool v)
{
	if (json(o, m))
		jw_bool_k(o, key, JW_KLEN(key), v);
	else if (text(o, m, fmt))
		out_printf(o, fmt, v ? "yes" : "no");
}

void pr_tri(struct out *o, enum pr_mode m, const char *key, const char *fmt, int v)
{
	if (json(o, m) && v < 0)
		jw_null_k(o, key, JW_KLEN(key));
	else if (json(o, m))
		jw_bool_k(o, key, JW_KLEN(key), v);
	else if (text(o, m, fmt))
		out_printf(o, fmt, v > 0 ? "yes" : v == 0 ? "no" : "cannot tell");
}

void pr_null(struct out *o, enum pr_mode m, const char *key, const char *fmt)
{
	if (json(o, m))
		jw_null_k(o, key, JW_KLEN(key));
	else if (text(o, m, fmt))
		out_puts(o, fmt);
}

void pr_obj_open(struct out *o, const char *key)
{
	if (o->json)
		jw_open_obj_k(o, key, JW_KLEN(key));
}

void pr_obj_close(struct out *o)
{
	if (o->json)
		jw_close_obj(o);
}

void pr_arr_open(struct out *o, const char *key)
{
	if (o->json)
		jw_open_arr_k(o, key, JW_KLEN(key));
}

void pr_arr_close(struct out *o)
{
	if (o->json)
		jw_close_arr(o);
}

void pr_text(struct out *o, const char *fmt, ...)
{
	va_list ap;

	if (o->json)
		return;
	va_start(ap, fmt);
	out_vprintf(o, fmt, ap);
	va_end(ap);
}

void pr_end(struct out *o)
{
	if (o->json)
		jw_end(o);
}

/* --- times ---------------------------------------------------------------------- */

static char *two_digits(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* "YYYY-MM-DDTHH:MM:SS" of sec into head (19 bytes, not NUL-terminated),
 * the proleptic Gregorian calendar by arithmetic (days to civil, as
 * H. Hinnant gives it): no gmtime, no cache. false past year 9999. */
static bool iso_second(uint64_t sec, char head[20])
{
	int64_t z, era, doe, yoe, y, doy, mp;
	unsigned rem, d, m;

	if (sec > 253402300799ULL)	/* 9999-12-31T23:59:59 */
		return false;
	z = (int64_t)(sec / 86400) + 719468;
	rem = (unsigned)(sec % 86400);
	era = z / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	y = yoe + era * 400 + (m <= 2);
	head = two_digits(head, (unsigned)(y / 100));
	head = two_digits(head, (unsigned)(y % 100));
	*head++ = '-';
	head = two_digits(head, m);
	*head++ = '-';
	head = two_digits(head, d);
	*head++ = 'T';
	head = two_digits(head, rem / 3600);
	*head++ = ':';
	head = two_digits(head, rem / 60 % 60);
	*head++ = ':';
	two_digits(head, rem % 60);
	return true;
}

void fmt_time_iso(char *buf, size_t size, uint64_t sec, uint32_t msec)
{
	char head[20];

	if (!iso_second(sec, head))
		snprintf(buf, size, "%llu.%03u", (unsigned long long)sec, msec);
	else
		snprintf(buf, size, "%.19s.%03uZ", head, msec);
}

void fmt_time_local(char *buf, size_t size, uint64_t sec, uint32_t msec)
{
	time_t t = (time_t)sec;
	char base[32];
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(base, sizeof(base), "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, size, "%llu.%03u", (unsigned long long)sec, msec);
	else
		snprintf(buf, size, "%.19s.%03u", base, msec % 1000);
}


void out_hex_bytes(struct out *o, const char *s, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (!len)
		out_putc(o, '-');
	for (i = 0; i < len; i++) {
		out_putc(o, digits[(unsigned char)s[i] >> 4]);
		out_putc(o, digits[(unsigned char)s[i] & 15]);
	}
}

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

long hex_bytes(const char *in, size_t len, char *out)
{
	size_t i;
	int hi, lo;

	if (len == 1 && in[0] == '-')
		len = 0;
	else if (!len || len % 2)
		return -1;
	for (i = 0; i < len / 2; i++) {
		if ((hi = hex_digit(in[2 * i])) < 0 || (lo = hex_digit(in[2 * i + 1])) < 0)
			return -1;
		out[i] = (char)(hi << 4 | lo);
	}
	out[len / 2] = '\0';
	return (long)(len / 2);
}
