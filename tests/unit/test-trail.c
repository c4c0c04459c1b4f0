// SPDX-License-Identifier: LGPL-2.1-or-later
/* The paper trail checks, from records recorded by auditd and made up ones. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "model/trail.h"

static struct action_vocab V;
#define DEF 0x7fU	/* kill_process ... log */
#define KP 0x01U
#define LOG 0x40U

static int setup(void **state)
{
	return vocab_from_avail(&V, KERNEL_AVAIL);
}

static void add(struct trail *t, const char *fields, uint64_t serial)
{
	char buf[512];
	struct audit_record r;
	struct logging_change c;

	snprintf(buf, sizeof(buf), "audit(1795467222.689:%llu): %s", (unsigned long long)serial, fields);
	assert_int_equal(record_parse_payload(1305, buf, strlen(buf), &r), 0);
	assert_int_equal(record_logging_change(&V, &r, &c), 0);
	assert_int_equal(trail_add(t, &c), 0);
}

static void who(struct trail *t, uint64_t serial, const char *exe)
{
	char buf[512];
	struct audit_record r;
	struct syscall_who w;

	snprintf(buf, sizeof(buf), "audit(1795467222.689:%llu): arch=c000003e syscall=1 success=yes exit=3 "
		 "pid=77 auid=1000 uid=0 comm=\"x\" exe=\"%s\"", (unsigned long long)serial, exe);
	assert_int_equal(record_parse_payload(1300, buf, strlen(buf), &r), 0);
	assert_int_equal(record_syscall_who(&r, &w), 0);
	trail_who(t, &w);
}

static struct trail_now now_ok(action_set live)
{
	struct trail_now n = { .reaches_now = true, .live_known = true, .live = live, .audit_known = true,
			       .enabled = 1, .lost = 0, .kernel_default = DEF };
	return n;
}

/* The two changes auditd logged in tests/data/auditd-raw.log, with their writer. */
static void test_recorded_log_intact(void **state)
{
	struct trail t;
	struct trail_now n = now_ok(DEF);
	char path[512], line[4096];
	struct audit_record r;
	struct logging_change c;
	struct syscall_who w;
	FILE *f;

	trail_init(&t, &V);
	snprintf(path, sizeof(path), "%s/auditd-raw.log", DATADIR);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (record_parse_line(line, strlen(line), &r) < 0)
			continue;
		if (record_logging_change(&V, &r, &c) == 0)
			trail_add(&t, &c);
		else if (record_syscall_who(&r, &w) == 0)
			trail_who(&t, &w);
	}
	fclose(f);
	assert_int_equal(t.n, 2);
	assert_true(t.changes[0].who_known);
	assert_string_equal(t.changes[0].who.comm, "bash");
	assert_int_equal(t.changes[1].c.old_actions, LOG);
	t.boots[0].current = true;
	trail_check(&t, &n);
	assert_true(trail_intact(&t));
	/* the same log, but the value is not what the last record left */
	n.live = KP;
	trail_check(&t, &n);
	assert_int_equal(t.np, 1);
	assert_int_equal(t.problems[0].kind, TRAIL_PRESENT);
	assert_int_equal(t.problems[0].serials[0], 1883);
	trail_free(&t);
}

static void test_gap(void **state)
{
	struct trail t;
	struct trail_now n = now_ok(DEF);

	trail_init(&t, &V);
	add(&t, "op=seccomp-logging actions=log old-actions=kill_process,kill_thread,trap,errno,user_notif,trace,log res=1", 10);
	add(&t, "op=seccomp-logging actions=kill_process,kill_thread,trap,errno,user_notif,trace,log old-actions=kill_process res=1", 14);
	trail_check(&t, &n);
	assert_false(trail_intact(&t));
	assert_int_equal(t.np, 1);
	assert_int_equal(t.problems[0].kind, TRAIL_GAP);
	assert_int_equal(t.problems[0].nserials, 2);
	assert_int_equal(t.problems[0].serials[0], 10);
	assert_int_equal(t.problems[0].serials[1], 14);
	assert_non_null(strstr(t.problems[0].message, "found kill_process"));
	trail_free(&t);
}

