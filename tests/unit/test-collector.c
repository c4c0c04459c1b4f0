// SPDX-License-Identifier: LGPL-2.1-or-later
/* The collector's pure parts: the cursor's text both ways, Prometheus label
 * escaping, and --unique's windows. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "model/cursor.h"
#include "model/lost.h"
#include "model/metrics.h"
#include "os/output.h"
#include "model/unique.h"

/* What o holds, as a string of its own; o freed. */
static char *text_of(struct out *o)
{
	const char *d;
	size_t len;
	char *s;

	d = out_data(o, &len);
	s = strndup(d, len);
	out_free(o);
	return s;
}

static char *format(const struct cursor *c)
{
	struct out *o = out_new(-1, 4096, false, false);

	cursor_format(c, o);
	return text_of(o);
}

static void test_cursor_round_trip(void **state)
{
	struct cursor c, back;
	struct unique u;
	struct unique_key k = { .exe = "/usr/bin/a b\nc", .exe_len = 14, .arch = 0xc000003e, .nr = 110,
				.code = 0x7ffc0000, .first_ms = 5000, .last_ms = 6000, .repeats = 41,
				.workload = "docker:web 1", .wl_len = 12 };
	char err[128], *text;

	memset(&c, 0, sizeof(c));
	c.pos.kind = SOURCE_FILE;
	snprintf(c.pos.boot, sizeof(c.pos.boot), "0123456789abcdef0123456789abcdef");
	c.pos.has_last = true;
	c.pos.sec = 1795467222;
	c.pos.msec = 685;
	c.pos.serial = 1879;
	snprintf(c.pos.path, sizeof(c.pos.path), "/var/log/audit/audit log\n.1");
	c.pos.dev = 65024;
	c.pos.ino = 10961163;
	c.pos.off = 426;
	snprintf(c.pos.cursor, sizeof(c.pos.cursor), "s=abc;i=5;b=aa");
	c.pos.has_seq = true;
	c.pos.seq = 99;
	c.out_dev = 1;
	c.out_ino = 2;
	c.out_len = 3;
	assert_int_equal(unique_init(&u, 60000), 0);
	assert_int_equal(unique_restore(&u, &k), 0);
	c.unique = &u;
	text = format(&c);
	assert_int_equal(cursor_parse(text, strlen(text), &back, err, sizeof(err)), 0);
	assert_int_equal(back.pos.kind, SOURCE_FILE);
	assert_string_equal(back.pos.boot, c.pos.boot);
	assert_true(back.pos.has_last && back.pos.serial == 1879 && back.pos.msec == 685 && back.pos.sec == 1795467222);
	assert_string_equal(back.pos.path, c.pos.path);
	assert_true(back.pos.dev == 65024 && back.pos.ino == 10961163 && back.pos.off == 426);
	assert_string_equal(back.pos.cursor, c.pos.cursor);
	assert_true(back.pos.has_seq && back.pos.seq == 99);
	assert_true(back.out_dev == 1 && back.out_ino == 2 && back.out_len == 3);
	assert_int_equal(back.nkeys, 1);
	assert_int_equal(back.keys[0].exe_len, 14);
	assert_memory_equal(back.keys[0].exe, k.exe, 14);
	assert_int_equal(back.keys[0].wl_len, 12);
	assert_string_equal(back.keys[0].workload, "docker:web 1");
	assert_true(back.keys[0].repeats == 41 && back.keys[0].first_ms == 5000 && back.keys[0].nr == 110 &&
		    back.keys[0].arch == 0xc000003e && back.keys[0].code == 0x7ffc0000);
	cursor_free(&back);
	free(text);
	unique_free(&u);
}

