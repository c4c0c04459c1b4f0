// SPDX-License-Identifier: LGPL-2.1-or-later
/* audit.log lines, SECCOMP records, events, filters and times, from recorded data. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "model/event.h"
#include "model/filter.h"
#include "model/names.h"
#include "model/summary.h"
#include "model/timeparse.h"

static struct event *got[16];
static size_t ngot;

static void collect(struct event *e, void *data)
{
	if (ngot < 16)
		got[ngot++] = event_dup(e);
}

static void forget(void)
{
	while (ngot)
		free(got[--ngot]);
}

static const char *str(const struct event *e, struct span s)
{
	return span_has(s) ? event_str(e, s) : NULL;
}

/* Feed an audit.log fixture line by line. */
static size_t feed_file(const char *name, struct assembler *a, size_t *bad)
{
	char path[512], line[20000];
	struct audit_record r;
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", DATADIR, name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		size_t len = strcspn(line, "\n");

		n++;
		if (record_parse_line(line, len, &r) < 0) {
			(*bad)++;
			continue;
		}
		assembler_feed(a, &r, line, len);
	}
	fclose(f);
	assembler_flush(a);
	return n;
}

static void test_line(void **state)
{
	struct audit_record r;
	const char *l = "type=SECCOMP msg=audit(1795467220.629:1870): pid=1 arch=c000003e syscall=110 code=0x0"
			"\x1d" "AUID=\"unset\"";

	assert_int_equal(record_parse_line(l, strlen(l), &r), 0);
	assert_int_equal(r.type, 1326);
	assert_int_equal(r.serial, 1870);
	assert_int_equal(r.fields_len, strlen("pid=1 arch=c000003e syscall=110 code=0x0"));
	l = "node=web1 type=UNKNOWN[1326] msg=audit(1.002:3): pid=1\r\n";
	assert_int_equal(record_parse_line(l, strlen(l), &r), 0);
	assert_int_equal(r.type, 1326);
	assert_int_equal(r.fields_len, 5);
	assert_int_equal(record_parse_line("type=NOPE msg=audit(1.2:3): x", 29, &r), -EINVAL);
	assert_int_equal(record_parse_line("garbage", 7, &r), -EINVAL);
	assert_int_equal(record_parse_line("type=SECCOMP", 12, &r), -EINVAL);
	assert_int_equal(record_parse_line("type=SECCOMP msg=", 17, &r), -EINVAL);
	assert_int_equal(record_parse_line("", 0, &r), -EINVAL);
}

static void test_seccomp_fields(void **state)
{
	const char *p = "audit(1.2:3): auid=1000 uid=1000 gid=100 ses=4 subj==unconfined (enforce) pid=42 "
			"comm=6576696C1B5B33316D207122 exe=\"/bin/x\" sig=31 arch=40000003 syscall=64 compat=1 "
			"ip=0xf7f1c549 code=0x80000000";
	struct audit_record r;
	struct seccomp_rec s;

	assert_int_equal(record_parse_payload(1326, p, strlen(p), &r), 0);
	assert_int_equal(record_seccomp(&r, &s), 0);
	assert_int_equal(s.auid, 1000);
	assert_int_equal(s.ses, 4);
	assert_int_equal(s.pid, 42);
	{
		char comm[64], exe[64];

		assert_int_equal(field_decode(&s.comm, comm, sizeof(comm)), 12);
		assert_memory_equal(comm, "evil\x1b[31m q\"", 12);
		field_decode(&s.exe, exe, sizeof(exe));
		assert_string_equal(exe, "/bin/x");
	}
	assert_int_equal(s.sig, 31);
	assert_int_equal(s.arch, 0x40000003);
	assert_int_equal(s.syscall, 64);
	assert_int_equal(s.compat, 1);
	assert_int_equal(s.ip, 0xf7f1c549);
	assert_int_equal(s.code, 0x80000000U);
	assert_int_equal(s.subj.vlen, strlen("=unconfined (enforce)"));
	/* i386's 64 is getppid, x86_64's 64 is semget */
	assert_string_equal(syscall_name(arch_of(0x40000003, 64), 64), "getppid");
	assert_string_equal(syscall_name(arch_of(0xc000003e, 110), 110), "getppid");
	assert_string_equal(arch_of(0x40000003, 64)->name, "i386");

	p = "audit(1.2:3): pid=42 arch=c000003e syscall=110";	/* no code */
	assert_int_equal(record_parse_payload(1326, p, strlen(p), &r), 0);
	assert_int_equal(record_seccomp(&r, &s), -EINVAL);
	/* older kernels write no arch: kept, with has_arch false */
	p = "audit(1.2:3): pid=42 syscall=110 code=0x0";
	assert_int_equal(record_parse_payload(1326, p, strlen(p), &r), 0);
	assert_int_equal(record_seccomp(&r, &s), 0);
	assert_false(s.has_arch);
	p = "audit(1.2:3): pid=42 arch=c000003e syscall=x110 code=0x0";
	assert_int_equal(record_parse_payload(1326, p, strlen(p), &r), 0);
	assert_int_equal(record_seccomp(&r, &s), -EINVAL);
}

