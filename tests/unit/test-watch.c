// SPDX-License-Identifier: LGPL-2.1-or-later
/* Verification of a write, replayed from records recorded on the real kernel. */
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "model/watch.h"

static struct action_vocab V;
static struct fixture_line L[32];

#define KP (1U << 0)
#define LOG (1U << 6)
#define DEFAULT 0x7fU

static int setup(void **state)
{
	return vocab_from_avail(&V, KERNEL_AVAIL);
}

/* Feed a fixture; returns the line index at which the watch said "done", or -1. */
static int replay(struct change_watch *w, const char *name)
{
	size_t n = fixture_load(name, L, 32), i;
	int done = -1;

	assert_true(n > 0);
	for (i = 0; i < n; i++)
		if (watch_feed(w, L[i].type, L[i].payload, L[i].len) && done < 0)
			done = (int)i;
	return done;
}

static void test_verified(void **state)
{
	struct change_watch w;
	const struct watched_change *c;

	watch_init(&w, &V, 4098, DEFAULT, KP | LOG, true);
	/* done once the SYSCALL record (line 1) names the writer */
	assert_int_equal(replay(&w, "netlink-set.txt"), 1);
	assert_int_equal(watch_verdict(&w), WATCH_VERIFIED);
	c = watch_ours(&w);
	assert_non_null(c);
	assert_int_equal(c->c.serial, 31);
	assert_true(c->who_known);
	assert_int_equal(c->who.pid, 4098);
	assert_string_equal(c->who.comm, "sh");
	assert_string_equal(c->who.exe, "/usr/bin/dash");
}

static void test_someone_else_wrote_it(void **state)
{
	struct change_watch w;

	/* same record, but the SYSCALL record names another process */
	watch_init(&w, &V, 1234, DEFAULT, KP | LOG, true);
	assert_int_equal(replay(&w, "netlink-set.txt"), -1);
	assert_null(watch_ours(&w));
	assert_int_equal(watch_verdict(&w), WATCH_CONCURRENT);
}

static void test_old_mismatch(void **state)
{
	struct change_watch w;

	/* we read kill_process, but the kernel replaced the default: a change in between */
	watch_init(&w, &V, 4098, KP, KP | LOG, true);
	replay(&w, "netlink-set.txt");
	assert_non_null(watch_ours(&w));
	assert_int_equal(watch_verdict(&w), WATCH_CONCURRENT);
}

static void test_wrong_actions(void **state)
{
	struct change_watch w;

	watch_init(&w, &V, 4098, DEFAULT, LOG, true);
	replay(&w, "netlink-set.txt");
	assert_null(watch_ours(&w));
	assert_int_equal(watch_verdict(&w), WATCH_CONCURRENT);
}

static void test_missing(void **state)
{
	struct change_watch w;
	const char *eoe = "audit(1.2:3): ";

	watch_init(&w, &V, 4098, DEFAULT, KP | LOG, true);
	assert_false(watch_feed(&w, 1320, eoe, strlen(eoe)));
	assert_null(watch_ours(&w));
	assert_int_equal(watch_verdict(&w), WATCH_MISSING);
}

static void test_refused(void **state)
{
	struct change_watch w;
	const struct watched_change *c;

	watch_init(&w, &V, 4140, KP | LOG, 0, false);
	assert_int_equal(replay(&w, "netlink-refused.txt"), 1);
	c = watch_ours(&w);
	assert_non_null(c);
	assert_int_equal(c->c.res, 0);
	assert_false(c->c.actions_known);
	assert_int_equal(c->who.exit, -22);
}

static void test_empty_set(void **state)
{
	struct change_watch w;

	watch_init(&w, &V, 4182, KP | LOG, 0, true);
	assert_int_equal(replay(&w, "netlink-empty.txt"), 1);
	assert_int_equal(watch_verdict(&w), WATCH_VERIFIED);
}

static void test_concurrent(void **state)
{
	struct change_watch w;
	const struct watched_change *ours;

	/* we read (none) and wrote kill_process,log; another write of kill_process came first */
	watch_init(&w, &V, 4224, 0, KP | LOG, true);
	replay(&w, "netlink-concurrent.txt");
	ours = watch_ours(&w);
	assert_non_null(ours);
	assert_int_equal(ours->c.serial, 41);
	assert_true(watch_is_concurrent(&w, &w.seen[0]));
	assert_int_equal(watch_verdict(&w), WATCH_CONCURRENT);
}

static void test_change_before_our_read(void **state)
{
	struct change_watch w;

	/* the kill_process write finished before we read it: not a conflict */
	watch_init(&w, &V, 4224, KP, KP | LOG, true);
	replay(&w, "netlink-concurrent.txt");
	assert_false(watch_is_concurrent(&w, &w.seen[0]));
	assert_int_equal(watch_verdict(&w), WATCH_VERIFIED);
}

static void test_hostile_writer(void **state)
{
	struct change_watch w;
	const struct watched_change *c;

	watch_init(&w, &V, 4289, DEFAULT, LOG, true);
	replay(&w, "netlink-hexwriter.txt");
	c = watch_ours(&w);
	assert_non_null(c);
	assert_int_equal(c->who.comm_len, 11);
	assert_memory_equal(c->who.comm, "evil\x1b[31msh", 11);
}

static void test_garbage(void **state)
{
	struct change_watch w;
	const char *bad[] = { "", "audit(", "garbage", "audit(1.2:3): op=seccomp-logging actions=nope" };
	size_t i;

	watch_init(&w, &V, 1, DEFAULT, LOG, true);
	for (i = 0; i < 4; i++)
		assert_false(watch_feed(&w, 1305, bad[i], strlen(bad[i])));
	assert_int_equal(w.malformed, 4);
	assert_int_equal(w.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verified),
		cmocka_unit_test(test_someone_else_wrote_it),
		cmocka_unit_test(test_old_mismatch),
		cmocka_unit_test(test_wrong_actions),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_empty_set),
		cmocka_unit_test(test_concurrent),
		cmocka_unit_test(test_change_before_our_read),
		cmocka_unit_test(test_hostile_writer),
		cmocka_unit_test(test_garbage),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
