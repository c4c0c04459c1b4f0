// SPDX-License-Identifier: LGPL-2.1-or-later
/* The profile builder over records of several arches, its three outputs,
 * learning on a base, what a profile does with a call, OCI profiles read
 * back, the runtimes' lists, and the set of a command's processes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "model/event.h"
#include "os/dropin.h"
#include "os/ocijson.h"
#include "os/output.h"
#include "model/pidtree.h"
#include "model/profile.h"
#include "model/audit-record.h"
#include "model/names.h"

static void to_profile(struct event *e, void *data)
{
	profile_add(data, e);
}

static void build(struct profile *p)
{
	char path[512], line[4096];
	struct assembler a;
	struct audit_record r;
	FILE *f;

	assert_int_equal(profile_init(p), 0);
	assert_int_equal(assembler_init(&a, SOURCE_FILE, to_profile, p), 0);
	snprintf(path, sizeof(path), "%s/profile-arches.log", DATADIR);
	assert_non_null(f = fopen(path, "r"));
	while (fgets(line, sizeof(line), f)) {
		size_t len = strcspn(line, "\n");

		assert_int_equal(record_parse_line(line, len, &r), 0);
		assembler_feed(&a, &r, line, len);
	}
	fclose(f);
	assembler_flush(&a);
	assembler_free(&a);
}

static const struct prof_call *find(const struct profile *p, const char *ident, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->calls[i].arch && strcmp(p->calls[i].arch->name, ident) == 0 && p->calls[i].name &&
		    strcmp(p->calls[i].name, name) == 0)
			return &p->calls[i];
	return NULL;
}

/* What a writer made, NUL-terminated, in a string the caller frees. */
static char *written(void (*write)(struct out *, const struct profile *, const struct profile_opts *),
		     const struct profile *p, const struct profile_opts *opts)
{
	struct out *o = out_new(-1, 1 << 16, true, false);
	const char *data;
	size_t len;
	char *s;

	assert_non_null(o);
	write(o, p, opts);
	assert_int_equal(o->err, 0);
	data = out_data(o, &len);
	s = strndup(data, len);
	out_free(o);
	return s;
}

static void test_calls_per_arch(void **state)
{
	struct profile p;
	const struct prof_call *c;

	build(&p);
	assert_int_equal(p.events, 10);
	/* two records of x86_64 read, from two executables, one denied with errno */
	assert_non_null(c = find(&p, "x86_64", "read"));
	assert_int_equal(c->count, 3);
	assert_int_equal(c->nexes, 2);
	assert_string_equal(c->exes[0], "/usr/bin/learn-subject");
	assert_string_equal(c->exes[1], "/usr/bin/other");
	assert_int_equal(c->first_ms, 1795546134794LL);
	assert_int_equal(c->last_ms, 1795546134796LL);
	/* the 32-bit getpid is 20 in i386's table, not x86_64's 20 (writev) */
	assert_non_null(find(&p, "i386", "getpid"));
	assert_null(find(&p, "x86_64", "writev"));
	/* x32: x86_64's audit arch, bit 30 in the number */
	assert_non_null(find(&p, "x32", "write"));
	/* aarch64's own numbers: 56 openat, 221 execve */
	assert_non_null(find(&p, "aarch64", "openat"));
	assert_non_null(find(&p, "aarch64", "execve"));
	assert_non_null(find(&p, "x86_64", "execve"));
	/* an arch no table has, a number no name: kept, and counted as unnamed */
	assert_int_equal(profile_unnamed(&p), 2);
	profile_free(&p);
}

