// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every key of tail's JSON and ECS output, with its value: a field dropped,
 * swapped or corrupted on the way from the record to the line fails here. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "model/event.h"
#include "model/summary.h"
#include "os/output.h"
#include "tail-print.h"

static struct event *built;

static void keep(struct event *e, void *data)
{
	free(built);
	built = event_dup(e);
}

/* A name as the assembler would have put it; the test's own, so that it
 * does not depend on this machine's users. */
static struct event *with_names(struct event *e, const char *user, const char *group, const char *auser)
{
	struct event *big = malloc(sizeof(*e) + EVENT_BUF_MAX);
	const char *names[3] = { user, group, auser };
	struct span *spans[3];
	size_t i;

	memcpy(big, e, offsetof(struct event, buf) + e->used);
	spans[0] = &big->user, spans[1] = &big->group, spans[2] = &big->audit_user;
	for (i = 0; i < 3; i++) {
		size_t n = strlen(names[i]);

		memcpy(big->buf + big->used, names[i], n + 1);
		*spans[i] = (struct span){ big->used, (uint32_t)n };
		big->used += (uint32_t)n + 1;
	}
	return big;
}

/* Every field a distinct value: auid 1001, uid 1002, gid 1003, ses 44 ... */
static struct event *event_of_every_field(void)
{
	static const char *const lines[] = {
		"node=web-1 type=SECCOMP msg=audit(1795467220.629:1870): auid=1001 uid=1002 gid=1003 ses=44 "
		"subj=unconfined_u:unconfined_r:unconfined_t:s0 pid=4321 comm=\"evil q\" "
		"exe=\"/usr/bin/tr\" sig=31 arch=40000003 syscall=64 compat=1 ip=0xf7f1c549 code=0x80000000",
		"node=web-1 type=PROCTITLE msg=audit(1795467220.629:1870): proctitle=2F62696E2F7472002D64",
	};
	struct assembler a;
	struct audit_record r;
	struct event *e;
	size_t i;

	assert_int_equal(assembler_init(&a, SOURCE_FILE, keep, NULL), 0);
	for (i = 0; i < 2; i++) {
		assert_int_equal(record_parse_line(lines[i], strlen(lines[i]), &r), 0);
		assembler_feed(&a, &r, lines[i], strlen(lines[i]));
	}
	assembler_flush(&a);
	assembler_free(&a);
	assert_non_null(built);
	e = with_names(built, "alice", "staff", "bob\x1b");
	free(built);
	built = NULL;
	return e;
}

static char *print(const struct event *e, enum tail_format fmt)
{
	static char line[8192];
	struct out *o = out_new(-1, 4096, true, false);

	tail_print(o, e, fmt);
	snprintf(line, sizeof(line), "%s", out_data(o, NULL));
	out_free(o);
	return line;
}

static void test_json_every_key(void **state)
{
	struct event *e = event_of_every_field();

	assert_string_equal(print(e, TAIL_JSON),
		"{\"serial\":1870,\"time\":\"2026-11-23T20:53:40.629Z\",\"pid\":4321,\"uid\":1002,\"user\":\"alice\","
		"\"gid\":1003,\"group\":\"staff\",\"auid\":1001,\"audit_user\":\"bob\\u001b\",\"ses\":44,"
		"\"comm\":\"evil q\",\"exe\":\"/usr/bin/tr\",\"subj\":\"unconfined_u:unconfined_r:unconfined_t:s0\","
		"\"arch\":\"i386\",\"syscall\":\"getppid\",\"syscall_nr\":64,\"compat\":1,\"sig\":31,"
		"\"signal\":\"SIGSYS\",\"code\":\"0x80000000\",\"action\":\"kill_process\",\"data\":null,\"errno\":null,\"ip\":\"0xf7f1c549\","
		"\"source\":\"file\",\"trusted\":true,\"host\":\"web-1\",\"cgroup\":null,\"unit\":null,\"slice\":null,\"container\":null,"
		"\"pod\":null,\"no_workload_because\":\"no_cgroup\",\"proctitle\":\"/bin/tr\\u0000-d\"}\n");
	free(e);
}