static void test_refused_write_shows_the_value(void **state)
{
	struct trail t;
	struct trail_now n = now_ok(LOG);

	trail_init(&t, &V);
	add(&t, "op=seccomp-logging actions=log old-actions=kill_process,kill_thread,trap,errno,user_notif,trace,log res=1", 10);
	/* a refused write still says what the value was: here not what record 10 left */
	add(&t, "op=seccomp-logging actions=? old-actions=kill_process res=0", 11);
	trail_check(&t, &n);
	assert_int_equal(t.np, 1);
	assert_int_equal(t.problems[0].kind, TRAIL_GAP);
	/* a refused write that agrees is no problem, and does not break the chain */
	trail_free(&t);
	trail_init(&t, &V);
	add(&t, "op=seccomp-logging actions=log old-actions=kill_process,kill_thread,trap,errno,user_notif,trace,log res=1", 10);
	add(&t, "op=seccomp-logging actions=? old-actions=log res=0", 11);
	add(&t, "op=seccomp-logging actions=kill_process old-actions=log res=1", 12);
	n.live = KP;
	trail_check(&t, &n);
	assert_true(trail_intact(&t));
	trail_free(&t);
}

static void test_boots(void **state)
{
	struct trail t;
	struct trail_now n = now_ok(KP);

	trail_init(&t, &V);
	trail_boot(&t, "b1", false, true, false);
	add(&t, "op=seccomp-logging actions=log old-actions=kill_process,kill_thread,trap,errno,user_notif,trace,log res=1", 5);
	/* a new boot starts from the default again: no gap across boots */
	trail_boot(&t, "b2", true, true, true);
	add(&t, "op=seccomp-logging actions=kill_process old-actions=kill_process,kill_thread,trap,errno,user_notif,trace,log res=1", 3);
	trail_check(&t, &n);
	assert_true(trail_intact(&t));
	/* but a boot whose first change does not start from the default */
	trail_boot(&t, "b3", false, true, true);
	add(&t, "op=seccomp-logging actions=log old-actions=kill_process res=1", 4);
	n.live = LOG;
	trail_check(&t, &n);
	assert_int_equal(t.np, 1);
	assert_int_equal(t.problems[0].kind, TRAIL_BOOT_START);
	assert_int_equal(t.problems[0].serials[0], 4);
	/* unless systemd-sysctl made the first one, from sysctl.d */
	trail_boot(&t, "b4", false, true, true);
	add(&t, "op=seccomp-logging actions=kill_process old-actions=log res=1", 2);
	who(&t, 2, "/lib/systemd/systemd-sysctl");
	add(&t, "op=seccomp-logging actions=log old-actions=kill_process res=1", 6);
	trail_check(&t, &n);
	assert_int_equal(t.np, 1);	/* only b3's */
	trail_free(&t);
}

static void test_now(void **state)
{
	struct trail t;
	struct trail_now n = now_ok(DEF);

	trail_init(&t, &V);
	n.enabled = 0;
	n.lost = 12;
	trail_check(&t, &n);
	assert_int_equal(t.np, 2);
	assert_int_equal(t.problems[0].kind, TRAIL_AUDIT_DISABLED);
	assert_int_equal(t.problems[1].kind, TRAIL_LOST);
	assert_string_equal(trail_problem_name(t.problems[1].kind), "lost");
	/* consistent, but not proven: its own verdict, not "broken" */
	assert_false(t.problems[0].proven || t.problems[1].proven);
	assert_int_equal(trail_verdict(&t), TRAIL_UNPROVEN);
	assert_string_equal(trail_verdict_name(trail_verdict(&t)), "unproven");
	assert_false(trail_intact(&t));
	/* losses the kernel log dates before the window do not touch it */
	n.enabled = 1;
	n.lost_before_window = true;
	trail_check(&t, &n);
	assert_int_equal(trail_verdict(&t), TRAIL_INTACT);
	/* without the boot time, whether the log reaches now is unknown */
	n = now_ok(DEF);
	n.reaches_now = false;
	n.now_unknown = true;
	trail_check(&t, &n);
	assert_int_equal(t.np, 1);
	assert_int_equal(t.problems[0].kind, TRAIL_NOW_UNKNOWN);
	assert_int_equal(trail_verdict(&t), TRAIL_UNPROVEN);
	/* a boot seen from its start, no change recorded, yet not the default */
	trail_boot(&t, "b", false, true, true);
	n = now_ok(KP);
	trail_check(&t, &n);
	assert_int_equal(t.np, 1);
	assert_int_equal(t.problems[0].kind, TRAIL_PRESENT);
	assert_true(t.problems[0].proven);
	assert_int_equal(trail_verdict(&t), TRAIL_BROKEN);
	/* the window does not reach now: the present is not judged */
	n.reaches_now = false;
	trail_check(&t, &n);
	assert_true(trail_intact(&t));
	trail_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_log_intact),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_refused_write_shows_the_value),
		cmocka_unit_test(test_boots),
		cmocka_unit_test(test_now),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
