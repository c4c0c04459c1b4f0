// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <string.h>

#include "unit.h"
#include "fixture.h"
#include "model/audit-record.h"

static struct action_vocab V;
static struct fixture_line L[16];

static int setup(void **state)
{
	return vocab_from_avail(&V, KERNEL_AVAIL);
}

static int parse(uint32_t type, const char *s, struct audit_record *r)
{
	return record_parse_payload(type, s, strlen(s), r);
}

static void test_header(void **state)
{
	struct audit_record r;

	assert_int_equal(fixture_load("netlink-set.txt", L, 16), 4);
	assert_int_equal(record_parse_payload(L[0].type, L[0].payload, L[0].len, &r), 0);
	assert_int_equal(r.type, 1305);
	assert_int_equal(r.sec, 1795466545ULL);
	assert_int_equal(r.msec, 497);
	assert_int_equal(r.serial, 31);
	assert_memory_equal(r.fields, "op=seccomp-logging ", 19);
	/* trailing NUL and newline, as some kernels send them */
	assert_int_equal(record_parse_payload(1305, "audit(1.002:3): a=b\n\0", 22, &r), 0);
	assert_int_equal(r.fields_len, 3);
	/* the EOE record has no fields */
	assert_int_equal(parse(1320, "audit(1.002:3): ", &r), 0);
	assert_int_equal(r.fields_len, 0);
}

static void test_header_bad(void **state)
{
	struct audit_record r;

	assert_int_equal(parse(1305, "", &r), -EINVAL);
	assert_int_equal(parse(1305, "audit(", &r), -EINVAL);
	assert_int_equal(parse(1305, "audit(123.4", &r), -EINVAL);
	assert_int_equal(parse(1305, "audit(123.456:7", &r), -EINVAL);
	assert_int_equal(parse(1305, "audit(123.4567:7): x=y", &r), -EINVAL);
	assert_int_equal(parse(1305, "audit(1.2:99999999999999999999999): x=y", &r), -EINVAL);
	assert_int_equal(parse(1305, "audit(a.b:c): x=y", &r), -EINVAL);
	/* found by the fuzzer: seconds whose milliseconds overflow */
	assert_int_equal(parse(1305, "audit(1795467221795467222.000:1): x=y", &r), -EINVAL);
	assert_int_equal(parse(1305, "type=CONFIG_CHANGE msg=audit(1.2:3): x=y", &r), -EINVAL);
}

static int change(const char *fields, struct logging_change *c)
{
	char buf[1024];
	struct audit_record r;

	snprintf(buf, sizeof(buf), "audit(1795466545.497:42): %s", fields);
	assert_int_equal(parse(1305, buf, &r), 0);
	return record_logging_change(&V, &r, c);
}

static void test_change(void **state)
{
	struct logging_change c;

	assert_int_equal(change("op=seccomp-logging actions=kill_process,log "
				"old-actions=kill_process,kill_thread,trap,errno,user_notif,trace,log res=1", &c), 0);
	assert_int_equal(c.serial, 42);
	assert_true(c.actions_known && c.old_known);
	assert_int_equal(c.actions, (1U << 0) | (1U << 6));
	assert_int_equal(c.old_actions, 0x7f);
	assert_int_equal(c.res, 1);

	assert_int_equal(change("op=seccomp-logging actions=? old-actions=(none) res=0", &c), 0);
	assert_false(c.actions_known);
	assert_true(c.old_known);
	assert_int_equal(c.old_actions, 0);
	assert_int_equal(c.res, 0);

	assert_int_equal(change("op=seccomp-logging actions=(none) old-actions=? res=1", &c), 0);
	assert_true(c.actions_known);
	assert_false(c.old_known);

	/* fields a later kernel might add, before and after */
	assert_int_equal(change("auid=0 ses=3 op=seccomp-logging actions=log old-actions=log res=1 "
				"subj=unconfined extra=\"x y\"", &c), 0);
	assert_int_equal(c.actions, 1U << 6);
}

static void test_change_bad(void **state)
{
	struct logging_change c;

	assert_int_equal(change("op=set audit_enabled=1 old=0 res=1", &c), -ENOENT);
	assert_int_equal(change("actions=log old-actions=log res=1", &c), -ENOENT);
	assert_int_equal(change("op=seccomp-logging actions=log old-actions=log", &c), -EINVAL);
	assert_int_equal(change("op=seccomp-logging actions=kill_pro", &c), -EINVAL);
	assert_int_equal(change("op=seccomp-logging actions=bogus old-actions=log res=1", &c), -EINVAL);
	assert_int_equal(change("op=seccomp-logging actions=log old-actions=log res=7", &c), -EINVAL);
	assert_int_equal(change("op=seccomp-logging actions=log old-actions=log res=", &c), -EINVAL);
	assert_int_equal(change("op=seccomp-logging-x actions=log old-actions=log res=1", &c), -ENOENT);
}

static void test_change_other_type(void **state)
{
	struct audit_record r;
	struct logging_change c;

	assert_int_equal(parse(1300, "audit(1.2:3): op=seccomp-logging actions=log old-actions=log res=1", &r), 0);
	assert_int_equal(record_logging_change(&V, &r, &c), -ENOENT);
}