/* A 32-bit task's call, for people: its arch before the call, as named
 * (the fuzzer found the name read from a buffer never written). */
static void test_short_compat(void **state)
{
	struct event *e = event_of_every_field();
	char *s;

	setenv("TZ", "UTC", 1);
	s = print(e, TAIL_SHORT);
	assert_string_equal(s, "2026-11-23 20:53:40.629 web-1 evil q[4321] kill_process i386:getppid /usr/bin/tr\n");
	free(e);
}

static void test_ecs_every_key(void **state)
{
	struct event *e = event_of_every_field();

	assert_string_equal(print(e, TAIL_ECS),
		"{\"@timestamp\":\"2026-11-23T20:53:40.629Z\",\"event\":{\"kind\":\"event\",\"module\":\"auditd\","
		"\"action\":\"violated-seccomp-policy\",\"category\":[\"intrusion_detection\",\"process\"],"
		"\"type\":[\"denied\"],\"outcome\":\"failure\"},\"process\":{\"pid\":4321,"
		"\"name\":\"evil q\",\"executable\":\"/usr/bin/tr\",\"title\":\"/bin/tr\\u0000-d\"},"
		"\"host\":{\"name\":\"web-1\"},\"labels\":{\"trusted\":\"true\"},\"user\":{\"id\":\"1002\",\"name\":\"alice\"},\"group\":{\"id\":\"1003\",\"name\":\"staff\"},"
		"\"auditd\":{\"sequence\":1870,\"session\":\"44\",\"summary\":{\"actor\":{\"primary\":\"bob\\u001b\"}},"
		"\"data\":{\"syscall\":\"getppid\",\"arch\":\"i386\",\"code\":\"0x80000000\",\"action\":\"kill_process\","
		"\"sig\":\"31\",\"compat\":\"1\",\"ip\":\"0xf7f1c549\",\"auid\":\"1001\"}}}\n");
	free(e);
}

/* ECS: no empty objects for unset ids, and the outcome of each action. */
static void test_ecs_unset_and_outcomes(void **state)
{
	static const struct {
		const char *code, *verdict;
	} cases[] = {
		{ "0x7ffc0000", "\"type\":[\"allowed\"],\"outcome\":\"success\"" },		/* log */
		{ "0x50001", "\"type\":[\"denied\"],\"outcome\":\"failure\"" },		/* errno */
		{ "0x30000", "\"type\":[\"denied\"],\"outcome\":\"failure\"" },		/* trap */
		{ "0x0", "\"type\":[\"denied\"],\"outcome\":\"failure\"" },		/* kill_thread */
		{ "0x7fc00000", "\"type\":[\"info\"],\"outcome\":\"unknown\"" },	/* user_notif */
		{ "0x7ff00000", "\"type\":[\"info\"],\"outcome\":\"unknown\"" },	/* trace */
	};
	char line[512];
	struct assembler a;
	struct audit_record r;
	const char *out;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(line, sizeof(line), "type=SECCOMP msg=audit(1.002:3): auid=4294967295 uid=4294967295 "
			 "gid=4294967295 ses=4294967295 pid=9 comm=\"a\" exe=\"/a\" sig=0 arch=c000003e syscall=1 "
			 "compat=0 ip=0x1 code=%s", cases[i].code);
		assert_int_equal(assembler_init(&a, SOURCE_NETLINK, keep, NULL), 0);
		assert_int_equal(record_parse_line(line, strlen(line), &r), 0);
		assembler_feed(&a, &r, NULL, 0);
		assembler_flush(&a);
		out = print(built, TAIL_ECS);
		assert_non_null(strstr(out, cases[i].verdict));
		assert_null(strstr(out, "\"user\""));
		assert_null(strstr(out, "\"group\""));
		assert_null(strstr(out, "summary"));
		assert_null(strstr(out, "auid"));
		assert_null(strstr(out, "{}"));
		assembler_free(&a);
		free(built);
		built = NULL;
	}
}