/* A cursor written before keys had a workload: read, with none. */
static void test_cursor_unique_without_workload(void **state)
{
	static const char old[] = "# seccompctl tail cursor 1\nkind netlink\nboot -\noutput 1 2 0\n"
				  "unique 1000 2000 3 c000003e 110 7ffc0000 2f61\n";
	struct cursor c;
	char err[128];

	(void)state;
	assert_int_equal(cursor_parse(old, strlen(old), &c, err, sizeof(err)), 0);
	assert_int_equal(c.nkeys, 1);
	assert_int_equal(c.keys[0].exe_len, 2);
	assert_string_equal(c.keys[0].exe, "/a");
	assert_int_equal(c.keys[0].wl_len, 0);
	assert_string_equal(c.keys[0].workload, "");
	cursor_free(&c);
}

/* Positions without a record read yet, and the older spelling of kmsg. */
static void test_cursor_start_positions(void **state)
{
	static const char from[] = "# seccompctl tail cursor 1\nkind journal\nboot -\njournal-from 733d61\noutput 1 2 0\n";
	static const char old_kmsg[] = "# seccompctl tail cursor 1\nkind kernel\nboot -\nkmsg 41\noutput 1 2 0\n";
	struct cursor c;
	char err[128], *text;

	assert_int_equal(cursor_parse(from, strlen(from), &c, err, sizeof(err)), 0);
	assert_string_equal(c.pos.cursor, "s=a");
	assert_true(c.pos.cursor_from);
	text = format(&c);
	assert_non_null(strstr(text, "\njournal-from 733d61\n"));
	free(text);
	cursor_free(&c);
	/* "kmsg N" named the last message read: the next to read is N + 1 */
	assert_int_equal(cursor_parse(old_kmsg, strlen(old_kmsg), &c, err, sizeof(err)), 0);
	assert_true(c.pos.has_seq && c.pos.seq == 42 && !c.pos.cursor_from);
	text = format(&c);
	assert_non_null(strstr(text, "\nkmsg-next 42\n"));
	free(text);
	cursor_free(&c);
}

static void test_cursor_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"not a cursor\n",
		"# seccompctl tail cursor 1\nkind file\n",				/* no output line */
		"# seccompctl tail cursor 1\nkind floppy\noutput 1 2 3\n",
		"# seccompctl tail cursor 1\nkind file\nboot xyz\noutput 1 2 3\n",
		"# seccompctl tail cursor 1\nkind file\nfile 4g 1 2 3\noutput 1 2 3\n",
		"# seccompctl tail cursor 1\nkind file\nwhat 1\noutput 1 2 3\n",
	};
	struct cursor c;
	char err[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(cursor_parse(bad[i], strlen(bad[i]), &c, err, sizeof(err)), -EINVAL);
		assert_true(err[0] != '\0');
	}
}

static struct event *ev(const char *exe, uint32_t code);

static char *metrics_text(struct metrics *m)
{
	struct out *o = out_new(-1, 4096, false, false);

	m->written_ms = 1000;
	metrics_format(m, o);
	return text_of(o);
}

/* The counters go into the cursor and come back whole: the metrics after a
 * restart are the metrics before it, label for label (hostile bytes too). */
