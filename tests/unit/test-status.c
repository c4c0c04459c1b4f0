// SPDX-License-Identifier: LGPL-2.1-or-later
/* status: /proc read from a fake folder, and every verdict from recorded facts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdlib.h>
#include <time.h>

#include "unit.h"
#include "os/procfs.h"
#include "model/status.h"

static char root[256];

static void put(const char *name, const char *content)
{
	char path[512], dir[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = dir + strlen(root) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
}

static int setup(void **state)
{
	char link[512];

	snprintf(root, sizeof(root), "/tmp/seccompctl-proc-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	/* recorded from this machine with journald running, trimmed */
	put("net/netlink",
	    "sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode\n"
	    "00000000b318f751 9   0          00000000 0        0        0     2        0        6       \n"
	    "000000004b69f876 9   1234       00000001 0        0        0     2        0        555     \n"
	    "000000004b69f877 9   77         00000000 0        0        0     2        0        556     \n"
	    "00000000deadbeef 0   1234       00000000 0        0        0     2        0        557     \n");
	put("1234/comm", "systemd-journal\n");
	put("1234/status", "Name:\tsystemd-journal\nState:\tS (sleeping)\nSeccomp:\t0\n");
	mkdir(strcat(strcpy(link, root), "/1234/fd"), 0755);
	snprintf(link, sizeof(link), "%s/1234/fd/9", root);
	if (symlink("socket:[555]", link) < 0)
		return -1;
	put("cmdline", "BOOT_IMAGE=/vmlinuz root=/dev/vda audit=0 quiet\n");
	put("42/comm", "sandboxed\n");
	put("42/status", "Name:\tsandboxed\nState:\tS (sleeping)\nSeccomp:\t2\nSeccomp_filters:\t3\n");
	put("43/comm", "strict\n");
	put("43/status", "Name:\tstrict\nState:\tR (running)\nSeccomp:\t1\n");
	put("44/comm", "zombie\n");
	put("44/status", "Name:\tsystemd-journal\nState:\tZ (zombie)\nSeccomp:\t0\n");
	put("self/status", "Name:\tx\nCapEff:\t000001fffeffffff\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd);
}

static void test_listeners(void **state)
{
	struct audit_listener l[8];
	size_t n;

	assert_int_equal(proc_audit_listeners(root, l, 8, &n), 0);
	assert_int_equal(n, 2);	/* the kernel's end and other protocols left out */
	assert_int_equal(l[0].portid, 1234);
	assert_int_equal(l[0].groups, 1);
	assert_int_equal(l[0].pid, 1234);
	assert_string_equal(l[0].comm, "systemd-journal");
	assert_int_equal(l[1].groups, 0);
	assert_int_equal(l[1].pid, 0);
}