static void test_json_unset(void **state)
{
	static const char *const line =
		"type=SECCOMP msg=audit(1.002:3): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=9 comm=\"a\" "
		"exe=\"/a\" sig=0 arch=c000003e syscall=99999 compat=0 ip=0x1 code=0x12340000";
	struct assembler a;
	struct audit_record r;

	assert_int_equal(assembler_init(&a, SOURCE_NETLINK, keep, NULL), 0);
	assert_int_equal(record_parse_line(line, strlen(line), &r), 0);
	assembler_feed(&a, &r, NULL, 0);
	assembler_flush(&a);
	assert_string_equal(print(built, TAIL_JSON),
		"{\"serial\":3,\"time\":\"1970-01-01T00:00:01.002Z\",\"pid\":9,\"uid\":0,\"user\":null,\"gid\":0,"
		"\"group\":null,\"auid\":null,\"audit_user\":null,\"ses\":null,\"comm\":\"a\",\"exe\":\"/a\","
		"\"arch\":\"x86_64\",\"syscall\":null,\"syscall_nr\":99999,\"compat\":0,\"sig\":0,\"signal\":null,"
		"\"code\":\"0x12340000\",\"action\":\"unknown(0x12340000)\",\"data\":null,\"errno\":null,\"ip\":\"0x1\",\"source\":\"netlink\",\"trusted\":true,\"host\":null,"
		"\"cgroup\":null,\"unit\":null,\"slice\":null,\"container\":null,\"pod\":null,\"no_workload_because\":\"no_cgroup\"}\n");
	assembler_free(&a);
	free(built);
	built = NULL;
}

/* A live lookup, the test's own: pid 9 is in a pod's container whose
 * runtime keeps hostile names; pid 10 is gone. */
#define WL_ID "4c01db0b339c36ba91e1c2ea1f2ff1d1de4a3a3b7c2f2a5f7d6a3c0d1e2f3a4b"
#define WL_CG "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c6b5a4f_1e2d_4c3b_9a8f_0e1d2c3b4a59.slice/cri-containerd-" WL_ID ".scope"

static int fake_resolve(void *ctx, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
			enum workload_why *why, struct workload *w, struct container_names *out)
{
	(void)ctx, (void)sec, (void)msec;
	if (pid != 9) {
		*why = WHY_MOVED;
		return -1;
	}
	assert_true(size > sizeof(WL_CG));
	memcpy(buf, WL_CG, sizeof(WL_CG));
	workload_parse(WL_CG, sizeof(WL_CG) - 1, w);
	assert_int_equal(w->runtime, CRT_CONTAINERD);
	out->name = "app\x1b[31m";
	out->image = "registry/app:1";
	out->pod_name = "web-0";
	out->pod_namespace = "shop";
	return (int)sizeof(WL_CG) - 1;
}

