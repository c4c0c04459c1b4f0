// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "os/output.h"

/* A string through the writer, and through the copy tail's events use:
 * both must give the same text. */
static char *json_of(const char *s, size_t len)
{
	static char buf[65536];
	struct out *o = out_new(-1, 4096, true, false);
	char mem[65536], *end;

	assert_non_null(o);
	jw_strn(o, NULL, s, len);
	snprintf(buf, sizeof(buf), "%s", out_data(o, NULL));
	out_free(o);
	assert_true(JSON_ESCAPED_MAX(len) < sizeof(mem));
	end = jp_str(mem, s, len);
	*end = '\0';
	assert_string_equal(mem, buf);
	return buf;
}

static void test_json_escape(void **state)
{
	assert_string_equal(json_of("plain", 5), "\"plain\"");
	assert_string_equal(json_of("a\"b\\c", 5), "\"a\\\"b\\\\c\"");
	assert_string_equal(json_of("\n\t\x1b\x7f", 4), "\"\\n\\t\\u001b\\u007f\"");
	assert_string_equal(json_of("a\0b", 3), "\"a\\u0000b\"");
	/* valid UTF-8 passes, invalid bytes cannot be carried */
	assert_string_equal(json_of("caf\xc3\xa9", 5), "\"caf\xc3\xa9\"");
	assert_string_equal(json_of("\xff\xc3", 2), "\"\\ufffd\\ufffd\"");
	assert_string_equal(json_of("\xc0\xaf", 2), "\"\\ufffd\\ufffd\"");	/* overlong '/' */
	assert_string_equal(json_of("\xed\xa0\x80", 3), "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	/* C1 CSI and a right-to-left override: the same characters, escaped */
	assert_string_equal(json_of("\xc2\x9b\xe2\x80\xae", 5), "\"\\u009b\\u202e\"");
}

/* Every byte value, alone and in pairs, gives a string a JSON parser accepts:
 * no raw byte below 0x20, no invalid UTF-8. */
static void test_json_any_byte(void **state)
{
	unsigned char in[2];
	const unsigned char *p;
	int a, b;

	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b++) {
			in[0] = (unsigned char)a;
			in[1] = (unsigned char)b;
			p = (const unsigned char *)json_of((const char *)in, 2);
			for (; *p; p++) {
				assert_true(*p >= 0x20);
				if (*p >= 0x80) {
					size_t n = utf8_seq_len(p, strlen((const char *)p));

					assert_true(n > 1);
					p += n - 1;
				}
			}
		}
}

/* Long strings take the word-at-a-time path: every byte value at every
 * position of a 19-byte string must come out escaped the same way as alone. */
static void test_json_long_strings(void **state)
{
	char in[19], want[64], got[256], *lone;
	int b, k;

	for (b = 0; b < 256; b++) {
		lone = json_of((const char *)&(unsigned char){ (unsigned char)b }, 1);
		snprintf(want, sizeof(want), "%.*s", (int)strlen(lone) - 2, lone + 1);
		for (k = 0; k < 19; k++) {
			char expect[256];

			memset(in, 'a', sizeof(in));
			in[k] = (char)b;
			snprintf(expect, sizeof(expect), "\"%.*s%s%.*s\"", k, "aaaaaaaaaaaaaaaaaaa", want,
				 18 - k, "aaaaaaaaaaaaaaaaaaa");
			snprintf(got, sizeof(got), "%s", json_of(in, sizeof(in)));
			assert_string_equal(got, expect);
		}
	}
}

static void test_text_escape(void **state)
{
	char buf[128];

	assert_string_equal(text_escape(buf, sizeof(buf), "evil\x1b[31msh", 11), "evil\\x1b[31msh");
	assert_string_equal(text_escape(buf, sizeof(buf), "a\\b", 3), "a\\\\b");
	assert_string_equal(text_escape(buf, sizeof(buf), "caf\xc3\xa9", 5), "caf\xc3\xa9");
	/* C1 CSI, a right-to-left override, a lone byte, NUL, DEL */
	assert_string_equal(text_escape(buf, sizeof(buf), "\xc2\x9b", 2), "\\u{009b}");
	assert_string_equal(text_escape(buf, sizeof(buf), "\xe2\x80\xae", 3), "\\u{202e}");
	assert_string_equal(text_escape(buf, sizeof(buf), "\xff", 1), "\\xff");
	assert_string_equal(text_escape(buf, sizeof(buf), "a\0b\x7f", 4), "a\\x00b\\x7f");
	/* truncation keeps the buffer terminated */
	assert_string_equal(text_escape(buf, 4, "\x1b\x1b", 2), "\\x1");
}

