// SPDX-License-Identifier: LGPL-2.1-or-later
/* Whose a record was: pids reused, processes gone, holders never seen. */
#include <string.h>

#include "unit.h"
#include "model/proctrack.h"

#define T0 1700000000000ULL	/* the tracker starts */

static uint32_t who(struct proctrack *t, int32_t pid, uint64_t ms, enum workload_why want_why)
{
	enum workload_why why;
	uint32_t cg = proctrack_lookup(t, pid, ms, &why);

	if (why != want_why)
		print_error("pid %d at T0%+lld: why %d, want %d\n", (int)pid, (long long)(ms - T0), why, want_why);

	assert_int_equal(why, want_why);
	return cg;
}

static void test_fork_exit_reuse(void **state)
{
	struct proctrack t;
	uint32_t a, b;

	(void)state;
	assert_int_equal(proctrack_init(&t, T0), 0);
	a = proctrack_intern(&t, "/system.slice/a.service", 23);
	b = proctrack_intern(&t, "/docker/x", 9);
	assert_int_not_equal(a, 0);
	assert_int_equal(proctrack_intern(&t, "/system.slice/a.service", 23), a);
	assert_string_equal(proctrack_cgroup(&t, b), "/docker/x");
	/* a parent seen in /proc long before, its child forked, killed, its pid reused */
	proctrack_observe(&t, 100, T0 - 50000, T0 - 49990, a, T0 + 10);
	proctrack_fork(&t, 100, 200, T0 + 1000);
	proctrack_exit(&t, 200, T0 + 1000 + 1);
	/* the record of the child, read after it ended: its parent's cgroup */
	assert_int_equal(who(&t, 200, T0 + 1000, WHY_KNOWN), a);
	/* another process gets pid 200 a second later, in another cgroup */
	proctrack_fork(&t, 100, 200, T0 + 2000);
	proctrack_observe(&t, 200, T0 + 1995, T0 + 2005, b, T0 + 2001);
	assert_int_equal(who(&t, 200, T0 + 1000, WHY_KNOWN), a);	/* the old one's record */
	assert_int_equal(who(&t, 200, T0 + 2500, WHY_KNOWN), b);	/* the new one's */
	/* a pid passed on within a tick of the record: either, so neither */
	proctrack_fork(&t, 100, 250, T0 + 1000);
	proctrack_exit(&t, 250, T0 + 1001);
	proctrack_fork(&t, 100, 250, T0 + 1005);
	who(&t, 250, T0 + 1000, WHY_REUSED);
	assert_int_equal(who(&t, 250, T0 + 1100, WHY_KNOWN), a);
	/* before either was seen: a holder never known */
	who(&t, 200, T0 + 500, WHY_GONE);
	/* a third holder: the first is forgotten, and its time stays doubtful */
	proctrack_exit(&t, 200, T0 + 3000);
	proctrack_fork(&t, 100, 200, T0 + 3000);
	who(&t, 200, T0 + 1000, WHY_GONE);
	assert_int_equal(who(&t, 200, T0 + 2500, WHY_KNOWN), b);
	who(&t, 200, T0 + 2980, WHY_KNOWN);
	who(&t, 200, T0 + 2995, WHY_REUSED);
	/* a pid never seen */
	who(&t, 999, T0 + 10, WHY_GONE);
	proctrack_free(&t);
}

/* An exit's time is the event's clock, converted to the ms: a record made
 * before it may be stamped a rounding after (seen under load: 2 ms). */
static void test_record_stamped_just_after_its_exit(void **state)
{
	struct proctrack t;
	uint32_t a;

	(void)state;
	assert_int_equal(proctrack_init(&t, T0), 0);
	a = proctrack_intern(&t, "/system.slice/burst.service", 27);
	proctrack_observe(&t, 100, T0 - 50000, T0 - 49990, a, T0 + 10);
	proctrack_fork(&t, 100, 300, T0 + 1117);
	proctrack_exit(&t, 300, T0 + 1120);
	assert_int_equal(who(&t, 300, T0 + 1120 + PT_ROUND_MS, WHY_KNOWN), a);
	/* later than rounding: not this process's, and no other is known */
	who(&t, 300, T0 + 1120 + PT_ROUND_MS + 1, WHY_GONE);
	proctrack_free(&t);
}