static void test_oci_output(void **state)
{
	struct profile_opts opts = { .format = FORMAT_OCI };
	struct profile p;
	char *s;

	build(&p);
	s = written(profile_write_oci, &p, &opts);
	assert_non_null(strstr(s, "\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1"));
	assert_non_null(strstr(s, "\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\","
				  "\"SCMP_ARCH_AARCH64\"]"));
	/* one allow rule: every name once, sorted */
	assert_non_null(strstr(s, "\"names\":[\"execve\",\"getpid\",\"openat\",\"read\",\"write\"],"
				  "\"action\":\"SCMP_ACT_ALLOW\""));
	assert_non_null(strstr(s, "\"flags\":[]"));
	free(s);

	opts.log_denied = true;
	opts.default_action = "SCMP_ACT_KILL_PROCESS";
	opts.runtime = RUNTIME_RUNC;
	s = written(profile_write_oci, &p, &opts);
	assert_non_null(strstr(s, "\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\",\"architectures\""));
	assert_non_null(strstr(s, "\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"]"));
	/* what runc calls after loading the filter */
	assert_non_null(strstr(s, "\"fstatfs\""));
	assert_non_null(strstr(s, "\"capset\""));
	free(s);
	profile_free(&p);
}

static void test_systemd_output(void **state)
{
	struct profile_opts opts = { .format = FORMAT_SYSTEMD, .source = "a log" };
	struct profile p;
	char *s;

	build(&p);
	s = written(profile_write_systemd, &p, &opts);
	assert_non_null(strstr(s, "from 10 records of a log: 5 system calls"));
	assert_non_null(strstr(s, "\nSystemCallArchitectures=native x86 x32 arm64\n"));
	assert_non_null(strstr(s, "\nSystemCallFilter=execve getpid openat read write\n"));
	assert_non_null(strstr(s, "\nSystemCallErrorNumber=EPERM\n"));
	free(s);
	/* learning: nothing is denied, what the list lacks is logged */
	opts.default_action = "SCMP_ACT_LOG";
	s = written(profile_write_systemd, &p, &opts);
	assert_non_null(strstr(s, "\nSystemCallLog=~execve getpid openat read write\n"));
	assert_null(strstr(s, "SystemCallFilter="));
	free(s);
	profile_free(&p);

	/* nothing recorded: no empty SystemCallFilter=, which would turn the filter off */
	assert_int_equal(profile_init(&p), 0);
	opts.default_action = NULL;
	s = written(profile_write_systemd, &p, &opts);
	assert_null(strstr(s, "\nSystemCallFilter="));
	free(s);
	profile_free(&p);
}

static void test_json_output(void **state)
{
	struct profile_opts opts = { .format = FORMAT_JSON, .source = "a log" };
	struct profile p;
	char *s;

	build(&p);
	profile_lost(&p, 7);
	s = written(profile_write_json, &p, &opts);
	assert_non_null(strstr(s, "\"records\":10,\"source\":\"a log\",\"lost\":7,\"lost_reports\":1"));
	assert_non_null(strstr(s, "{\"arch\":\"x86_64\",\"name\":\"read\",\"nr\":0,\"count\":3,"
				  "\"first\":\"2026-11-24T"));
	assert_non_null(strstr(s, "\"exes\":[\"/usr/bin/learn-subject\",\"/usr/bin/other\"],\"more_exes\":false,"
				  "\"actions\":[\"errno\",\"log\"]"));
	assert_non_null(strstr(s, "{\"arch\":\"i386\",\"name\":\"getpid\",\"nr\":20,"));
	assert_non_null(strstr(s, "{\"arch\":\"x32\",\"name\":\"write\",\"nr\":1073741825,"));
	/* no table: the arch as unknown(0x...), no name */
	assert_non_null(strstr(s, "{\"arch\":\"unknown(0xdeadbeef)\",\"name\":null,\"nr\":1,"));
	assert_non_null(strstr(s, "{\"arch\":\"x86_64\",\"name\":null,\"nr\":999,"));
	free(s);
	profile_free(&p);
}

static char *temp_json(const char *text)
{
	static char path[] = "/tmp/seccompctl-test-profile-XXXXXX";
	char *p = strdup(path);
	int fd;

	assert_non_null(p);
	assert_true((fd = mkstemp(p)) >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return p;
}

static const char base_json[] =
	"{\"ociVersion\":\"1.0.2\",\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\","
	"\"defaultErrnoRet\":38,\"architectures\":[\"SCMP_ARCH_X86_64\"],\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"],"
	"\"syscalls\":[{\"names\":[\"read\",\"close\"],\"action\":\"SCMP_ACT_ALLOW\"},"
	"{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]},"
	"{\"names\":[\"ptrace\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1},"
	"{\"names\":[\"ioctl\"],\"action\":\"SCMP_ACT_NOTIFY\"}]}}}";

static void test_learning_on_a_base(void **state)
{
	struct oci_profile base;
	struct profile_opts opts = { .format = FORMAT_OCI };
	struct profile p;
	const char **names;
	char err[256], *path = temp_json(base_json), *s;
	size_t n;

	assert_int_equal(oci_profile_load(path, &base, err, sizeof(err)), 0);
	unlink(path);
	free(path);
	assert_string_equal(base.default_action, "SCMP_ACT_ERRNO");
	assert_int_equal(base.default_errno, 38);
	assert_int_equal(base.nrules, 4);
	assert_non_null(base.rules[1].args_json);
	opts.base = &base;
	build(&p);
	/* read is allowed by the base; execve only with an argument: it is added */
	assert_non_null(names = profile_names(&p, &opts, &n));
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "execve");
	assert_string_equal(names[1], "getpid");
	assert_string_equal(names[2], "openat");
	assert_string_equal(names[3], "write");
	free(names);
	s = written(profile_write_oci, &p, &opts);
	/* the base's errno, flags and rules kept as they were, the arches joined */
	assert_non_null(strstr(s, "\"defaultErrnoRet\":38"));
	assert_non_null(strstr(s, "\"flags\":[\"SECCOMP_FILTER_FLAG_LOG\"]"));
	assert_non_null(strstr(s, "{\"names\":[\"execve\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,"));
	assert_non_null(strstr(s, "{\"names\":[\"ptrace\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}"));
	assert_non_null(strstr(s, "{\"names\":[\"execve\",\"getpid\",\"openat\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"}"));
	free(s);
	/* systemd has no base: the base's unconditional allows are written with the rest, once */
	opts.format = FORMAT_SYSTEMD;
	s = written(profile_write_systemd, &p, &opts);
	assert_non_null(strstr(s, "\nSystemCallFilter=close execve getpid openat read write\n"));
	free(s);
	profile_free(&p);
	oci_profile_free(&base);
}

static void test_judge(void **state)
{
	struct oci_profile op;
	const struct arch_info *x86_64 = arch_by_oci("SCMP_ARCH_X86_64"), *i386 = arch_by_oci("SCMP_ARCH_X86");
	const char *action = NULL;
	char err[256], *path = temp_json(base_json);

	assert_int_equal(oci_profile_load(path, &op, err, sizeof(err)), 0);
	unlink(path);
	free(path);
	assert_int_equal(oci_judge(&op, x86_64, "read", &action), OCI_ALLOWED);
	assert_int_equal(oci_judge(&op, x86_64, "openat", &action), OCI_DENIED);
	assert_string_equal(action, "SCMP_ACT_ERRNO");
	assert_int_equal(oci_judge(&op, x86_64, "ptrace", &action), OCI_DENIED);
	/* arguments the records do not carry, or a supervisor, decide */
	assert_int_equal(oci_judge(&op, x86_64, "execve", &action), OCI_DEPENDS);
	assert_int_equal(oci_judge(&op, x86_64, "ioctl", &action), OCI_DEPENDS);
	/* an arch the profile does not list: the filter kills it */
	if (arch_native() == x86_64) {
		assert_int_equal(oci_judge(&op, i386, "read", &action), OCI_DENIED);
		assert_non_null(strstr(action, "bad arch"));
	}
	oci_profile_free(&op);
}

static void test_load_errors(void **state)
{
	static const struct {
		const char *text, *says;
	} bad[] = {
		{ "[1,2]", "not a seccomp profile" },
		{ "{\"syscalls\":[]}", "no defaultAction" },
		{ "{\"defaultAction\":\"SCMP_ACT_MAYBE\"}", "unknown defaultAction" },
		{ "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"NOPE\"}]}",
		  "NOPE" },
		{ "{\"defaultAction\":", "ends too early" },
		{ "{\"defaultAction\":\"SCMP_ACT_ALLOW\"} x", "more after the value" },
		/* json-c would make it 18446744073709551615: refused, never clamped */
		{ "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"dup\"],\"action\":\"SCMP_ACT_ERRNO\","
		  "\"args\":[{\"index\":0,\"value\":1180591620717411303424,\"op\":\"SCMP_CMP_EQ\"}]}]}",
		  "1180591620717411303424 at byte" },
	};
	struct oci_profile op;
	char err[256], *path;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		path = temp_json(bad[i].text);
		err[0] = 0;
		assert_true(oci_profile_load(path, &op, err, sizeof(err)) < 0);
		assert_non_null(strstr(err, bad[i].says));
		assert_true(err[0] != 0);
		unlink(path);
		free(path);
	}
	assert_int_equal(oci_profile_load("/nonexistent/profile.json", &op, err, sizeof(err)), -ENOENT);
}

