// SPDX-License-Identifier: LGPL-2.1-or-later
/* JSON lines read back: seccompctl's own -o json and -o ecs, the journal's -o json, losses. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "model/event.h"
#include "model/jsonform.h"
#include "os/jsonlines.h"
#include "os/output.h"
#include "tail-print.h"

static char arena[1 << 17], text[1 << 15];
static struct json_flat flat;
static struct event *built;

static void keep(struct event *e, void *data)
{
	free(built);
	built = event_dup(e);
}

/* One line's JSON read as a log line would be: the records it makes fed to
 * an assembler; the event printed again in fmt. */
static char *reprint(const char *line, enum tail_format fmt)
{
	static char out_line[8192];
	struct audit_record pt;
	struct line_info li;
	struct assembler a;
	bool has_pt;
	struct out *o;

	assert_int_equal(jsonline_flatten(line, strlen(line), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_RECORD);
	assert_int_equal(assembler_init(&a, SOURCE_FILE, keep, NULL), 0);
	assembler_feed(&a, &li.rec, NULL, 0);
	if (has_pt)
		assembler_feed(&a, &pt, NULL, 0);
	assembler_flush(&a);
	assembler_free(&a);
	assert_non_null(built);
	o = out_new(-1, 4096, true, false);
	tail_print(o, built, fmt);
	snprintf(out_line, sizeof(out_line), "%s", out_data(o, NULL));
	out_free(o);
	free(built);
	built = NULL;
	return out_line;
}

/* An event printed from real record lines. */
static char *printed(enum tail_format fmt)
{
	static char line[8192];
	static const char *const lines[] = {
		"node=web-1 type=SECCOMP msg=audit(1795467220.629:1870): auid=1001 uid=1002 gid=1003 ses=44 "
		"subj=unconfined pid=4321 comm=6576696C1B5B33316D207122 exe=\"/usr/bin/tr\" sig=0 arch=40000003 "
		"syscall=64 compat=1 ip=0xf7f1c549 code=0x50001",
		"node=web-1 type=PROCTITLE msg=audit(1795467220.629:1870): proctitle=2F62696E2F7472002D64",
	};
	struct audit_record r;
	struct assembler a;
	struct out *o;
	size_t i;

	assert_int_equal(assembler_init(&a, SOURCE_FILE, keep, NULL), 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(record_parse_line(lines[i], strlen(lines[i]), &r), 0);
		assembler_feed(&a, &r, NULL, 0);
	}
	assembler_flush(&a);
	assembler_free(&a);
	o = out_new(-1, 4096, true, false);
	tail_print(o, built, fmt);
	snprintf(line, sizeof(line), "%s", out_data(o, NULL));
	out_free(o);
	free(built);
	built = NULL;
	return line;
}

/* -o json read back is the same event: every key, the command line, the host, errno's data */
static void test_own_json(void **state)
{
	char first[8192];

	snprintf(first, sizeof(first), "%s", printed(TAIL_JSON));
	assert_non_null(strstr(first, "\"errno\":\"EPERM\""));
	assert_non_null(strstr(first, "\"host\":\"web-1\""));
	assert_non_null(strstr(first, "\"proctitle\":\"/bin/tr\\u0000-d\""));
	assert_string_equal(reprint(first, TAIL_JSON), first);
}

static void test_own_ecs(void **state)
{
	char first[8192];

	snprintf(first, sizeof(first), "%s", printed(TAIL_ECS));
	assert_string_equal(reprint(first, TAIL_ECS), first);
}

/* Lost events stay losses; what is not an event is not a record. */
static void test_lost_and_others(void **state)
{
	static const char lost[] = "{\"event\":\"lost\",\"time\":\"2026-11-23T20:53:40.629Z\",\"count\":5,"
				   "\"cause\":\"overrun\",\"message\":\"...\",\"source\":\"netlink\"}";
	static const char odd[] = "{\"event\":\"lost\",\"count\":2,\"cause\":\"no_such_cause\"}";
	static const char repeats[] = "{\"event\":\"repeats\",\"exe\":\"/a\",\"count\":3}";
	struct audit_record pt;
	struct line_info li;
	bool has_pt;

	assert_int_equal(jsonline_flatten(lost, strlen(lost), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_LOST);
	assert_string_equal(li.cause, "overrun");
	assert_int_equal(li.lost, 5);
	assert_int_equal(li.wall_ms, 1795467220629LL);
	assert_int_equal(jsonline_flatten(odd, strlen(odd), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_LOST);
	assert_string_equal(li.cause, "reported");
	assert_int_equal(jsonline_flatten(repeats, strlen(repeats), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_OTHER);
	assert_true(li.audit_like);
	assert_int_equal(jsonline_flatten("{\"a\":", 5, &flat, arena, sizeof(arena)), -EINVAL);
	assert_int_equal(jsonline_flatten("[1,2]", 5, &flat, arena, sizeof(arena)), -EINVAL);
}

/* journalctl -o json: the journal's fields, a binary MESSAGE as its bytes */
static void test_journal_json(void **state)
{
	static const char audit[] =
		"{\"__CURSOR\":\"s=1\",\"__REALTIME_TIMESTAMP\":\"1700000000200000\",\"_TRANSPORT\":\"audit\","
		"\"_AUDIT_TYPE\":\"1326\",\"_AUDIT_ID\":\"77\",\"_SOURCE_REALTIME_TIMESTAMP\":\"1700000000123000\","
		"\"_HOSTNAME\":\"h1\",\"MESSAGE\":\"SECCOMP auid=0 uid=0 gid=0 ses=1 pid=9 comm=\\\"a\\\" exe=\\\"/a\\\" "
		"sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000\"}";
	/* "audit: type=1326 audit(1.5:8): pid=1 syscall=2 code=0x0" as bytes */
	static const char kernel[] =
		"{\"_TRANSPORT\":\"kernel\",\"_HOSTNAME\":\"h2\",\"MESSAGE\":[97,117,100,105,116,58,32,116,121,112,"
		"101,61,49,51,50,54,32,97,117,100,105,116,40,49,46,53,58,56,41,58,32,112,105,100,61,49,32,115,121,"
		"115,99,97,108,108,61,50,32,99,111,100,101,61,48,120,48]}";
	struct audit_record pt;
	struct line_info li;
	bool has_pt;

	assert_int_equal(jsonline_flatten(audit, strlen(audit), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_RECORD);
	assert_int_equal(li.rec.type, 1326);
	assert_int_equal(li.rec.serial, 77);
	assert_int_equal(li.rec.sec, 1700000000);
	assert_int_equal(li.rec.msec, 123);
	assert_true(li.rec.host_len == 2 && memcmp(li.rec.host, "h1", 2) == 0);
	assert_true(strncmp(li.rec.fields, "auid=0 uid=0", 12) == 0);
	assert_int_equal(jsonline_flatten(kernel, strlen(kernel), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_RECORD);
	assert_int_equal(li.rec.serial, 8);
	assert_true(li.rec.host_len == 2 && memcmp(li.rec.host, "h2", 2) == 0);
}

/* journald sets _TRANSPORT, not the sender: the kernel's words from another
 * transport, or from a process through /dev/kmsg (a facility other than
 * 0), are no record; an entry without _TRANSPORT, and seccompctl's own line
 * that said it could not be trusted, stay claims. */
static void test_journal_transport_and_trust(void **state)
{
	static const char *const refused[] = {
		"{\"_TRANSPORT\":\"syslog\",\"SYSLOG_IDENTIFIER\":\"kernel\",\"MESSAGE\":\"audit: type=1326 "
		"audit(1.5:8): pid=1 syscall=2 code=0x0\"}",
		"{\"_TRANSPORT\":\"kernel\",\"SYSLOG_FACILITY\":\"1\",\"MESSAGE\":\"audit: type=1326 "
		"audit(1.5:8): pid=1 syscall=2 code=0x0\"}",
		"{\"_TRANSPORT\":\"stdout\",\"MESSAGE\":\"kauditd_printk_skb: 424242 callbacks suppressed\"}",
		"{\"_TRANSPORT\":\"driver\",\"MESSAGE\":\"audit: type=1326 audit(1.5:8): pid=1 syscall=2 code=0x0\"}",
	};
	static const char kernel0[] = "{\"_TRANSPORT\":\"kernel\",\"SYSLOG_FACILITY\":\"0\",\"MESSAGE\":"
				      "\"audit: type=1326 audit(1.5:8): pid=1 syscall=2 code=0x0\"}";
	static const char bare[] = "{\"MESSAGE\":\"audit: type=1326 audit(1.5:8): pid=1 syscall=2 code=0x0\"}";
	static const char missed[] = "{\"_TRANSPORT\":\"driver\",\"MESSAGE\":\"Missed 7 kernel messages\"}";
	struct audit_record pt;
	struct line_info li;
	char own[8192], forged[8192], *at;
	bool has_pt;
	size_t i;

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		assert_int_equal(jsonline_flatten(refused[i], strlen(refused[i]), &flat, arena, sizeof(arena)), 0);
		assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_OTHER);
		if (!li.not_kernel)
			fail_msg("not told as a process's: %s", refused[i]);
	}
	assert_int_equal(jsonline_flatten(kernel0, strlen(kernel0), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_RECORD);
	assert_false(li.claimed);
	assert_int_equal(jsonline_flatten(missed, strlen(missed), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_LOST);
	assert_false(li.claimed);
	assert_int_equal(jsonline_flatten(bare, strlen(bare), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_RECORD);
	assert_true(li.claimed);
	/* seccompctl's own lines keep their word, both ways */
	snprintf(own, sizeof(own), "%s", printed(TAIL_JSON));
	assert_int_equal(jsonline_flatten(own, strlen(own), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_RECORD);
	assert_false(li.claimed);
	at = strstr(own, "\"trusted\":true");
	assert_non_null(at);
	snprintf(forged, sizeof(forged), "%.*s\"trusted\":false%s", (int)(at - own), own, at + 14);
	assert_int_equal(jsonline_flatten(forged, strlen(forged), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_RECORD);
	assert_true(li.claimed);
}

/* An integer that does not fit 64 bits is left out, never clamped: json-c
 * would make 2^64+1 INT64_MAX and a pid of 1e39 INT64_MAX. */
static void test_out_of_range(void **state)
{
	static const char line[] = "{\"serial\":5,\"time\":\"2026-11-23T20:53:40.629Z\",\"pid\":7,"
				   "\"uid\":99999999999999999999,\"gid\":-9223372036854775809,\"comm\":\"a 18446744073709551616\","
				   "\"exe\":\"/a\",\"arch\":\"x86_64\",\"syscall_nr\":110,\"code\":\"0x7ffc0000\"}";
	static const char past[] = "{\"serial\":5,\"pid\":1e39,\"syscall_nr\":18446744073709551617,\"code\":\"0x0\"}";
	struct audit_record pt;
	struct seccomp_rec s;
	struct line_info li;
	size_t n;
	bool has_pt;

	assert_int_equal(jsonline_flatten(line, strlen(line), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(flat.out_of_range, 2);	/* the one in a string is text */
	assert_null(json_flat_get(&flat, "uid", &n));
	assert_null(json_flat_get(&flat, "gid", &n));
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_RECORD);
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_int_equal(s.pid, 7);
	assert_int_equal(s.uid, 4294967295LL);	/* unset, as the kernel writes an absent id */
	assert_int_equal(jsonline_flatten(past, strlen(past), &flat, arena, sizeof(arena)), 0);
	assert_int_equal(flat.out_of_range, 1);
	assert_int_equal(jsonform_line(&flat, 0, text, sizeof(text), &li, &pt, &has_pt), LINE_OTHER);
	assert_true(li.audit_like);	/* counted as skipped, not a record of a clamped call */
	/* the edges: what fits is kept */
	assert_int_equal(json_text_overflow("[18446744073709551615,-9223372036854775808,1e999]", 49, &n), -1);
	assert_int_equal(json_text_overflow("[00018446744073709551615]", 25, &n), -1);
	assert_int_equal(json_text_overflow("{\"a\\\"1\":-9223372036854775809}", 29, &n), 8);
	assert_int_equal(n, 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_own_json),
		cmocka_unit_test(test_own_ecs),
		cmocka_unit_test(test_lost_and_others),
		cmocka_unit_test(test_journal_json),
		cmocka_unit_test(test_journal_transport_and_trust),
		cmocka_unit_test(test_out_of_range),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