static void test_fields(void **state)
{
	const char *s = "a=1 comm=\"two words\" subj==unconfined (enforce) empty= x=\"unterminated";
	struct field_iter it;
	struct field f;
	char out[64];

	field_iter_init(&it, s, strlen(s));
	assert_true(field_next(&it, &f));
	assert_true(field_is(&f, "a"));
	assert_int_equal(f.vlen, 1);
	assert_true(field_next(&it, &f));
	assert_true(field_is(&f, "comm") && f.quoted);
	assert_int_equal(field_decode(&f, out, sizeof(out)), 9);
	assert_string_equal(out, "two words");
	assert_true(field_next(&it, &f));
	assert_true(field_is(&f, "subj"));
	assert_int_equal(field_decode(&f, out, sizeof(out)), 21);
	assert_string_equal(out, "=unconfined (enforce)");
	assert_true(field_next(&it, &f));
	assert_true(field_is(&f, "empty"));
	assert_int_equal(f.vlen, 0);
	assert_true(field_next(&it, &f));
	assert_true(field_is(&f, "x"));
	assert_int_equal(field_decode(&f, out, sizeof(out)), 12);
	assert_false(field_next(&it, &f));
}

static void test_fields_enriched_crlf(void **state)
{
	const char *s = "res=1\r\n\x1d" "AUID=\"unset\"";
	struct field_iter it;
	struct field f;

	field_iter_init(&it, s, strlen(s));
	assert_true(field_next(&it, &f));
	assert_true(field_is(&f, "res"));
	assert_int_equal(f.vlen, 1);
	assert_false(field_next(&it, &f));
}

/* Found by the fuzzer: a word starting with '=' made field_next loop forever. */
static void test_fields_empty_key(void **state)
{
	const char *s = "=x == a=1 = =";
	struct field_iter it;
	struct field f;

	field_iter_init(&it, s, strlen(s));
	assert_true(field_next(&it, &f));
	assert_true(field_is(&f, "a"));
	assert_false(field_next(&it, &f));
	field_iter_init(&it, "=", 1);
	assert_false(field_next(&it, &f));
}

static void test_hex_and_numbers(void **state)
{
	const char *s = "comm=6576696C1B5B33316D7368 pid=4098 ses=4294967295 uid=-1 exit=-22 "
			"big=99999999999999999999 odd=ABC key=41";
	struct field_iter it;
	struct field f;
	char out[64];
	uint64_t u;
	int64_t i;

	field_iter_init(&it, s, strlen(s));
	assert_true(field_next(&it, &f));
	assert_int_equal(field_decode(&f, out, sizeof(out)), 11);
	assert_memory_equal(out, "evil\x1b[31msh", 11);
	assert_true(field_next(&it, &f));
	assert_int_equal(field_u64(&f, &u), 0);
	assert_int_equal(u, 4098);
	assert_true(field_next(&it, &f));
	assert_int_equal(field_u64(&f, &u), 0);
	assert_int_equal(u, 4294967295ULL);
	assert_true(field_next(&it, &f));
	assert_int_equal(field_u64(&f, &u), -EINVAL);
	assert_int_equal(field_s64(&f, &i), 0);
	assert_int_equal(i, -1);
	assert_true(field_next(&it, &f));
	assert_int_equal(field_s64(&f, &i), 0);
	assert_int_equal(i, -22);
	assert_true(field_next(&it, &f));
	assert_int_equal(field_u64(&f, &u), -EINVAL);
	/* odd-length hex is not hex: kept as it is */
	assert_true(field_next(&it, &f));
	assert_int_equal(field_decode(&f, out, sizeof(out)), 3);
	/* only untrusted-string keys are hex-decoded */
	assert_true(field_next(&it, &f));
	assert_int_equal(field_decode(&f, out, sizeof(out)), 2);
	assert_string_equal(out, "41");
}

static void test_syscall_who(void **state)
{
	struct audit_record r;
	struct syscall_who w;

	assert_int_equal(fixture_load("netlink-hexwriter.txt", L, 16), 4);
	assert_int_equal(record_parse_payload(L[1].type, L[1].payload, L[1].len, &r), 0);
	assert_int_equal(record_syscall_who(&r, &w), 0);
	assert_int_equal(w.serial, 46);
	assert_int_equal(w.pid, 4289);
	assert_int_equal(w.uid, 0);
	assert_int_equal(w.auid, AUDIT_ID_UNSET);
	assert_true(w.success);
	assert_int_equal(w.exit, 3);
	assert_int_equal(w.comm_len, 11);
	assert_memory_equal(w.comm, "evil\x1b[31msh", 11);
	assert_string_equal(w.exe, "/tmp/dir with space/evil\x1b[31msh");

	assert_int_equal(fixture_load("netlink-refused.txt", L, 16), 4);
	assert_int_equal(record_parse_payload(L[1].type, L[1].payload, L[1].len, &r), 0);
	assert_int_equal(record_syscall_who(&r, &w), 0);
	assert_false(w.success);
	assert_int_equal(w.exit, -22);
	assert_string_equal(w.comm, "sh");

	assert_int_equal(parse(1300, "audit(1.2:3): uid=0", &r), 0);
	assert_int_equal(record_syscall_who(&r, &w), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_header_bad),
		cmocka_unit_test(test_change),
		cmocka_unit_test(test_change_bad),
		cmocka_unit_test(test_change_other_type),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_fields_enriched_crlf),
		cmocka_unit_test(test_fields_empty_key),
		cmocka_unit_test(test_hex_and_numbers),
		cmocka_unit_test(test_syscall_who),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