/* systemd's SystemCallFilter= as the OCI profile it stands for, and the
 * value each call gets from it. */
static void test_dropin(void **state)
{
	struct oci_profile p;
	struct oci_expect e;
	char err[512], *path;
	uint32_t def;

	path = temp_json("[Service]\nSystemCallFilter=read write\nSystemCallFilter=openat\n");
	assert_int_equal(dropin_profile_load(path, &p, err, sizeof(err)), 0);
	assert_string_equal(p.default_action, "SCMP_ACT_KILL_PROCESS");
	assert_int_equal(p.rules[0].nnames, 3);
	assert_true(oci_ret(p.default_action, p.has_default_errno, p.default_errno, &def));
	assert_int_equal(def, SECCOMP_RET_KILL_PROCESS);
	oci_expect(&p, "openat", def, &e);
	assert_true(e.listed && e.ret == SECCOMP_RET_ALLOW);
	oci_profile_free(&p);
	unlink(path);
	free(path);
	path = temp_json("SystemCallFilter=~ptrace mount\nSystemCallErrorNumber=EPERM\n");
	assert_int_equal(dropin_profile_load(path, &p, err, sizeof(err)), 0);
	assert_string_equal(p.default_action, "SCMP_ACT_ALLOW");
	assert_true(oci_ret(p.default_action, p.has_default_errno, p.default_errno, &def));
	oci_expect(&p, "mount", def, &e);
	assert_int_equal(e.ret, SECCOMP_RET_ERRNO | EPERM);
	oci_expect(&p, "read", def, &e);
	assert_false(e.listed);
	assert_int_equal(e.ret, SECCOMP_RET_ALLOW);
	oci_profile_free(&p);
	unlink(path);
	free(path);
	path = temp_json("SystemCallFilter=@system-service\n");
	assert_int_equal(dropin_profile_load(path, &p, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "uses the group @system-service"));
	unlink(path);
	free(path);
	path = temp_json("[Service]\nUser=nobody\n");
	assert_int_equal(dropin_profile_load(path, &p, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "holds no SystemCallFilter= line"));
	unlink(path);
	free(path);
}

