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

void json_escape_to(FILE *f, const char *str, size_t len)
{
	const unsigned char *p = (const unsigned char *)str;
	size_t i = 0, n;

	fputc('"', f);
	while (i < len) {
		unsigned char c = p[i];

		if (c == '"' || c == '\\') {
			fputc('\\', f);
			fputc(c, f);
			i++;
		} else if (c == '\n') {
			fputs("\\n", f), i++;
		} else if (c == '\t') {
			fputs("\\t", f), i++;
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(f, "\\u%04x", c), i++;
		} else if (c < 0x80) {
			fputc(c, f), i++;
		} else if ((n = utf8_seq_len(p + i, len - i))) {
			fwrite(p + i, 1, n, f);
			i += n;
		} else {
			/* not UTF-8: JSON cannot carry the byte itself */
			fputs("\\ufffd", f);
			i++;
		}
	}
	fputc('"', f);
}

static void jw_indent(void)
{
	int i;

	if (!out.pretty)
		return;
	fputc('\n', OUTF);
	for (i = 0; i < out.depth; i++)
		fputs("  ", OUTF);
}

static void jw_key(const char *key)
{
	out.started = true;
	if (out.depth > 0) {
		if (out.has_items[out.depth])
			fputc(',', OUTF);
		out.has_items[out.depth] = true;
		jw_indent();
	}
	if (key) {
		json_escape_to(OUTF, key, strlen(key));
		fputs(out.pretty ? ": " : ":", OUTF);
	}
}

static void jw_open(const char *key, char c)
{
	jw_key(key);
	fputc(c, OUTF);
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
	fputc(c, OUTF);
}

void jw_open_obj(const char *key) { jw_open(key, '{'); }
void jw_close_obj(void) { jw_close('}'); }
void jw_open_arr(const char *key) { jw_open(key, '['); }
void jw_close_arr(void) { jw_close(']'); }

void jw_strn(const char *key, const char *s, size_t len)
{
	jw_key(key);
	json_escape_to(OUTF, s, len);
}

void jw_str(const char *key, const char *s)
{
	if (!s) {
		jw_null(key);
		return;
	}
	jw_strn(key, s, strlen(s));
}

void jw_int(const char *key, long long v)
{
	jw_key(key);
	fprintf(OUTF, "%lld", v);
}

void jw_uint(const char *key, unsigned long long v)
{
	jw_key(key);
	fprintf(OUTF, "%llu", v);
}

void jw_bool(const char *key, bool v)
{
	jw_key(key);
	fputs(v ? "true" : "false", OUTF);
}

void jw_null(const char *key)
{
	jw_key(key);
	fputs("null", OUTF);
}

void jw_finish(void)
{
	fputc('\n', OUTF);
	fflush(OUTF);
}

void out_set_stream(FILE *f)
{
	out.f = f;
}

void fmt_time_iso(char *buf, size_t size, uint64_t sec, uint32_t msec)
{
	time_t t = (time_t)sec;
	struct tm tm;

	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, size, "%llu.%03u", (unsigned long long)sec, msec);
		return;
	}
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, msec);
}

void fmt_time_local(char *buf, size_t size, uint64_t sec, uint32_t msec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char base[64];

	if (!localtime_r(&t, &tm) || !strftime(base, sizeof(base), "%Y-%m-%d %H:%M:%S", &tm)) {
		snprintf(buf, size, "%llu.%03u", (unsigned long long)sec, msec);
		return;
	}
	snprintf(buf, size, "%s.%03u", base, msec);
}

void jw_finish_line(void)
{
	fputc('\n', OUTF);
}