static char *doc(bool pretty)
{
	static char buf[4096];
	struct out *o = out_new(-1, 4096, true, pretty);

	assert_non_null(o);
	assert_false(o->started);
	jw_open_obj(o, NULL);
	jw_str(o, "s", "v");
	jw_open_arr(o, "a");
	jw_int(o, NULL, -1);
	jw_uint(o, NULL, 18446744073709551615ULL);
	jw_close_arr(o);
	jw_open_arr(o, "empty");
	jw_close_arr(o);
	jw_bool(o, "t", true);
	jw_null(o, "n");
	jw_str(o, "null_str", NULL);
	jw_close_obj(o);
	jw_end(o);
	assert_true(o->started);
	snprintf(buf, sizeof(buf), "%s", out_data(o, NULL));
	out_free(o);
	return buf;
}

static void test_writer(void **state)
{
	assert_string_equal(doc(false),
			    "{\"s\":\"v\",\"a\":[-1,18446744073709551615],\"empty\":[],\"t\":true,"
			    "\"n\":null,\"null_str\":null}\n");
	assert_string_equal(doc(true),
			    "{\n  \"s\": \"v\",\n  \"a\": [\n    -1,\n    18446744073709551615\n  ],\n"
			    "  \"empty\": [],\n  \"t\": true,\n  \"n\": null,\n  \"null_str\": null\n}\n");
}

/* One call per field gives the text and the JSON. */
static void fields(struct out *o)
{
	pr_obj_open(o, NULL);
	pr_str(o, PR_ANY, "name", "name=%s", "x");
	pr_uint(o, PR_ANY, "n", " n=%llu", 18446744073709551615ULL);
	pr_int(o, PR_ANY, "i", " i=%lld", -5);
	pr_bool(o, PR_ANY, "b", " b=%s", true);
	pr_tri(o, PR_ANY, "t", " t=%s", -1);
	pr_null(o, PR_ANY, "z", " z=none");
	pr_bytes(o, PR_ANY, "raw", " raw=<%s>", "a\x1b[31m\xff", 7);
	pr_str(o, PR_JSON, "json_only", " never", "j");
	pr_text(o, " text_only\n");
	pr_obj_close(o);
	pr_end(o);
}

static void test_one_call_per_field(void **state)
{
	struct out *t = out_new(-1, 4096, false, false), *j = out_new(-1, 4096, true, false);

	fields(t);
	fields(j);
	assert_string_equal(out_data(t, NULL),
			    "name=x n=18446744073709551615 i=-5 b=yes t=cannot tell z=none raw=<a\\x1b[31m\\xff> text_only\n");
	assert_string_equal(out_data(j, NULL),
			    "{\"name\":\"x\",\"n\":18446744073709551615,\"i\":-5,\"b\":true,\"t\":null,"
			    "\"z\":null,\"raw\":\"a\\u001b[31m\\ufffd\",\"json_only\":\"j\"}\n");
	out_free(t);
	out_free(j);
}

/* A full disk is an error at the flush, and later output goes nowhere. */
static void test_write_error(void **state)
{
	int fd = open("/dev/full", O_WRONLY);
	struct out *o;

	assert_true(fd >= 0);
	o = out_new(fd, 4096, false, false);
	out_puts(o, "hello\n");
	assert_int_equal(out_flush(o), -ENOSPC);
	out_puts(o, "more\n");
	assert_int_equal(out_flush(o), -ENOSPC);
	assert_int_equal(o->len, 0);
	out_free(o);
	close(fd);
}

/* A pipe whose reader went away: a follower ends instead of waiting. */
static void test_peer_gone(void **state)
{
	int p[2];
	struct out *o;

	assert_int_equal(pipe(p), 0);
	o = out_new(p[1], 4096, false, false);
	assert_false(out_peer_gone(o));
	close(p[0]);
	assert_true(out_peer_gone(o));
	out_free(o);
	close(p[1]);
}

static void test_time(void **state)
{
	char buf[64];

	fmt_time_iso(buf, sizeof(buf), 1795466545ULL, 7);
	assert_string_equal(buf, "2026-11-23T20:42:25.007Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_any_byte),
		cmocka_unit_test(test_json_long_strings),
		cmocka_unit_test(test_text_escape),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_one_call_per_field),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_peer_gone),
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
