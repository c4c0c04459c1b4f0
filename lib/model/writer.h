/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The one writer of text and JSON: struct out, a buffer that an owner drains. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A struct out gathers bytes; its owner drains them (os/output.c writes them
 * to a file descriptor) or keeps them in memory. Text goes through the
 * escaping writers, so bytes from records never reach a terminal raw; JSON
 * goes through the jw_* writer, which yields a valid document for any byte
 * string. Every write is checked: the first error is kept and later output
 * is dropped.
 *
 * JSON has one writer in two forms: jw_* writes a field at a time and keeps
 * the commas and indentation; a printer of a whole object at once (tail's
 * events, a million a second) reserves its worst case with jw_reserve,
 * writes with the jp_* pieces the field writer is made of, and commits.
 *
 * Commands print through pr_*: one call per field serves text and JSON, as
 * iproute2's print_uint(PRINT_ANY, "key", "fmt", v) does.
 */

#define JW_MAX_DEPTH 32

struct out {
	int fd;			/* what the owner drains into; -1: memory only */
	void (*drain)(struct out *o);	/* empties buf (or sets err); NULL: memory, which grows */
	bool json;		/* pr_* write JSON */
	bool pretty;		/* indent JSON */
	char *buf;
	size_t len, size;
	size_t limit;		/* drain past this many bytes */
	int err;		/* first failed write, -errno; -EPIPE: the reader went away */
	bool started;		/* a JSON value was begun */
	int fifo;		/* fd is a pipe: 1, not: 0, not yet asked: -1 (os/output.c) */
	int depth;
	bool has_items[JW_MAX_DEPTH];
};

/* A memory out: everything written is kept (out_data). NULL when out of memory. */
struct out *out_new_buffer(size_t bufsize, bool json, bool pretty);
void out_free(struct out *o);
/* Everything written so far, NUL-terminated (memory, or what awaits draining). */
const char *out_data(const struct out *o, size_t *len);
void out_reset(struct out *o);

/* A stream of events: JSON (or not) one object a line, never indented,
 * drained once limit bytes are gathered. */
void out_stream(struct out *o, bool json, size_t limit);