static void test_workload_every_form(void **state)
{
	static const struct workload_lookup lookup = { fake_resolve, NULL };
	static const char *const lines[] = {
		"type=SECCOMP msg=audit(1.002:3): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=9 comm=\"a\" "
		"exe=\"/a\" sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000",
		"type=SECCOMP msg=audit(1.002:4): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=10 comm=\"b\" "
		"exe=\"/b\" sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7ffc0000",
	};
	struct assembler a;
	struct audit_record r;
	const char *s;

	(void)state;
	assert_int_equal(assembler_init(&a, SOURCE_NETLINK, keep, NULL), 0);
	a.workload = &lookup;
	a.local_host = "here";
	assert_int_equal(record_parse_line(lines[0], strlen(lines[0]), &r), 0);
	assembler_feed(&a, &r, NULL, 0);
	assembler_flush(&a);
	s = print(built, TAIL_JSON);
	assert_non_null(strstr(s, "\"host\":\"here\",\"cgroup\":\"" WL_CG "\",\"unit\":\"cri-containerd-" WL_ID ".scope\","
				  "\"slice\":\"kubepods-burstable-pod7c6b5a4f_1e2d_4c3b_9a8f_0e1d2c3b4a59.slice\","
				  "\"container\":{\"runtime\":\"containerd\",\"id\":\"" WL_ID "\",\"name\":\"app\\u001b[31m\","
				  "\"image\":\"registry/app:1\"},\"pod\":{\"uid\":\"7c6b5a4f-1e2d-4c3b-9a8f-0e1d2c3b4a59\","
				  "\"name\":\"web-0\",\"namespace\":\"shop\",\"qos\":\"burstable\"},\"no_workload_because\":null}"));
	s = print(built, TAIL_ECS);
	assert_non_null(strstr(s, "\"host\":{\"name\":\"here\"},\"container\":{\"runtime\":\"containerd\",\"id\":\"" WL_ID
				  "\",\"name\":\"app\\u001b[31m\",\"image\":{\"name\":\"registry/app:1\"}},"
				  "\"orchestrator\":{\"type\":\"kubernetes\",\"namespace\":\"shop\",\"resource\":{\"type\":\"pod\","
				  "\"id\":\"7c6b5a4f-1e2d-4c3b-9a8f-0e1d2c3b4a59\",\"name\":\"web-0\"}},"
				  "\"service\":{\"name\":\"cri-containerd-" WL_ID ".scope\",\"type\":\"systemd\"}"));
	/* short text: the container by name, its escape never raw */
	s = print(built, TAIL_SHORT);
	assert_non_null(strstr(s, "a[9](containerd:app\\x1b[31m) log getppid /a"));
	assert_null(strchr(s, '\x1b'));
	free(built);
	built = NULL;
	/* gone: unknown, and why */
	assert_int_equal(record_parse_line(lines[1], strlen(lines[1]), &r), 0);
	assembler_feed(&a, &r, NULL, 0);
	assembler_flush(&a);
	assert_non_null(strstr(print(built, TAIL_JSON), "\"cgroup\":null,\"unit\":null,\"slice\":null,\"container\":null,"
						       "\"pod\":null,\"no_workload_because\":\"gone_after_exec\"}"));
	assembler_free(&a);
	free(built);
	built = NULL;
}

static const struct unique_key *told_key;

static void told(const struct unique_key *k, void *data)
{
	struct out *o = data;

	told_key = k;
	tail_print_repeats(o, TAIL_JSON, k, 60000);
	tail_print_repeats(o, TAIL_ECS, k, 60000);
}

/* An action this tool does not know is named the same by the event and by
 * --unique's repeats (the whole code, as code= has it), so that a consumer
 * can match the two; ECS's repeats are the event's document, made once. */
