// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "model/actions.h"

static struct action_vocab V;

static int setup(void **state)
{
	return vocab_from_avail(&V, KERNEL_AVAIL);
}

static action_set parse_ok(int argc, const char *const *argv)
{
	struct name_error e;
	action_set s = 0xdeadbeef;

	assert_int_equal(actions_parse_user(&V, argc, argv, &s, &e), 0);
	assert_int_equal(e.problem, NAME_OK);
	return s;
}

static const char *fmt(action_set s)
{
	static char buf[256];

	set_format(&V, s, ' ', buf, sizeof(buf));
	return buf;
}

static void test_vocab(void **state)
{
	assert_int_equal(V.n, 8);
	assert_string_equal(V.names[0], "kill_process");
	assert_string_equal(V.names[7], "allow");
	assert_string_equal(fmt(vocab_default(&V)), KERNEL_DEFAULT);
	/* the default is written in one write and must fit the kernel's buffer */
	assert_true(strlen(KERNEL_DEFAULT) <= 63);
}

static void test_vocab_bad(void **state)
{
	struct action_vocab v;
	char many[2048] = "";
	int i;

	assert_int_equal(vocab_from_avail(&v, ""), -EINVAL);
	assert_int_equal(vocab_from_avail(&v, "\n"), -EINVAL);
	assert_int_equal(vocab_from_avail(&v, "a_name_that_is_far_too_long_for_us log"), -EINVAL);
	for (i = 0; i < 33; i++)
		strcat(many, "x ");
	assert_int_equal(vocab_from_avail(&v, many), -EINVAL);
}

static void test_forms_agree(void **state)
{
	const char *sep[] = { "log", "kill_process" };
	const char *one_space[] = { "kill_process log" };
	const char *commas[] = { "log,kill_process" };
	const char *mixed[] = { " log ,, kill_process,", "log" };
	const char *tabs[] = { "log\tkill_process" };
	action_set want = parse_ok(2, sep);

	assert_string_equal(fmt(want), "kill_process log");
	assert_int_equal(parse_ok(1, one_space), want);
	assert_int_equal(parse_ok(1, commas), want);
	assert_int_equal(parse_ok(2, mixed), want);
	assert_int_equal(parse_ok(1, tabs), want);
}

/* The kernel's parser stops at the first empty token; ours must not. */
static void test_kernel_traps(void **state)
{
	const char *double_space[] = { "kill_process  log" };
	const char *leading[] = { " log" };
	const char *empty[] = { "" };
	const char *dup[] = { "log log log", "log" };

	assert_string_equal(fmt(parse_ok(1, double_space)), "kill_process log");
	assert_string_equal(fmt(parse_ok(1, leading)), "log");
	assert_int_equal(parse_ok(1, empty), 0);
	assert_string_equal(fmt(parse_ok(2, dup)), "log");
}

static void expect_bad(const char *arg, enum name_problem p, const char *suggestion)
{
	const char *argv[] = { "log", arg };
	struct name_error e;
	action_set s;

	assert_int_equal(actions_parse_user(&V, 2, argv, &s, &e), -EINVAL);
	assert_int_equal(e.problem, p);
	if (suggestion)
		assert_string_equal(e.suggestion, suggestion);
	else
		assert_null(e.suggestion);
}

static void test_refused_names(void **state)
{
	expect_bad("allow", NAME_ALLOW, NULL);
	expect_bad("kil_process", NAME_UNKNOWN, "kill_process");
	expect_bad("KILL_THREAD", NAME_UNKNOWN, "kill_thread");
	expect_bad("erno", NAME_UNKNOWN, "errno");
	expect_bad("completely-different", NAME_UNKNOWN, NULL);
	expect_bad("kill", NAME_UNKNOWN, NULL);
}

static void test_unavailable(void **state)
{
	struct action_vocab old;
	const char *argv[] = { "user_notif" };
	struct name_error e;
	action_set s;

	/* a 4.14 kernel has no user_notif */
	assert_int_equal(vocab_from_avail(&old, "kill_process kill_thread trap errno trace log allow"), 0);
	assert_int_equal(actions_parse_user(&old, 1, argv, &s, &e), -EINVAL);
	assert_int_equal(e.problem, NAME_UNAVAILABLE);
	assert_string_equal(e.name, "user_notif");
}

static void test_future_action(void **state)
{
	struct action_vocab v;
	const char *argv[] = { "log,new_thing" };
	struct name_error e;
	action_set s;
	char buf[128];

	assert_int_equal(vocab_from_avail(&v, "kill_process new_thing log allow"), 0);
	assert_int_equal(actions_parse_user(&v, 1, argv, &s, &e), 0);
	set_format(&v, s, ' ', buf, sizeof(buf));
	assert_string_equal(buf, "new_thing log");
	assert_null(action_by_name("new_thing", 9));
}

static void test_from_kernel(void **state)
{
	action_set s;

	assert_int_equal(set_from_kernel(&V, "kill_process log\n", 17, &s), 0);
	assert_string_equal(fmt(s), "kill_process log");
	assert_int_equal(set_from_kernel(&V, "\n", 1, &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(set_from_kernel(&V, "", 0, &s), 0);
	assert_int_equal(set_from_kernel(&V, "kill_process  log", 17, &s), -EINVAL);
	assert_int_equal(set_from_kernel(&V, "kill_process,log", 16, &s), -EINVAL);
	assert_int_equal(set_from_kernel(&V, "bogus", 5, &s), -EINVAL);
}

static void test_from_record(void **state)
{
	action_set s;

	assert_int_equal(set_from_record(&V, "(none)", 6, &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(set_from_record(&V, "?", 1, &s), -ENODATA);
	assert_int_equal(set_from_record(&V, "kill_process,log", 16, &s), 0);
	assert_string_equal(fmt(s), "kill_process log");
	assert_int_equal(set_from_record(&V, "kill_process,,log", 17, &s), -EINVAL);
	assert_int_equal(set_from_record(&V, "log,", 4, &s), -EINVAL);
	assert_int_equal(set_from_record(&V, "", 0, &s), -EINVAL);
	assert_int_equal(set_from_record(&V, "kill_process log", 16, &s), -EINVAL);
}

static void test_format(void **state)
{
	char small[8];
	size_t n;

	n = set_format(&V, vocab_default(&V), ',', small, sizeof(small));
	assert_int_equal(n, strlen(KERNEL_DEFAULT));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_string_equal(fmt(0), "");
}

static void test_table(void **state)
{
	assert_string_equal(action_by_code(0x80000000U)->name, "kill_process");
	assert_string_equal(action_by_code(0)->name, "kill_thread");
	assert_string_equal(action_by_code(0x7ffc0000U)->name, "log");
	assert_null(action_by_code(0x12345));
	assert_int_equal(action_by_name("trap", 4)->when, WHEN_FLAG_LOG);
	assert_int_equal(action_by_name("kill_thread", 11)->when, WHEN_LISTED);
	assert_int_equal(action_by_name("allow", 5)->when, WHEN_NEVER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vocab),
		cmocka_unit_test(test_vocab_bad),
		cmocka_unit_test(test_forms_agree),
		cmocka_unit_test(test_kernel_traps),
		cmocka_unit_test(test_refused_names),
		cmocka_unit_test(test_unavailable),
		cmocka_unit_test(test_future_action),
		cmocka_unit_test(test_from_kernel),
		cmocka_unit_test(test_from_record),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