/* Raw pieces. */
void out_put(struct out *o, const void *p, size_t n);
void out_putc(struct out *o, char c);
void out_puts(struct out *o, const char *s);
void out_printf(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Bytes as lower-case hex digits, "-" for none: any byte on one line of a
 * text file of this program's (the cursor). */
void out_hex_bytes(struct out *o, const char *s, size_t len);
/* Back: into out (room len / 2 + 1, NUL-terminated), its length; -1 for text
 * that is not even hex ("-" is 0 bytes). */
long hex_bytes(const char *in, size_t len, char *out);
/* Room for n bytes at the end of the buffer: write there, then out_commit
 * the end. NULL after an error. */
char *out_reserve(struct out *o, size_t n);
void out_commit(struct out *o, const char *end);
/* Bytes for a terminal: control bytes, C1 controls, bidi overrides and
 * invalid UTF-8 become \xNN or \u{NNNN}, a backslash becomes \\. */
void out_escaped(struct out *o, const char *s, size_t len);
/* The same into buf (always NUL-terminated); returns buf. */
char *text_escape(char *buf, size_t size, const char *s, size_t len);
/* Length of the valid UTF-8 sequence at p (1-4), or 0 when it is not one. */
size_t utf8_seq_len(const unsigned char *p, size_t left);

/* --- JSON pieces: each writes at p and returns the end ------------------------- */
/* The most a string of len bytes takes escaped, quotes included (and 8
 * bytes the escaper may store past its end). */
#define JSON_ESCAPED_MAX(len) (6 * (len) + 2 + 8)
static inline char *jp_mem(char *p, const char *s, size_t n)
{
	__builtin_memcpy(p, s, n);
	return p + n;
}
/* a literal: its length counted by the compiler */
#define JP_LIT(p, s) jp_mem(p, s, sizeof(s) - 1)
char *jp_u64(char *p, uint64_t v);
char *jp_s64(char *p, int64_t v);
/* "0x" and lower-case hex digits, quoted */
char *jp_hex(char *p, uint64_t v);
/* bytes from anywhere as a JSON string, quotes included: room JSON_ESCAPED_MAX(len) */
char *jp_str(char *p, const char *s, size_t len);
/* the same, of bytes followed by 8 more that may be read (an event's spans) */
char *jp_str_padded(char *p, const char *s, size_t len);
/* a string of this program's own (printable ASCII, no quote or backslash), or null */
char *jp_own(char *p, const char *s);
/* an audit time as ISO 8601 UTC, quoted: 26 bytes at most for any year this
 * tool can read, else the seconds as they are */
char *jp_time(char *p, uint64_t sec, uint32_t msec);
/* A whole value at once: room for n bytes (the value's worst case), begun
 * as the field writer begins one. NULL after an error. */
char *jw_reserve(struct out *o, size_t n);
void jw_commit(struct out *o, char *end);

/* --- JSON, a field at a time ------------------------------------------------------- */
/* key is NULL inside arrays and at top level. The _k forms take the key's
 * length; the wrappers let the compiler count a literal key. */
void jw_open_obj_k(struct out *o, const char *key, size_t klen);
void jw_open_arr_k(struct out *o, const char *key, size_t klen);
void jw_close_obj(struct out *o);
void jw_close_arr(struct out *o);
void jw_str_k(struct out *o, const char *key, size_t klen, const char *s);	/* NULL: null */
void jw_strn_k(struct out *o, const char *key, size_t klen, const char *s, size_t len);
void jw_int_k(struct out *o, const char *key, size_t klen, long long v);
void jw_uint_k(struct out *o, const char *key, size_t klen, unsigned long long v);
void jw_bool_k(struct out *o, const char *key, size_t klen, bool v);
void jw_null_k(struct out *o, const char *key, size_t klen);
/* A string this program made (a time, a hex number, a name from its own
 * tables): printable ASCII without quote or backslash, not scanned.
 * Anything from a record goes through jw_str/jw_strn. */
void jw_own_str_k(struct out *o, const char *key, size_t klen, const char *s);
/* A value that is JSON text already (json-c wrote it). */
void jw_raw_k(struct out *o, const char *key, size_t klen, const char *json);
/* Ends a top-level value with a newline (one object a line in a stream). */
void jw_end(struct out *o);

/* inline, so that the length of a literal key is counted at compile time */
static inline size_t jw_klen(const char *key)
{
	return key ? __builtin_strlen(key) : 0;
}
#define JW_KLEN(key) jw_klen(key)
#define jw_open_obj(o, key) jw_open_obj_k(o, key, JW_KLEN(key))
#define jw_open_arr(o, key) jw_open_arr_k(o, key, JW_KLEN(key))
#define jw_str(o, key, s) jw_str_k(o, key, JW_KLEN(key), s)
#define jw_strn(o, key, s, len) jw_strn_k(o, key, JW_KLEN(key), s, len)
#define jw_int(o, key, v) jw_int_k(o, key, JW_KLEN(key), v)
#define jw_uint(o, key, v) jw_uint_k(o, key, JW_KLEN(key), v)
#define jw_bool(o, key, v) jw_bool_k(o, key, JW_KLEN(key), v)
#define jw_null(o, key) jw_null_k(o, key, JW_KLEN(key))
#define jw_own_str(o, key, s) jw_own_str_k(o, key, JW_KLEN(key), s)
#define jw_raw(o, key, s) jw_raw_k(o, key, JW_KLEN(key), s)

/* --- one call per field, for text and JSON ---------------------------------------- */
enum pr_mode { PR_TEXT = 1, PR_JSON = 2, PR_ANY = 3 };

/* In text mode fmt is printf'd with the value (NULL: nothing): %s for
 * strings, %lld for pr_int, %llu for pr_uint; in JSON mode "key": value is
 * written. */
void pr_str(struct out *o, enum pr_mode m, const char *key, const char *fmt, const char *s);
/* Bytes from a record: escaped for a terminal, or as a JSON string. */
void pr_bytes(struct out *o, enum pr_mode m, const char *key, const char *fmt, const char *s, size_t len);
void pr_int(struct out *o, enum pr_mode m, const char *key, const char *fmt, long long v);
void pr_uint(struct out *o, enum pr_mode m, const char *key, const char *fmt, unsigned long long v);
/* Text: fmt with "yes" or "no". */
void pr_bool(struct out *o, enum pr_mode m, const char *key, const char *fmt, bool v);
/* 1 yes, 0 no, <0 cannot tell (JSON null). */
void pr_tri(struct out *o, enum pr_mode m, const char *key, const char *fmt, int v);
/* JSON null; text: fmt as it is. */
void pr_null(struct out *o, enum pr_mode m, const char *key, const char *fmt);
/* Objects and arrays exist in JSON only. */
void pr_obj_open(struct out *o, const char *key);
void pr_obj_close(struct out *o);
void pr_arr_open(struct out *o, const char *key);
void pr_arr_close(struct out *o);
/* Text only. */
void pr_text(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The end of a document: JSON ends its value with a newline. */
void pr_end(struct out *o);

/* Audit timestamps: ISO 8601 UTC for JSON, local time for people. */
void fmt_time_iso(char *buf, size_t size, uint64_t sec, uint32_t msec);
void fmt_time_local(char *buf, size_t size, uint64_t sec, uint32_t msec);