static void test_actions_named(void **state)
{
	static const char *const want[] = { "log", "errno", "trap", "trace", "kill_thread", "kill_process" };
	struct fixture_line *L = calloc(16, sizeof(*L));
	struct assembler a;
	char buf[32];
	size_t n, i;

	assert_int_equal(assembler_init(&a, SOURCE_NETLINK, collect, NULL), 0);
	a.keep_raw = true;
	n = fixture_load("netlink-seccomp-actions.txt", L, 16);
	assert_int_equal(n, 6);
	for (i = 0; i < n; i++) {
		struct audit_record r;

		assert_int_equal(record_parse_payload(L[i].type, L[i].payload, L[i].len, &r), 0);
		assembler_feed(&a, &r, NULL, 0);
	}
	assembler_flush(&a);
	assert_int_equal(ngot, 6);
	for (i = 0; i < 6; i++)
		assert_string_equal(action_text(got[i]->code, buf, sizeof(buf)), want[i]);
	assert_int_equal(got[4]->sig, 31);
	assert_string_equal(signal_name(got[4]->sig, buf, sizeof(buf)), "SIGSYS");
	/* netlink records get the audit.log form for -o raw */
	assert_true(strncmp(str(got[0], got[0]->raw), "type=SECCOMP msg=audit(1795467167.301:1785): auid=", 50) == 0);
	assert_string_equal(action_text(0x12340000, buf, sizeof(buf)), "unknown(0x12340000)");
	assembler_free(&a);
	forget();
	free(L);
}

static void test_enriched_log(void **state)
{
	struct assembler a;
	size_t bad = 0;

	assert_int_equal(assembler_init(&a, SOURCE_FILE, collect, NULL), 0);
	a.keep_raw = true;
	assert_int_equal(feed_file("auditd-enriched.log", &a, &bad), 12);
	assert_int_equal(bad, 0);
	assert_int_equal(ngot, 3);
	assert_string_equal(str(got[0], got[0]->exe), "/tmp/dir with space/trig ger");
	assert_memory_equal(str(got[0], got[0]->comm), "evil\x1b[31m q\"", 12);
	/* auditd's interpretation is not part of the record */
	assert_null(memchr(str(got[0], got[0]->raw), 0x1d, got[0]->raw.len));
	assert_int_equal(got[1]->code, 0x80000000U);
	assembler_free(&a);
	forget();
}

static void test_proctitle_joins(void **state)
{
	const char *lines[] = {
		"type=SECCOMP msg=audit(1.000:7): pid=9 comm=\"a\" exe=\"/a\" sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000",
		"type=SYSCALL msg=audit(1.000:7): arch=c000003e syscall=110 success=yes exit=1 pid=9",
		"type=PROCTITLE msg=audit(1.000:7): proctitle=2F612D78002D2D666C616700",
		"type=SECCOMP msg=audit(1.000:8): pid=9 comm=\"a\" exe=\"/a\" sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000",
	};
	struct audit_record r;
	struct assembler a;
	size_t i;

	assert_int_equal(assembler_init(&a, SOURCE_FILE, collect, NULL), 0);
	a.keep_raw = true;
	for (i = 0; i < 4; i++) {
		assert_int_equal(record_parse_line(lines[i], strlen(lines[i]), &r), 0);
		assembler_feed(&a, &r, lines[i], strlen(lines[i]));
	}
	assert_int_equal(ngot, 1);	/* the second waits for its serial to end */
	assembler_flush(&a);
	assert_int_equal(ngot, 2);
	assert_true(span_has(got[0]->proctitle));
	assert_int_equal(got[0]->proctitle.len, 11);
	assert_memory_equal(str(got[0], got[0]->proctitle), "/a-x\0--flag", 11);
	assert_false(span_has(got[1]->proctitle));
	/* the raw text holds the three records, one a line */
	assert_int_equal(strchr(str(got[0], got[0]->raw), '\n') - str(got[0], got[0]->raw), (long)strlen(lines[0]));
	assert_int_equal(got[0]->raw.len, strlen(lines[0]) + strlen(lines[1]) + strlen(lines[2]) + 2);
	assembler_free(&a);
	forget();
}

