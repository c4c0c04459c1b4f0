// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "output.h"

#define JW_MAX_DEPTH 32

static struct {
	bool json;
	bool pretty;
	bool started;
	FILE *f;
	int depth;
	bool has_items[JW_MAX_DEPTH];
} out;

#define OUTF (out.f ? out.f : stdout)

void out_setup(bool json, bool pretty)
{
	out.json = json;
	out.pretty = pretty;
}

bool out_json(void)
{
	return out.json;
}

bool out_document_started(void)
{
	return out.started;
}

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

struct sink {
	FILE *f;
	char *buf;
	size_t size, len;
};

static void sink_put(struct sink *s, const char *p, size_t n)
{
	if (s->f) {
		fwrite(p, 1, n, s->f);
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
	size_t i = 0, n;

	while (i < len) {
		if (p[i] == '\\') {
			sink_put(s, "\\\\", 2);
			i++;
			continue;
		}
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			sink_put(s, (const char *)p + i, 1);
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

void text_escape_to(FILE *f, const char *s, size_t len)
{
	struct sink k = { .f = f };

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

/* Index of the first byte from i on that is not plain, 8 bytes a step:
 * a byte below 0x20, above 0x7e, '"' or '\\' stops the word. */
static inline size_t plain_run(const unsigned char *p, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t w, special;

	while (i + 8 <= len) {
		memcpy(&w, p + i, 8);
		special = ((w - ones * 0x20) & ~w) |			/* < 0x20 */
			  ((w + ones * (0x7f - 0x7e)) | w) |		/* > 0x7e */
			  (((w ^ (ones * '"')) - ones) & ~(w ^ (ones * '"'))) |
			  (((w ^ (ones * '\\')) - ones) & ~(w ^ (ones * '\\')));
		if (special & high)
			break;
		i += 8;
	}
	while (i < len && json_plain(p[i]))
		i++;
	return i;
}

typedef void (*put_fn)(void *ctx, const void *p, size_t n);

static void put_file(void *ctx, const void *p, size_t n)
{
	fwrite_unlocked(p, 1, n, ctx);
}

/* always_inline: with jput known at the call site, the writer's copy needs no
 * indirect call per run of bytes */
static inline __attribute__((always_inline)) void json_escape_put(put_fn put, void *ctx,
								  const char *str, size_t len)
{
	const unsigned char *p = (const unsigned char *)str;
	size_t i = 0, run, n;
	char esc[8];

	put(ctx, "\"", 1);
	while (i < len) {
		unsigned char c = p[i];

		/* the common case: a run of plain bytes in one write */
		run = plain_run(p, i, len);
		if (run > i) {
			put(ctx, p + i, run - i);
			i = run;
			continue;
		}
		if (c == '"') {
			put(ctx, "\\\"", 2), i++;
		} else if (c == '\\') {
			put(ctx, "\\\\", 2), i++;
		} else if (c == '\n') {
			put(ctx, "\\n", 2), i++;
		} else if (c == '\t') {
			put(ctx, "\\t", 2), i++;
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			put(ctx, esc, 6), i++;
		} else if ((n = utf8_seq_len(p + i, len - i)) && dangerous_cp(utf8_decode(p + i, n))) {
			/* the same character, but no terminal acts on \u009b */
			snprintf(esc, sizeof(esc), "\\u%04x", utf8_decode(p + i, n));
			put(ctx, esc, 6);
			i += n;
		} else if (n) {
			put(ctx, p + i, n);
			i += n;
		} else {
			/* not UTF-8: JSON cannot carry the byte itself */
			put(ctx, "\\ufffd", 6);
			i++;
		}
	}
	put(ctx, "\"", 1);
}

void json_escape_to(FILE *f, const char *str, size_t len)
{
	json_escape_put(put_file, f, str, len);
}

/* The writer collects a value here and gives stdio one write per line. */
static char jbuf[65536];
static size_t jlen;

static void jflush(void)
{
	if (jlen)
		fwrite_unlocked(jbuf, 1, jlen, OUTF);
	jlen = 0;
}

static inline void jput(void *ctx, const void *p, size_t n)
{
	const char *src = p;
	char *dst;

	if (jlen + n > sizeof(jbuf)) {
		jflush();
		if (n > sizeof(jbuf)) {
			fwrite_unlocked(p, 1, n, OUTF);
			return;
		}
	}
	dst = jbuf + jlen;
	jlen += n;
	/* most pieces are a few bytes: a call to memcpy costs more than the copy */
	if (n > 32) {
		memcpy(dst, src, n);
		return;
	}
	while (n--)
		*dst++ = *src++;
}

static void jputs(const char *s)
{
	jput(NULL, s, strlen(s));
}

static void jputc(char c)
{
	jput(NULL, &c, 1);
}

static void jw_indent(void)
{
	int i;

	if (!out.pretty)
		return;
	jputc('\n');
	for (i = 0; i < out.depth; i++)
		jputs("  ");
}

static void jw_key(const char *key, size_t n)
{
	out.started = true;
	if (out.depth > 0) {
		if (out.has_items[out.depth])
			jputc(',');
		out.has_items[out.depth] = true;
		jw_indent();
	}
	if (key) {
		/* keys are this program's own names: nothing to escape */
		char *p;

		if (jlen + n + 4 > sizeof(jbuf))
			jflush();
		p = jbuf + jlen;
		*p++ = '"';
		memcpy(p, key, n);
		p += n;
		*p++ = '"';
		*p++ = ':';
		if (out.pretty)
			*p++ = ' ';
		jlen = (size_t)(p - jbuf);
	}
}

static void jw_open(const char *key, size_t klen, char c)
{
	jw_key(key, klen);
	jputc(c);
	if (out.depth + 1 < JW_MAX_DEPTH)
		out.depth++;
	out.has_items[out.depth] = false;
}

static void jw_close(char c)
{
	bool had = out.has_items[out.depth];

	if (out.depth > 0)
		out.depth--;
	if (had)
		jw_indent();
	jputc(c);
}

void jw_open_obj_k(const char *key, size_t klen) { jw_open(key, klen, '{'); }
void jw_close_obj(void) { jw_close('}'); }
void jw_open_arr_k(const char *key, size_t klen) { jw_open(key, klen, '['); }
void jw_close_arr(void) { jw_close(']'); }

void jw_strn_k(const char *key, size_t klen, const char *s, size_t len)
{
	jw_key(key, klen);
	json_escape_put(jput, NULL, s, len);
}

void jw_str_k(const char *key, size_t klen, const char *s)
{
	if (!s) {
		jw_null_k(key, klen);
		return;
	}
	jw_strn_k(key, klen, s, strlen(s));
}

static void put_u64(unsigned long long v, bool neg)
{
	char buf[24], *p = buf + sizeof(buf);

	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	if (neg)
		*--p = '-';
	jput(NULL, p, (size_t)(buf + sizeof(buf) - p));
}

void jw_own_str_k(const char *key, size_t klen, const char *s)
{
	if (!s) {
		jw_null_k(key, klen);
		return;
	}
	jw_key(key, klen);
	jputc('"');
	jputs(s);
	jputc('"');
}

void jw_int_k(const char *key, size_t klen, long long v)
{
	jw_key(key, klen);
	put_u64(v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

void jw_uint_k(const char *key, size_t klen, unsigned long long v)
{
	jw_key(key, klen);
	put_u64(v, false);
}

void jw_bool_k(const char *key, size_t klen, bool v)
{
	jw_key(key, klen);
	jputs(v ? "true" : "false");
}

void jw_null_k(const char *key, size_t klen)
{
	jw_key(key, klen);
	jputs("null");
}

void jw_finish(void)
{
	jputc('\n');
	jflush();
	fflush(OUTF);
}

void out_set_stream(FILE *f)
{
	jflush();
	out.f = f;
}

void fmt_time_iso(char *buf, size_t size, uint64_t sec, uint32_t msec)
{
	/* records come many to a second: format the second once */
	static __thread uint64_t last = UINT64_MAX;
	static __thread char head[64];
	time_t t = (time_t)sec;
	struct tm tm;

	if (sec != last) {
		if (!gmtime_r(&t, &tm)) {
			snprintf(buf, size, "%llu.%03u", (unsigned long long)sec, msec);
			return;
		}
		snprintf(head, sizeof(head), "%04d-%02d-%02dT%02d:%02d:%02d", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		last = sec;
	}
	if (size < 25 || msec > 999) {
		snprintf(buf, size, "%s.%03uZ", head, msec);
		return;
	}
	memcpy(buf, head, 19);
	buf[19] = '.';
	buf[20] = (char)('0' + msec / 100);
	buf[21] = (char)('0' + msec / 10 % 10);
	buf[22] = (char)('0' + msec % 10);
	buf[23] = 'Z';
	buf[24] = '\0';
}

char *fmt_hex(char *buf, size_t size, uint64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	size_t n;

	*--p = '\0';
	do
		*--p = "0123456789abcdef"[v & 15];
	while (v >>= 4);
	*--p = 'x';
	*--p = '0';
	n = (size_t)(tmp + sizeof(tmp) - p);
	if (n > size)
		n = size, p[n - 1] = '\0';
	memcpy(buf, p, n);
	return buf;
}

void fmt_time_local(char *buf, size_t size, uint64_t sec, uint32_t msec)
{
	static __thread uint64_t last = UINT64_MAX;
	static __thread char base[32];
	time_t t = (time_t)sec;
	struct tm tm;

	if (sec != last) {
		if (!localtime_r(&t, &tm) || !strftime(base, sizeof(base), "%Y-%m-%d %H:%M:%S", &tm)) {
			snprintf(buf, size, "%llu.%03u", (unsigned long long)sec, msec);
			return;
		}
		last = sec;
	}
	snprintf(buf, size, "%.19s.%03u", base, msec % 1000);
}

void jw_finish_line(void)
{
	jputc('\n');
	jflush();
}