static void test_unknown_action_named_alike(void **state)
{
	static const char *const line =
		"type=SECCOMP msg=audit(1.002:3): auid=4294967295 uid=0 gid=0 ses=4294967295 pid=9 comm=\"a\" "
		"exe=\"/a\" sig=0 arch=c000003e syscall=110 compat=0 ip=0x1 code=0x7fe00005";
	struct out *o = out_new(-1, 4096, true, false);
	struct assembler a;
	struct audit_record r;
	struct unique u;
	char event_action[64], *at;
	const char *d;

	assert_int_equal(assembler_init(&a, SOURCE_FILE, keep, NULL), 0);
	assert_int_equal(record_parse_line(line, strlen(line), &r), 0);
	assembler_feed(&a, &r, NULL, 0);
	assembler_flush(&a);
	at = strstr(print(built, TAIL_JSON), "\"action\":");
	assert_non_null(at);
	snprintf(event_action, sizeof(event_action), "%.*s", (int)(strchr(at + 10, '"') - at + 1), at);
	assert_string_equal(event_action, "\"action\":\"unknown(0x7fe00005)\"");
	assert_int_equal(unique_init(&u, 60000), 0);
	assert_true(unique_see(&u, built, 1000));
	assert_false(unique_see(&u, built, 2000));
	unique_expire(&u, INT64_MAX, told, o);
	assert_non_null(told_key);
	d = out_data(o, NULL);
	/* the JSON repeats, then the ECS one: both name it as the event did */
	at = strstr(d, event_action);
	assert_non_null(at);
	assert_non_null(strstr(at + 1, event_action));
	assert_non_null(strstr(d, "\"event\":{\"kind\":\"event\",\"module\":\"auditd\",\"action\":"
			       "\"violated-seccomp-policy\",\"category\":[\"intrusion_detection\",\"process\"],"
			       "\"type\":[\"info\"],\"outcome\":\"unknown\",\"start\":\"1970-01-01T00:00:01.000Z\","
			       "\"end\":\"1970-01-01T00:00:02.000Z\"},\"process\":{\"executable\":\"/a\"},"
			       "\"auditd\":{\"repeats\":1,\"data\":{\"syscall\":\"getppid\",\"arch\":\"x86_64\","
			       "\"action\":\"unknown(0x7fe00005)\"}}}"));
	unique_free(&u);
	assembler_free(&a);
	out_free(o);
	free(built);
	built = NULL;
}

/* --summary's rows of one count come in the order of their keys, whatever
 * order the records came in and wherever the hash table put them. */
static void test_summary_ties_in_key_order(void **state)
{
	static const int nrs[] = { 110, 0, 39, 1, 60, 2, 231, 3 };
	char order[2][8][32];
	struct assembler a;
	struct audit_record r;
	struct summary s;
	struct summary_row *rows;
	char line[512];
	size_t n, i, k;

	for (k = 0; k < 2; k++) {
		assert_int_equal(summary_init(&s), 0);
		assert_int_equal(assembler_init(&a, SOURCE_FILE, keep, NULL), 0);
		for (i = 0; i < 8; i++) {
			int nr = nrs[k ? 7 - i : i];

			snprintf(line, sizeof(line), "type=SECCOMP msg=audit(1.000:%zu): auid=0 uid=0 gid=0 ses=1 pid=9 "
				 "comm=\"a\" exe=\"/a\" sig=0 arch=c000003e syscall=%d compat=0 ip=0x1 code=0x7ffc0000",
				 100 + i, nr);
			assert_int_equal(record_parse_line(line, strlen(line), &r), 0);
			assembler_feed(&a, &r, line, strlen(line));
			assembler_flush(&a);
			summary_add(&s, built);
		}
		assert_non_null(rows = summary_sorted(&s, &n));
		assert_int_equal(n, 8);
		for (i = 0; i < n; i++)
			snprintf(order[k][i], sizeof(order[k][i]), "%s", rows[i].key + rows[i].exe_len + 1);
		free(rows);
		summary_free(&s);
		assembler_free(&a);
		/* by name: close, exit, getppid ... write */
		for (i = 1; i < n; i++)
			assert_true(strcmp(order[k][i - 1], order[k][i]) < 0);
	}
	for (i = 0; i < 8; i++)
		assert_string_equal(order[0][i], order[1][i]);
	free(built);
	built = NULL;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_every_key),
		cmocka_unit_test(test_short_compat),
		cmocka_unit_test(test_ecs_every_key),
		cmocka_unit_test(test_ecs_unset_and_outcomes),
		cmocka_unit_test(test_json_unset),
		cmocka_unit_test(test_workload_every_form),
		cmocka_unit_test(test_unknown_action_named_alike),
		cmocka_unit_test(test_summary_ties_in_key_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
