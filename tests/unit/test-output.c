// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "output.h"

static char *json_of(const char *s, size_t len)
{
	static char *buf;
	size_t size;
	FILE *f;

	free(buf);
	f = open_memstream(&buf, &size);
	json_escape_to(f, s, len);
	fclose(f);
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
	static char *buf;
	size_t size;
	FILE *f;

	free(buf);
	f = open_memstream(&buf, &size);
	out_set_stream(f);
	out_setup(true, pretty);
	jw_open_obj(NULL);
	jw_str("s", "v");
	jw_open_arr("a");
	jw_int(NULL, -1);
	jw_uint(NULL, 18446744073709551615ULL);
	jw_close_arr();
	jw_open_arr("empty");
	jw_close_arr();
	jw_bool("t", true);
	jw_null("n");
	jw_str("null_str", NULL);
	jw_close_obj();
	jw_finish();
	fclose(f);
	out_set_stream(NULL);
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
	assert_true(out_document_started());
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
		cmocka_unit_test(test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
