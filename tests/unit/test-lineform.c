// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every text form of a record, recorded or pasted: tests/data/kernel-log-forms.txt. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "model/dedup.h"
#include "model/event.h"
#include "model/lineform.h"
#include "model/actions.h"

#define MAX_LINES 64

static char lines[MAX_LINES][1024];
static size_t nlines;
/* 2026-05-28 12:00 UTC: the year traditional stamps are read in */
static const int64_t NOW = 1779969600000LL;

static int load(void **state)
{
	char path[512], buf[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/kernel-log-forms.txt", DATADIR);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(buf, sizeof(buf), f) && nlines < MAX_LINES)
		if (buf[0] != '#')
			snprintf(lines[nlines++], sizeof(lines[0]), "%.*s", (int)strcspn(buf, "\n"), buf);
	fclose(f);
	setenv("TZ", "UTC", 1);
	return 0;
}

static const char *find(const char *needle, size_t nth)
{
	size_t i;

	for (i = 0; i < nlines; i++)
		if (strstr(lines[i], needle) && nth-- == 0)
			return lines[i];
	fail_msg("no line with %s", needle);
	return NULL;
}

static struct line_info parse(const char *line)
{
	struct line_info li;

	line_parse(line, strlen(line), NOW, &li);
	return li;
}

/* The same record through every form it takes: same type, serial, time, fields. */
static void test_kernel_forms(void **state)
{
	static const char *const forms[] = { "[  132.275099] audit:", "<5>[  132.275099]" };
	struct line_info li;
	size_t i;

	for (i = 0; i < 2; i++) {
		li = parse(find(forms[i], 0));
		assert_int_equal(li.kind, LINE_RECORD);
		assert_int_equal(li.rec.type, 1326);
		assert_int_equal(li.rec.serial, 203);
		assert_int_equal(li.rec.sec, 1795535887);
		assert_int_equal(li.rec.msec, 358);
		assert_int_equal(li.boot_usec, 132275099);
		assert_true(strncmp(li.rec.fields, "auid=4294967295 uid=0", 21) == 0);
		assert_true(li.rec.fields[li.rec.fields_len - 1] == '0');	/* ends at code=0x7ffc0000 */
		assert_true(strncmp(li.text, "audit: type=1326 audit(", 23) == 0);
	}
	/* a caller id, an LSM label (Ubuntu 24.04's snap) */
	li = parse(find("[   T55]", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.serial, 222);
	assert_int_equal(li.boot_usec, 181844935);
	assert_non_null(strstr(li.rec.fields, "subj=snap.brave.brave pid=4917"));
	/* /dev/kmsg, with and without a caller */
	li = parse(find("5,601,", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_true(li.has_seq);
	assert_int_equal(li.seq, 601);
	assert_int_equal(li.boot_usec, 1692228183);
	assert_int_equal(li.rec.serial, 61613);
	li = parse(find("caller=T14289", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.seq, 602);
	assert_int_equal(li.rec.serial, 61614);
}

static void test_syslog_forms(void **state)
{
	struct line_info li;

	/* the record's own time, never the stamp's */
	li = parse(find("Apr 29 17:42:11 host kernel:", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.sec, 1745948531);
	assert_int_equal(li.rec.serial, 419);
	assert_int_equal(li.wall_ms, -1);	/* a record has its own time: the stamp is not read */
	assert_int_equal(li.boot_usec, 1657793826);
	li = parse(find("2025-02-17T18:24:24.295660+00:00", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.serial, 1044);
	assert_int_equal(li.wall_ms, 1739816664295LL);
	assert_non_null(strstr(li.rec.fields, "comm=\"runc:[2:INIT]\""));
	li = parse(find("May 28 15:24:32 host kernel:", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.serial, 4242);
	li = parse(find("kernel: [15316.79]", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.serial, 4243);
	assert_int_equal(li.boot_usec, 15316790000LL);
	/* an RFC 3339 offset moves the stamp to UTC */
	li = parse("2025-02-17T20:24:24+02:00 host kernel: audit: type=1326 audit(1.000:5): pid=1 syscall=1 code=0x0");
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.wall_ms, 1739816664000LL);
}

/* journalctl's audit transport: no serial, the time from the stamp when there is one. */
static void test_journalctl_audit_text(void **state)
{
	struct line_info li = parse(find("host audit[7645]: SECCOMP", 0));

	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.type, 1326);
	assert_true(li.rec.serial_unknown);
	assert_false(li.rec.time_unknown);
	assert_int_equal(li.rec.sec, 1779981872);	/* 2026-05-28 15:24:32 UTC */
	assert_true(strncmp(li.rec.fields, "auid=1000 ", 10) == 0);
	li = parse(find("audit[7645]: SECCOMP", 1));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_true(li.rec.serial_unknown && li.rec.time_unknown);
}

/* auditd's interpretation is not taken for values, with or without its 0x1d. */
static void test_enriched_without_separator(void **state)
{
	struct seccomp_rec s;
	struct line_info li;
	size_t i;

	for (i = 0; i < 2; i++) {
		li = parse(find(i ? "code=0x7ffc0000 AUID=" : "code=0x7ffc0000AUID=", 0));
		assert_int_equal(li.kind, LINE_RECORD);
		assert_int_equal(record_seccomp(&li.rec, &s), 0);
		assert_int_equal(s.code, 0x7ffc0000U);
		assert_int_equal(s.syscall, 3);
		assert_int_equal(s.uid, 0);
		assert_null(memmem(li.rec.fields, li.rec.fields_len, "AUID", 4));
	}
	/* a quoted value holding an upper-case key is a value */
	assert_int_equal(enriched_cut("exe=\"/tmp/UID=1\" code=0x0", 25), 25);
}

static void test_no_arch(void **state)
{
	struct line_info li = parse(find("comm=\"old\"", 0));
	struct seccomp_rec s;

	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_false(s.has_arch);
	assert_int_equal(s.syscall, 2);
}

static void test_losses(void **state)
{
	struct line_info li;

	li = parse(find("148 callbacks suppressed", 0));
	assert_int_equal(li.kind, LINE_LOST);
	assert_string_equal(li.cause, "printk_ratelimit");
	assert_int_equal(li.lost, 148);
	li = parse(find("20026 callbacks suppressed", 0));
	assert_int_equal(li.kind, LINE_LOST);
	assert_int_equal(li.lost, 20026);
	assert_int_equal(li.seq, 610);
	li = parse(find("audit_lost=1097", 0));
	assert_int_equal(li.kind, LINE_LOST);
	assert_string_equal(li.cause, "kernel_lost");
	assert_int_equal(li.lost_total, 1097);
	assert_string_equal(parse(find("backlog limit exceeded", 0)).cause, "backlog_limit");
	assert_string_equal(parse(find("hold queue overflow", 0)).cause, "hold_queue");
	assert_string_equal(parse(find("rate limit exceeded", 0)).cause, "rate_limit");
	li = parse(find("Missed 17 kernel messages", 0));
	assert_int_equal(li.kind, LINE_LOST);
	assert_string_equal(li.cause, "journald_missed");
	assert_int_equal(li.lost, 17);
	/* a loss has no time of its own: the stamp's, in the year it is not in the future */
	assert_int_equal(li.wall_ms, 1779981873000LL);	/* 2026-05-28 15:24:33 UTC */
}

/* A user's logger line is not the kernel's record; other kernel lines are nothing. */
static void test_not_records(void **state)
{
	assert_int_equal(parse(find("logger[999]", 0)).kind, LINE_OTHER);
	assert_int_equal(parse(find("initializing netlink subsys", 0)).kind, LINE_OTHER);
	assert_int_equal(parse(find("Linux version", 0)).kind, LINE_OTHER);
	assert_int_equal(parse("").kind, LINE_OTHER);
	assert_int_equal(parse("audit: type=").kind, LINE_OTHER);
	assert_true(parse("audit: type=1326 garbage").audit_like);
}

/* The same record through two transports is one; another serial is another. */
static void test_dedup(void **state)
{
	struct dedup *d = dedup_new(64);
	struct line_info a = parse(find("[  132.275099] audit:", 0)), b = parse(find("<5>[  132.275099]", 0));
	struct audit_record r = a.rec;
	uint64_t i;

	assert_false(dedup_seen(d, &a.rec));
	assert_true(dedup_seen(d, &b.rec));
	/* a window of 64: far older records are forgotten, recent ones are not */
	for (i = 0; i < 200; i++) {
		r.serial = 1000 + i;
		assert_false(dedup_seen(d, &r));
	}
	r.serial = 1199;
	assert_true(dedup_seen(d, &r));
	/* no serial: never taken for a copy */
	r.serial_unknown = true;
	assert_false(dedup_seen(d, &r));
	assert_false(dedup_seen(d, &r));
	dedup_free(d);
}

static bool host_is(const struct line_info *li, const char *host)
{
	return li->rec.host && li->rec.host_len == strlen(host) && memcmp(li->rec.host, host, li->rec.host_len) == 0;
}

static bool field_text(const struct field *f, const char *want)
{
	char buf[256];

	return f->klen && field_decode(f, buf, sizeof(buf)) == strlen(want) && strcmp(buf, want) == 0;
}

/* Forms from bug reports and forum threads: recognised by the record itself. */
static void test_pasted_forms(void **state)
{
	static const char *const months[] = { "oct. 24", "Okt 24", "окт 24" };
	static const uint64_t serials[] = { 501, 511, 512 };
	struct seccomp_rec s;
	struct line_info li;
	size_t i;

	/* journalctl without the host: the stamp's time (2025: not in the future) */
	li = parse(find("Jul 19 10:54:26 audit[5231]", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_true(li.rec.serial_unknown);
	assert_int_equal(li.rec.sec, 1752922466);
	assert_null(li.rec.host);
	for (i = 0; i < 3; i++) {
		li = parse(find(months[i], 0));
		assert_int_equal(li.kind, LINE_RECORD);
		assert_int_equal(li.rec.serial, serials[i]);
		assert_int_equal(li.rec.sec, 1729764672);
		assert_true(host_is(&li, "host"));
	}
	li = parse(find("14:02:39 kernel:", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.serial, 502);
	assert_int_equal(li.rec.msec, 200);
	li = parse(find("kern.notice kernel:", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.serial, 503);
	assert_int_equal(li.boot_usec, 1019140000LL);
	assert_true(host_is(&li, "bbhost"));
	/* older kernels */
	li = parse(find("[   50.100000] type=1326", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.serial, 504);
	assert_int_equal(li.boot_usec, 50100000);
	li = parse(find("comm=\"sles\"", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_false(s.has_arch);
	assert_int_equal(s.exe.klen, 0);
	assert_int_equal(s.syscall, 2);
	assert_int_equal(s.sig, 31);
	/* a slipped field is lost alone */
	li = parse(find("auid4294967295", 0));
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_int_equal(s.auid, -1);
	assert_int_equal(s.uid, 0);
	assert_int_equal(s.syscall, 39);
	assert_true(field_text(&s.exe, "/bin/slip"));
	/* aggregated: the host named by node=, through audisp-remote too */
	li = parse(find("node=web-1 type=SECCOMP", 0));
	assert_int_equal(li.rec.serial, 507);
	assert_true(host_is(&li, "web-1"));
	li = parse(find("audisp-remote[77]: node=db-2", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_int_equal(li.rec.serial, 509);
	assert_true(host_is(&li, "db-2"));
}

/* A user's line is never a record, whatever it holds. */
static void test_forged(void **state)
{
	assert_int_equal(parse(find("host logger: audit[5231]", 0)).kind, LINE_OTHER);
	assert_int_equal(parse(find("myapp[77]: audit: type=1326", 0)).kind, LINE_OTHER);
	assert_int_equal(parse(find("logger: node=evil", 0)).kind, LINE_OTHER);
	/* and the same words from the kernel or audit are */
	assert_int_equal(parse("Jul 19 10:54:27 host kernel: audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0").kind,
			 LINE_RECORD);
	assert_int_equal(parse("Jul 19 10:54:27 host audit[5231]: SECCOMP pid=1 syscall=1 code=0x0").kind, LINE_RECORD);
}

/* What vouches for a line: a syslog tag is a claim; a facility other
 * than the kernel's (dmesg -r, /dev/kmsg, BusyBox) means a process wrote it,
 * and the line is not read at all. */
static void test_origin(void **state)
{
	static const char *const claimed[] = {
		"Jul 19 10:54:27 host kernel: audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"2025-02-17T18:24:24.295660+00:00 host kernel: [ 1657.793826] audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"Jul 19 10:54:27 host kern.notice kernel: audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"Jul 19 10:54:27 host audit[5231]: SECCOMP pid=1 syscall=1 code=0x0",
		"Jul 19 10:54:27 host kernel: kauditd_printk_skb: 424242 callbacks suppressed",
		"Jul 19 10:54:27 host systemd-journald[99]: Missed 999999 kernel messages",
	};
	static const char *const as_the_file[] = {
		"type=SECCOMP msg=audit(1.0:5): pid=1 syscall=1 code=0x0",
		"[  132.275099] audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"<5>[  132.275099] audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"5,1234,181844935,-;audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"[  132.275099] kauditd_printk_skb: 12 callbacks suppressed",
	};
	static const char *const not_kernel[] = {
		"<14>[  132.275099] audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"14,1234,181844935,-;audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
		"12,1235,181844935,-;kauditd_printk_skb: 424242 callbacks suppressed",
		"Jul 19 10:54:27 host user.notice kernel: audit: type=1326 audit(1.0:5): pid=1 syscall=1 code=0x0",
	};
	struct line_info li;
	size_t i;

	for (i = 0; i < sizeof(claimed) / sizeof(claimed[0]); i++) {
		li = parse(claimed[i]);
		assert_int_not_equal(li.kind, LINE_OTHER);
		if (!li.claimed)
			fail_msg("not marked claimed: %s", claimed[i]);
	}
	for (i = 0; i < sizeof(as_the_file) / sizeof(as_the_file[0]); i++) {
		li = parse(as_the_file[i]);
		assert_int_not_equal(li.kind, LINE_OTHER);
		if (li.claimed)
			fail_msg("marked claimed: %s", as_the_file[i]);
	}
	for (i = 0; i < sizeof(not_kernel) / sizeof(not_kernel[0]); i++) {
		li = parse(not_kernel[i]);
		if (li.kind != LINE_OTHER || !li.not_kernel)
			fail_msg("read as the kernel's: %s", not_kernel[i]);
	}
	/* audisp-syslog writes auditd's records under a facility of its own */
	li = parse("Jul 19 10:54:27 host user.info audisp-syslog: type=SECCOMP msg=audit(1.0:5): pid=1 syscall=1 code=0x0");
	assert_int_equal(li.kind, LINE_RECORD);
	assert_true(li.claimed);
}

/* ausearch -i: local times (TZ=UTC here), names back to numbers. */
static void test_ausearch_interpreted(void **state)
{
	struct seccomp_rec s;
	struct line_info li;

	li = parse(find("(06/26/25 17:24:52.830:4911)", 0));
	assert_int_equal(li.kind, LINE_RECORD);
	assert_true(li.rec.interpreted);
	assert_int_equal(li.rec.serial, 4911);
	assert_int_equal(li.rec.sec, 1750958692);
	assert_int_equal(li.rec.msec, 830);
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_int_equal(s.auid, AUDIT_ID_UNSET);
	assert_int_equal(s.ses, AUDIT_ID_UNSET);
	assert_int_equal(s.uid, -1);
	assert_true(field_text(&s.uid_name, "chronos") && field_text(&s.gid_name, "chronos"));
	assert_int_equal(s.pid, 2211);
	assert_int_equal(s.sig, 31);
	assert_true(s.has_arch);
	assert_int_equal(s.arch, 0xc00000b7U);
	assert_int_equal(s.syscall, 227);		/* msync in aarch64's table */
	assert_int_equal(s.code, ACTION_CODE_KILL_EITHER);	/* kill: which one, ausearch does not say */
	assert_true(field_text(&s.exe, "/opt/google/chrome/chrome"));

	li = parse(find("(06/26/2025 17:24:52.831:4912)", 0));
	assert_int_equal(li.rec.sec, 1750958692);
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_int_equal(s.uid, 1001);			/* unknown(1001) */
	assert_true(field_text(&s.auid_name, "pi"));
	assert_int_equal(s.sig, 0);			/* SIG0 */
	assert_int_equal(s.arch, 0x40000028U);		/* libaudit's armeb is little-endian arm */
	assert_int_equal(s.syscall, 0xf0005);		/* unknown-syscall(983045): set_tls */
	assert_int_equal(s.code, 0x7ffc0000U);
	assert_true(field_text(&s.comm, "a b") && field_text(&s.exe, "/usr/bin/a b"));

	li = parse(find("(06/26/2025 17:24:52.832:4913)", 0));
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_int_equal(s.arch, 0x1234U);
	assert_int_equal(s.syscall, -1);		/* ausearch named it in its own table: not repeated */
	assert_int_equal(s.code, 0x12345678U);
	li = parse(find("(06/26/2025 17:24:52.833:4914)", 0));
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_int_equal(s.syscall, 17);		/* libaudit's pread is the kernel's pread64 */
	assert_int_equal(s.code, 0x7fc00000U);		/* user-notify */

	/* audit 4.0 (Debian 13) says kill-thread for both kills, kill_process
	 * too (its table masks the code with 0x7fff0000): which one, not known;
	 * a kill-process would be the one it says */
	li = parse("type=SECCOMP msg=audit(06/26/2025 17:24:52.834:4915) : auid=unset uid=root gid=root ses=unset "
		   "pid=7 comm=x exe=/x sig=SIGSYS arch=x86_64 syscall=getppid compat=0 ip=0x1 code=kill-thread");
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_int_equal(s.code, ACTION_CODE_KILL_EITHER);
	li = parse("type=SECCOMP msg=audit(06/26/2025 17:24:52.835:4916) : auid=unset uid=root gid=root ses=unset "
		   "pid=7 comm=x exe=/x sig=SIGSYS arch=x86_64 syscall=getppid compat=0 ip=0x1 code=kill-process");
	assert_int_equal(record_seccomp(&li.rec, &s), 0);
	assert_int_equal(s.code, 0x80000000U);
}

/* Hosts number their records alike: the same serial of two hosts is two records. */
static void test_dedup_hosts(void **state)
{
	struct dedup *d = dedup_new(64);
	struct line_info a = parse(find("node=web-1 type=SECCOMP", 0));
	struct audit_record r = a.rec;

	assert_false(dedup_seen(d, &r));
	assert_true(dedup_seen(d, &r));
	r.host = "db-2";
	r.host_len = 4;
	assert_false(dedup_seen(d, &r));
	r.host = NULL;
	assert_false(dedup_seen(d, &r));
	dedup_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_forms),
		cmocka_unit_test(test_syslog_forms),
		cmocka_unit_test(test_journalctl_audit_text),
		cmocka_unit_test(test_enriched_without_separator),
		cmocka_unit_test(test_no_arch),
		cmocka_unit_test(test_losses),
		cmocka_unit_test(test_not_records),
		cmocka_unit_test(test_pasted_forms),
		cmocka_unit_test(test_forged),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_ausearch_interpreted),
		cmocka_unit_test(test_dedup_hosts),
		cmocka_unit_test(test_dedup),
	};

	return cmocka_run_group_tests(tests, load, NULL);
}