/* What a profile may cost is bounded: one past OCI_PROFILE_MAX is refused
 * before json-c holds it (63 MB took 1.8 GB). */
static void test_load_bounded(void **state)
{
	static const char head[] = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[";
	static const char rule[] = "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"},";
	size_t n = (OCI_PROFILE_MAX - sizeof(head)) / (sizeof(rule) - 1) + 2, i;
	char *text = malloc(sizeof(head) + n * (sizeof(rule) - 1) + 8), *p = text, *path;
	struct oci_profile op;
	char err[256];

	assert_non_null(text);
	p += sprintf(p, "%s", head);
	for (i = 0; i < n; i++)
		p += sprintf(p, "%s", rule);
	sprintf(p - 1, "]}");
	assert_true(strlen(text) > OCI_PROFILE_MAX);
	path = temp_json(text);
	assert_int_equal(oci_profile_load(path, &op, err, sizeof(err)), -EFBIG);
	assert_non_null(strstr(err, "too large: seccompctl reads profiles of up to 4 MiB"));
	unlink(path);
	free(path);
	/* and one just under it is read */
	sprintf(text + sizeof(head) - 1 + (n - 2) * (sizeof(rule) - 1) - 1, "]}");
	path = temp_json(text);
	assert_int_equal(oci_profile_load(path, &op, err, sizeof(err)), 0);
	assert_int_equal(op.nrules, n - 2);
	oci_profile_free(&op);
	unlink(path);
	free(path);
	free(text);
}