static void test_unseen_and_exec(void **state)
{
	struct proctrack t;
	uint32_t a;

	(void)state;
	assert_int_equal(proctrack_init(&t, T0), 0);
	a = proctrack_intern(&t, "/a", 2);
	/* found in /proc, started just before a record the kernel held for us:
	 * an earlier holder cannot be ruled out */
	proctrack_observe(&t, 300, T0 - 20, T0 - 10, a, T0);
	who(&t, 300, T0 - 15, WHY_REUSED);
	assert_int_equal(who(&t, 300, T0 + 5, WHY_KNOWN), a);
	/* exec: the cgroup is doubtful until read again */
	proctrack_exec(&t, 300, T0 + 100);
	who(&t, 300, T0 + 200, WHY_MOVED);
	proctrack_observe(&t, 300, T0 - 20, T0 - 10, a, T0 + 150);
	assert_int_equal(who(&t, 300, T0 + 200, WHY_KNOWN), a);
	/* an exec told after the process was read past it: what was read stands */
	proctrack_exec(&t, 300, T0 + 140);
	assert_int_equal(who(&t, 300, T0 + 200, WHY_KNOWN), a);
	proctrack_exec(&t, 300, T0 + 150);
	who(&t, 300, T0 + 200, WHY_MOVED);
	proctrack_observe(&t, 300, T0 - 20, T0 - 10, a, T0 + 160);
	assert_non_null(proctrack_living(&t, 300));
	/* events overran: a pid whose holder changed unseen is not trusted */
	proctrack_fork(&t, 1, 400, T0 + 1000);
	proctrack_overrun(&t, T0 + 5000);
	who(&t, 400, T0 + 4000, WHY_EVENTS_LOST);
	/* read again after the loss, the same process: it held the pid throughout */
	proctrack_observe(&t, 400, T0 + 995, T0 + 1005, a, T0 + 5100);
	assert_int_equal(who(&t, 400, T0 + 4000, WHY_KNOWN), a);
	/* a record after the overrun of a process forked after it is fine */
	proctrack_fork(&t, 300, 500, T0 + 6000);
	assert_int_equal(who(&t, 500, T0 + 6001, WHY_KNOWN), a);
	proctrack_free(&t);
}

static void test_sweep_forgets_and_doubts(void **state)
{
	struct proctrack t;
	uint32_t a;
	int32_t pid;

	(void)state;
	assert_int_equal(proctrack_init(&t, T0), 0);
	a = proctrack_intern(&t, "/a", 2);
	proctrack_observe(&t, 1, T0 - 100000, T0 - 99990, a, T0);
	for (pid = 2; pid < 10002; pid++) {
		proctrack_fork(&t, 1, pid, T0 + 100);
		proctrack_exit(&t, pid, T0 + 200);
	}
	assert_int_equal(who(&t, 5000, T0 + 150, WHY_KNOWN), a);
	proctrack_sweep(&t, T0 + 200 + PT_EXPIRE_MS + 1000);
	/* forgotten: gone, and a new holder's early record is doubted */
	who(&t, 5000, T0 + 150, WHY_GONE);
	proctrack_fork(&t, 1, 5000, T0 + 100);
	assert_true(proctrack_bytes(&t) < 2 * 1024 * 1024);
	proctrack_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fork_exit_reuse),
		cmocka_unit_test(test_record_stamped_just_after_its_exit),
		cmocka_unit_test(test_unseen_and_exec),
		cmocka_unit_test(test_sweep_forgets_and_doubts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