static void test_cmdline_caps_alive(void **state)
{
	uint64_t caps;
	pid_t pids[4];
	size_t n;

	assert_int_equal(proc_cmdline_has(root, "audit=0"), 1);
	assert_int_equal(proc_cmdline_has(root, "audit=1"), 0);
	assert_int_equal(proc_cap_eff(root, "self", &caps), 0);
	assert_true(caps >> 21 & 1);
	assert_true(caps >> 37 & 1);
	assert_true(proc_alive(root, 1234));
	assert_false(proc_alive(root, 44));
	assert_int_equal(proc_find_comm(root, "systemd-journal", pids, 4, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pids[0], 1234);
}

static int collect(const struct proc_seccomp *p, void *data)
{
	struct proc_seccomp *out = data;

	out[p->pid - 42] = *p;
	return 0;
}

/* A 256-CPU host: btime comes after 257 cpu lines and a long intr line, far
 * past the 8 KiB a fixed buffer used to read. */
static void test_boot_time_many_cpus(void **state)
{
	size_t size = 1 << 20, len = 0;
	char *stat = malloc(size);
	int cpu, irq;

	assert_non_null(stat);
	len += (size_t)snprintf(stat + len, size - len, "cpu  4061 0 1555 47827 317 0 35 10 0 0\n");
	for (cpu = 0; cpu < 256; cpu++)
		len += (size_t)snprintf(stat + len, size - len, "cpu%d 1807 0 593 24495 8 0 8 2 0 0\n", cpu);
	len += (size_t)snprintf(stat + len, size - len, "intr 145777");
	for (irq = 0; irq < 8192; irq++)
		len += (size_t)snprintf(stat + len, size - len, " %d", irq % 7);
	snprintf(stat + len, size - len, "\nctxt 353\nbtime 1795163426\nprocesses 5\n");
	assert_true(strlen(stat) > 19 * 1024);
	put("stat", stat);
	free(stat);
	assert_int_equal(proc_boot_time(root), 1795163426);
	put("stat", "cpu  1 2 3\nctxt 4\n");
	assert_true(proc_boot_time(root) < 0);
}

static void test_seccomp_processes(void **state)
{
	static struct proc_seccomp got[2];

	assert_int_equal(proc_seccomp_each(root, collect, got), 0);
	assert_int_equal(got[0].pid, 42);
	assert_int_equal(got[0].mode, SECCOMP_MODE_FILTER);
	assert_int_equal(got[0].filters, 3);
	assert_string_equal(got[0].comm, "sandboxed");
	assert_int_equal(got[1].mode, SECCOMP_MODE_STRICT);
	assert_int_equal(got[1].filters, -1);	/* a kernel before 5.9 does not say */
}

static struct status_facts facts(void)
{
	struct status_facts f;

	memset(&f, 0, sizeof(f));
	f.seccomp_filter = true;
	vocab_from_avail(&f.vocab, KERNEL_AVAIL);
	f.logged_known = true;
	f.logged = vocab_default(&f.vocab);
	f.route.audit_known = true;
	f.route.audit.enabled = 1;
	f.route.audit.backlog_limit = 8192;
	f.caps_known = f.cap_sys_admin = f.cap_audit_read = f.cap_audit_control = true;
	f.initial_user_ns = f.initial_net_ns = 1;
	f.self = 99;
	return f;
}

static bool has_warning(const struct status_verdicts *v, const char *needle)
{
	size_t i;

	for (i = 0; i < v->nwarnings; i++)
		if (strstr(v->warnings[i].text, needle))
			return true;
	return false;
}

/* Scripts read the kind: every warning has one, and it is stable. */
static bool has_kind(const struct status_verdicts *v, const char *kind)
{
	size_t i;

	for (i = 0; i < v->nwarnings; i++)
		if (strcmp(v->warnings[i].kind, kind) == 0)
			return true;
	return false;
}

static void test_auditd_keeps_records(void **state)
{
	struct status_facts f = facts();
	struct status_verdicts v;

	f.route.audit.pid = 500;
	f.route.auditd_alive = true;
	f.route.auditd_writes_logs = 1;
	snprintf(f.route.auditd_log, sizeof(f.route.auditd_log), "/var/log/audit/audit.log");
	status_judge(&f, &v);
	assert_int_equal(v.paper_trail, 1);
	assert_string_equal(v.paper_trail_why.kind, "auditd");
	assert_string_equal(v.go[0].kind, "auditd");
	assert_non_null(strstr(v.paper_trail_why.text, "auditd (pid 500) writes /var/log/audit/audit.log"));
	assert_int_equal(v.can_verify, 1);
	assert_int_equal(v.nwarnings, 0);
	assert_non_null(strstr(v.go[0].text, "auditd (pid 500)"));
}

static void test_journald_turned_audit_off(void **state)
{
	struct status_facts f = facts();
	struct status_verdicts v;

	f.route.audit.enabled = 0;
	f.route.journald_pid = 1234;
	f.route.journald_reads_audit = 1;
	f.route.journald_disabled_audit = true;
	f.route.journald_disabled_usec = 1795469642177000ULL;	/* 2026-11-23 21:34:02.177 UTC */
	setenv("TZ", "UTC", 1);
	tzset();
	status_judge(&f, &v);
	assert_int_equal(v.paper_trail, 0);
	assert_non_null(strstr(v.paper_trail_why.text, "by systemd-journald at its start"));
	assert_true(has_warning(&v, "turned audit off when it started without auditd, at 2026-11-23 21:34:02.177."));
	assert_true(has_warning(&v, "Remedy: start auditd"));
	assert_true(has_kind(&v, "journald_disabled_audit") && has_kind(&v, "audit_disabled"));
	assert_string_equal(v.paper_trail_why.kind, "audit_disabled");
	assert_string_equal(v.can_verify_why.kind, "audit_disabled");
	assert_int_equal(v.can_verify, 0);
	/* SECCOMP records still reach the journal and the kernel log */
	assert_int_equal(v.ngo, 2);
	assert_non_null(strstr(v.go[1].text, "the journal"));
}

static void test_nothing_keeps_records(void **state)
{
	struct status_facts f = facts();
	struct status_verdicts v;

	status_judge(&f, &v);
	assert_int_equal(v.paper_trail, 0);
	assert_true(has_warning(&v, "Nothing keeps audit records"));
	assert_non_null(strstr(v.go[0].text, "kernel log"));
	/* a journald that reads audit keeps them */
	f.route.journald_pid = 1234;
	f.route.journald_reads_audit = 1;
	status_judge(&f, &v);
	assert_int_equal(v.paper_trail, 1);
}

static void test_audit_off_on_cmdline(void **state)
{
	struct status_facts f = facts();
	struct status_verdicts v;

	f.route.audit_cmdline_off = 1;
	status_judge(&f, &v);
	assert_int_equal(v.paper_trail, 0);
	assert_true(has_warning(&v, "remove audit=0"));
	assert_string_equal(v.go[0].text, "nowhere: audit=0");
}

static void test_unprivileged(void **state)
{
	struct status_facts f = facts();
	struct status_verdicts v;

	f.route.audit_known = false;
	f.cap_sys_admin = f.cap_audit_read = f.cap_audit_control = false;
	status_judge(&f, &v);
	assert_int_equal(v.paper_trail, -1);
	assert_non_null(strstr(v.paper_trail_why.text, "CAP_AUDIT_CONTROL"));
	assert_int_equal(v.can_verify, 0);
	assert_non_null(strstr(v.can_verify_why.text, "CAP_SYS_ADMIN"));
	assert_non_null(strstr(v.go[0].text, "unknown"));
}

static void test_namespaces(void **state)
{
	struct status_facts f = facts();
	struct status_verdicts v;

	f.initial_net_ns = 0;
	status_judge(&f, &v);
	assert_int_equal(v.can_verify, 0);
	assert_non_null(strstr(v.can_verify_why.text, "network namespace"));
	f = facts();
	f.cap_audit_read = false;
	status_judge(&f, &v);
	assert_non_null(strstr(v.can_verify_why.text, "CAP_AUDIT_READ"));
}

static void test_warnings(void **state)
{
	struct status_facts f = facts();
	struct status_verdicts v;

	f.logged = 1U << 6;	/* log only */
	f.route.audit.lost = 12;
	f.route.audit.rate_limit = 5;
	f.route.audit.pid = 500;	/* registered, but gone */
	f.route.auditd_alive = false;
	status_judge(&f, &v);
	assert_true(has_warning(&v, "kill_process is not logged"));
	assert_true(has_warning(&v, "kill_thread is not logged"));
	assert_true(has_warning(&v, "lost 12"));
	assert_true(has_warning(&v, "rate limited to 5"));
	assert_true(has_warning(&v, "no longer runs"));
	assert_true(has_kind(&v, "kill_process_not_logged") && has_kind(&v, "kill_thread_not_logged"));
	assert_true(has_kind(&v, "records_lost") && has_kind(&v, "rate_limited") && has_kind(&v, "auditd_gone"));
	f.logged = 0;
	status_judge(&f, &v);
	assert_true(has_warning(&v, "actions_logged is empty"));
	f.seccomp_filter = false;
	status_judge(&f, &v);
	assert_true(has_warning(&v, "no seccomp logging controls"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_listeners),
		cmocka_unit_test(test_cmdline_caps_alive),
		cmocka_unit_test(test_boot_time_many_cpus),
		cmocka_unit_test(test_seccomp_processes),
		cmocka_unit_test(test_auditd_keeps_records),
		cmocka_unit_test(test_journald_turned_audit_off),
		cmocka_unit_test(test_nothing_keeps_records),
		cmocka_unit_test(test_audit_off_on_cmdline),
		cmocka_unit_test(test_unprivileged),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_warnings),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