static void test_filter(void **state)
{
	struct event_filter f;
	struct assembler a;
	size_t bad = 0;
	char badname[32];

	assert_int_equal(assembler_init(&a, SOURCE_FILE, collect, NULL), 0);
	feed_file("auditd-raw.log", &a, &bad);
	assert_int_equal(ngot, 3);

	memset(&f, 0, sizeof(f));
	assert_true(filter_match(&f, got[0]));
	assert_int_equal(filter_actions(&f, "kill_process,errno", badname, sizeof(badname)), 0);
	assert_false(filter_match(&f, got[0]));
	assert_true(filter_match(&f, got[1]) && filter_match(&f, got[2]));
	assert_int_equal(filter_actions(&f, "log,kil", badname, sizeof(badname)), -EINVAL);
	assert_string_equal(badname, "kil");
	/* kill: both kill actions (got[1] is kill_process), and ausearch's either */
	memset(&f, 0, sizeof(f));
	assert_int_equal(filter_actions(&f, "kill", badname, sizeof(badname)), 0);
	assert_true(filter_match(&f, got[1]) && !filter_match(&f, got[0]) && !filter_match(&f, got[2]));

	memset(&f, 0, sizeof(f));
	f.exe = "/tmp/dir with space/*";
	assert_true(filter_match(&f, got[0]) && !filter_match(&f, got[1]));
	memset(&f, 0, sizeof(f));
	f.comm = "seccomp-*";
	assert_true(!filter_match(&f, got[0]) && filter_match(&f, got[1]));
	memset(&f, 0, sizeof(f));
	f.syscall_set = true;
	f.syscall_name = "getppid";
	assert_true(filter_match(&f, got[0]));
	f.syscall_name = "semget";
	assert_false(filter_match(&f, got[0]));
	f.syscall_name = NULL;
	f.syscall_nr = 110;
	assert_true(filter_match(&f, got[0]));
	memset(&f, 0, sizeof(f));
	f.pid_set = true;
	f.pid = got[1]->pid;
	assert_true(!filter_match(&f, got[0]) && filter_match(&f, got[1]));
	memset(&f, 0, sizeof(f));
	f.time.since_set = true;
	f.time.since_ms = (int64_t)got[2]->sec * 1000 + got[2]->msec;
	assert_true(!filter_match(&f, got[0]) && filter_match(&f, got[2]));
	f.time.since_set = false;
	f.time.until_set = true;
	f.time.until_ms = f.time.since_ms;
	assert_true(filter_match(&f, got[0]) && !filter_match(&f, got[2]));
	memset(&f, 0, sizeof(f));
	f.arch = arch_by_name("i386");
	f.arch_set = true;
	assert_false(filter_match(&f, got[0]));
	f.arch = arch_by_name("x86_64");
	assert_true(filter_match(&f, got[0]));
	f.arch = arch_by_name("x32");
	assert_false(filter_match(&f, got[0]));
	f.arch = NULL;
	f.arch_audit = 0xc000003e;
	assert_true(filter_match(&f, got[0]));
	assert_null(arch_by_name("nonsense"));
	assembler_free(&a);
	forget();
}

static void test_time(void **state)
{
	const int64_t now = 1795467220629LL;
	int64_t t;

	setenv("TZ", "UTC", 1);
	assert_int_equal(parse_time("now", now, &t), 0);
	assert_int_equal(t, now);
	assert_int_equal(parse_time("@1795467220.5", now, &t), 0);
	assert_int_equal(t, 1795467220500LL);
	assert_int_equal(parse_time("-1h", now, &t), 0);
	assert_int_equal(t, now - 3600000);
	assert_int_equal(parse_time("5 min ago", now, &t), 0);
	assert_int_equal(t, now - 300000);
	assert_int_equal(parse_time("5 ago", now, &t), -EINVAL);	/* a time wants its unit */
	assert_int_equal(parse_time("-5", now, &t), -EINVAL);
	/* a span alone: seconds without a unit */
	assert_int_equal(parse_duration("90", &t), 0);
	assert_int_equal(t, 90000);
	assert_int_equal(parse_duration("5m", &t), 0);
	assert_int_equal(t, 300000);
	assert_int_equal(parse_duration("2 hours", &t), 0);
	assert_int_equal(t, 7200000);
	assert_int_equal(parse_duration("1w", &t), 0);
	assert_int_equal(t, 604800000);
	assert_int_equal(parse_duration("-5", &t), -EINVAL);
	assert_int_equal(parse_duration("5x", &t), -EINVAL);
	assert_int_equal(parse_duration("", &t), -EINVAL);
	assert_int_equal(parse_duration(" 5", &t), -EINVAL);
	assert_int_equal(parse_time("2026-11-23 20:53:40", now, &t), 0);
	assert_int_equal(t, 1795467220000LL);
	assert_int_equal(parse_time("2026-11-23T20:53:40Z", now, &t), 0);
	assert_int_equal(t, 1795467220000LL);
	assert_int_equal(parse_time("2026-11-23", now, &t), 0);
	assert_int_equal(t, 1795392000000LL);
	assert_int_equal(parse_time("today", now, &t), 0);
	assert_int_equal(t, 1795392000000LL);
	assert_int_equal(parse_time("yesterday", now, &t), 0);
	assert_int_equal(t, 1795392000000LL - 86400000);
	assert_int_equal(parse_time("20:00", now, &t), 0);
	assert_int_equal(t, 1795392000000LL + 20 * 3600000LL);
	assert_int_equal(parse_time("soon", now, &t), -EINVAL);
	assert_int_equal(parse_time("-5 fortnights", now, &t), -EINVAL);
	assert_int_equal(parse_time("2026-13-45", now, &t), -EINVAL);
	assert_int_equal(parse_time("", now, &t), -EINVAL);
}