static void test_cursor_keeps_metrics(void **state)
{
	struct event *a = ev("/usr/bin/a\n\"b\xff", 0x7ffc0000), *k = ev("/k", 0x80000000);
	struct metrics m, back;
	struct cursor c, read;
	char err[128], *text, *before, *after;
	int i;

	(void)state;
	/* as the event path names them; the restore names them from the numbers */
	a->arch_name = k->arch_name = "x86_64";
	a->syscall_name = k->syscall_name = "getppid";
	a->action = action_of(a->code);
	k->action = action_of(k->code);
	metrics_init(&m, NULL);
	for (i = 0; i < 5; i++)
		metrics_event(&m, a);
	metrics_event(&m, k);
	metrics_lost(&m, lost_cause("kernel_lost", 11), 17);
	metrics_lost(&m, lost_cause("kernel_lost", 11), 3);
	metrics_lost(&m, lost_cause("printk_ratelimit", 16), 0);
	m.change_ms = 1795467222685;
	before = metrics_text(&m);

	memset(&c, 0, sizeof(c));
	c.pos.kind = SOURCE_NETLINK;
	c.metrics = &m;
	text = format(&c);
	assert_int_equal(cursor_parse(text, strlen(text), &read, err, sizeof(err)), 0);
	assert_non_null(read.metrics_read);
	metrics_init(&back, NULL);
	metrics_take(&back, read.metrics_read);
	cursor_free(&read);
	after = metrics_text(&back);
	assert_string_equal(after, before);
	assert_non_null(strstr(after, "seccompctl_records_lost_total{cause=\"kernel_lost\"} 20\n"));
	assert_non_null(strstr(after, "seccompctl_losses_total{cause=\"kernel_lost\"} 2\n"));
	assert_non_null(strstr(after, "seccompctl_records_total{action=\"log\"} 5\n"));
	assert_non_null(strstr(after, "seccompctl_records_total{action=\"kill_process\"} 1\n"));
	/* counting goes on from there */
	metrics_event(&back, a);
	free(after);
	after = metrics_text(&back);
	assert_non_null(strstr(after, "seccompctl_records_total{action=\"log\"} 6\n"));

	/* a cursor whose metric line is not one is refused, with its line */
	static const char bad[] = "# seccompctl tail cursor 1\nkind netlink\noutput 1 2 0\nmetric series zz\n";
	assert_int_equal(cursor_parse(bad, strlen(bad), &read, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "line 4"));
	free(text);
	free(before);
	free(after);
	metrics_free(&m);
	metrics_free(&back);
	free(a);
	free(k);
}

static void test_prometheus_labels(void **state)
{
	struct out *o = out_new(-1, 4096, false, false);
	const char *d;
	size_t len;

	metrics_label(o, "a\"b\\c\nd\xff\x01\xc3\xa9", 11);
	d = out_data(o, &len);
	/* quote, backslash and newline escaped; a stray byte and a control
	 * character become U+FFFD; UTF-8 stays */
	assert_string_equal(d, "a\\\"b\\\\c\\nd\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9");
	out_free(o);
}

static struct event *ev(const char *exe, uint32_t code)
{
	struct event *e = calloc(1, sizeof(*e) + 64);

	e->has_arch = true;
	e->arch = 0xc000003e;
	e->syscall = 110;
	e->code = code;
	e->exe = (struct span){ 0, (uint32_t)strlen(exe) };
	memcpy(e->buf, exe, strlen(exe) + 1);
	e->comm = e->subj = e->proctitle = e->user = e->group = e->audit_user = e->raw = (struct span){ SPAN_NONE, 0 };
	return e;
}

static uint64_t told;
static size_t ntold;

static void tell(const struct unique_key *k, void *data)
{
	told += k->repeats;
	ntold++;
}

static void test_unique_windows(void **state)
{
	struct event *a = ev("/a", 0x7ffc0000), *b = ev("/b", 0x7ffc0000), *a2 = ev("/a", 0x00050001);
	struct unique u;
	int64_t t;
	int shown = 0;

	assert_int_equal(unique_init(&u, 10000), 0);
	told = ntold = 0;
	for (t = 0; t < 25000; t += 1000) {
		unique_expire(&u, t, tell, NULL);
		shown += unique_see(&u, a, t);
		shown += unique_see(&u, b, t);
		shown += unique_see(&u, a2, t);
	}
	unique_expire(&u, INT64_MAX, tell, NULL);
	/* 3 keys, windows at 0, 10 s, 20 s: 9 first events, the other 66 counted */
	assert_int_equal(shown, 9);
	assert_int_equal(told, 75 - 9);
	assert_int_equal(ntold, 9);
	assert_int_equal(u.keys.n, 0);
	unique_free(&u);
	free(a);
	free(b);
	free(a2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cursor_unique_without_workload),
		cmocka_unit_test(test_cursor_round_trip),
		cmocka_unit_test(test_cursor_start_positions),
		cmocka_unit_test(test_cursor_refused),
		cmocka_unit_test(test_cursor_keeps_metrics),
		cmocka_unit_test(test_prometheus_labels),
		cmocka_unit_test(test_unique_windows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