static void test_runtime_lists_are_names(void **state)
{
	static const enum profile_runtime rts[] = { RUNTIME_RUNC, RUNTIME_CRUN };
	const struct arch_info *native = arch_native();
	const char *const *l;
	size_t i, k;
	bool found;

	assert_non_null(native);
	for (i = 0; i < 2; i++)
		for (l = profile_runtime_calls(rts[i]); *l; l++) {
			for (k = 0, found = false; k < native->table->n && !found; k++)
				found = native->table->names[k] && strcmp(native->table->names[k], *l) == 0;
			if (!found)
				fail_msg("'%s' is not a system call name libseccomp knows here", *l);
		}
	assert_null(profile_runtime_calls(RUNTIME_NONE)[0]);
	assert_string_equal(profile_action_from_name("kill_process"), "SCMP_ACT_KILL_PROCESS");
	assert_string_equal(profile_action_from_name("SCMP_ACT_LOG"), "SCMP_ACT_LOG");
	assert_null(profile_action_from_name("allow"));
}

static void test_pidtree(void **state)
{
	struct pidtree t;
	pid_t pid;

	assert_int_equal(pidtree_init(&t, 100, 101), 0);
	assert_int_equal(pidtree_add(&t, 102), 0);
	pidtree_fork(&t, 102, 200);	/* the command's child */
	pidtree_fork(&t, 200, 300);	/* and its child */
	pidtree_fork(&t, 100, 103);	/* CLONE_PARENT from the command: a child of ours */
	pidtree_fork(&t, 100, 101);	/* the marker is not the command's */
	pidtree_fork(&t, 1, 400);	/* a stranger */
	pidtree_fork(&t, 102, 102);	/* a thread */
	assert_true(pidtree_has(&t, 102) && pidtree_has(&t, 200) && pidtree_has(&t, 300) && pidtree_has(&t, 103));
	assert_false(pidtree_has(&t, 101) || pidtree_has(&t, 400) || pidtree_has(&t, 100));
	assert_int_equal(pidtree_alive(&t), 4);
	/* an ended process stays ours: its last records may still come */
	pidtree_exit(&t, 300);
	assert_true(pidtree_has(&t, 300));
	assert_int_equal(pidtree_alive(&t), 3);
	/* its pid given to a stranger: counted, no longer ours */
	pidtree_fork(&t, 1, 300);
	assert_false(pidtree_has(&t, 300));
	assert_int_equal(t.reused, 1);
	/* a fork storm: the set grows */
	for (pid = 1000; pid < 21000; pid++)
		pidtree_fork(&t, pid == 1000 ? 200 : pid - 1, pid);
	assert_int_equal(t.err, 0);
	assert_true(pidtree_has(&t, 20999));
	assert_false(pidtree_has(&t, 21000));
	pidtree_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calls_per_arch),
		cmocka_unit_test(test_oci_output),
		cmocka_unit_test(test_systemd_output),
		cmocka_unit_test(test_json_output),
		cmocka_unit_test(test_learning_on_a_base),
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_load_bounded),
		cmocka_unit_test(test_dropin),
		cmocka_unit_test(test_runtime_lists_are_names),
		cmocka_unit_test(test_pidtree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