/* A live look-up that finds nothing: the process has gone. */
static int resolve_gone(void *ctx, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
			enum workload_why *why, struct workload *w, struct container_names *names)
{
	*why = WHY_GONE;
	return -1;
}

static int resolve_unit(void *ctx, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
			enum workload_why *why, struct workload *w, struct container_names *names)
{
	static const char path[] = "/system.slice/live.service";

	memcpy(buf, path, sizeof(path));
	workload_parse(buf, sizeof(path) - 1, w);
	memset(names, 0, sizeof(*names));
	return (int)sizeof(path) - 1;
}

/* A decision seen by the BPF observer is an event of the same shape as a
 * record's: its own fields, the kernel's cgroup when the process is gone,
 * none with --no-workload (no look-up), and counted at once. */
static void test_seen_decision(void **state)
{
	struct workload_lookup gone = { resolve_gone, NULL }, live = { resolve_unit, NULL };
	struct decision_seen d = {
		.sec = 1765000000, .msec = 5, .pid = 42, .tid = 43, .uid = 0, .gid = 0, .auid = -1, .ses = -1,
		.arch = 0xc000003e, .syscall = 110, .compat = 0, .code = 0x00050001, .certain = true, .ret = -1,
		.args = { 1, 2, 3, 4, 5, 6 }, .filters = 2, .comm = "deny\x1bme", .comm_len = 7, .exe = "/usr/bin/x",
		.exe_len = 10, .cgroup_id = 77, .cgroup = "/system.slice/gone.service", .logged = 0,
		.not_logged = "why",
	};
	struct summary s;
	struct assembler a;
	struct summary_row *rows;
	size_t n;

	assert_int_equal(assembler_init(&a, SOURCE_BPF, collect, NULL), 0);
	a.workload = &gone;
	assembler_seen(&a, &d);
	assert_int_equal(ngot, 1);
	assert_true(got[0]->seen && got[0]->serial_unknown && !got[0]->time_unknown);
	assert_int_equal(got[0]->tid, 43);
	assert_int_equal(got[0]->args[5], 6);
	assert_int_equal(got[0]->logged, 0);
	assert_string_equal(got[0]->action->name, "errno");
	assert_string_equal(got[0]->syscall_name, "getppid");
	assert_memory_equal(str(got[0], got[0]->comm), "deny\x1bme", 7);
	assert_string_equal(str(got[0], got[0]->exe), "/usr/bin/x");
	/* gone: the kernel's cgroup names it */
	assert_string_equal(str(got[0], got[0]->unit), "gone.service");
	/* alive: the live look-up, as for records */
	a.workload = &live;
	assembler_seen(&a, &d);
	assert_string_equal(str(got[1], got[1]->unit), "live.service");
	/* --no-workload: neither */
	a.workload = NULL;
	assembler_seen(&a, &d);
	assert_false(span_has(got[2]->unit) || span_has(got[2]->cgroup));
	/* records stay records */
	assert_false(a.seen_cgroup);
	/* counted at once: one row of 1,000,000 */
	assert_int_equal(summary_init(&s), 0);
	summary_add_n(&s, got[0], 999999);
	summary_add(&s, got[0]);
	rows = summary_sorted(&s, &n);
	assert_non_null(rows);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].count, 1000000);
	free(rows);
	summary_free(&s);
	assembler_free(&a);
	forget();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_seccomp_fields),
		cmocka_unit_test(test_actions_named),
		cmocka_unit_test(test_enriched_log),
		cmocka_unit_test(test_proctitle_joins),
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_time),
		cmocka_unit_test(test_seen_decision),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
