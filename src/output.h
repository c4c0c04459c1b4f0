/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One place for output. Text goes through text_escape_*, so bytes from records
 * never reach a terminal raw. JSON goes through the jw_* writer, which yields a
 * valid document for any byte string.
 */
void out_setup(bool json, bool pretty);
bool out_json(void);
/* Where the JSON writer goes (tests); stdout by default. */
void out_set_stream(FILE *f);
/* True once a JSON document has been started on stdout. */
bool out_document_started(void);

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when it is not one. */
size_t utf8_seq_len(const unsigned char *p, size_t left);

/* Write bytes for a terminal: control bytes, C1 controls, bidi overrides and
 * invalid UTF-8 become \xNN or \u{NNNN}, a backslash becomes \\. */
void text_escape_to(FILE *f, const char *s, size_t len);
/* Same, into buf (always NUL-terminated); returns buf. */
char *text_escape(char *buf, size_t size, const char *s, size_t len);

/* Write s as a JSON string literal, quotes included. */
void json_escape_to(FILE *f, const char *s, size_t len);

/* Streaming JSON writer on stdout. key is NULL inside arrays and at top level. */
void jw_close_obj(void);
void jw_close_arr(void);

/* The _k forms take the key's length; the wrappers below let the compiler
 * count a literal key, which matters at a million events a second. */
void jw_open_obj_k(const char *key, size_t klen);
void jw_open_arr_k(const char *key, size_t klen);
void jw_str_k(const char *key, size_t klen, const char *s);	/* NULL writes null */
void jw_strn_k(const char *key, size_t klen, const char *s, size_t len);
void jw_int_k(const char *key, size_t klen, long long v);
void jw_uint_k(const char *key, size_t klen, unsigned long long v);
void jw_bool_k(const char *key, size_t klen, bool v);
void jw_null_k(const char *key, size_t klen);
/* A string this program made (a time, a hex number, a name from its own or
 * libaudit's tables): printable ASCII without quote or backslash, not
 * scanned. Anything from a record must go through jw_str/jw_strn. */
void jw_own_str_k(const char *key, size_t klen, const char *s);

#define JW_KLEN(key) ((key) ? __builtin_strlen(key) : 0)
static inline void jw_open_obj(const char *key) { jw_open_obj_k(key, JW_KLEN(key)); }
static inline void jw_open_arr(const char *key) { jw_open_arr_k(key, JW_KLEN(key)); }
static inline void jw_str(const char *key, const char *s) { jw_str_k(key, JW_KLEN(key), s); }
static inline void jw_strn(const char *key, const char *s, size_t len) { jw_strn_k(key, JW_KLEN(key), s, len); }
static inline void jw_int(const char *key, long long v) { jw_int_k(key, JW_KLEN(key), v); }
static inline void jw_uint(const char *key, unsigned long long v) { jw_uint_k(key, JW_KLEN(key), v); }
static inline void jw_bool(const char *key, bool v) { jw_bool_k(key, JW_KLEN(key), v); }
static inline void jw_null(const char *key) { jw_null_k(key, JW_KLEN(key)); }
static inline void jw_own_str(const char *key, const char *s) { jw_own_str_k(key, JW_KLEN(key), s); }
/* Ends the top-level value with a newline and flushes. */
void jw_finish(void);

/* Audit timestamps: ISO 8601 UTC for JSON, local time for people. */
void fmt_time_iso(char *buf, size_t size, uint64_t sec, uint32_t msec);
void fmt_time_local(char *buf, size_t size, uint64_t sec, uint32_t msec);
/* "0x" and lower-case hex digits. */
char *fmt_hex(char *buf, size_t size, uint64_t v);
/* Ends one JSON value of a stream (one object a line); no flush. */
void jw_finish_line(void);
