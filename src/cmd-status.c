// SPDX-License-Identifier: LGPL-2.1-or-later
/* status: the whole logging path, and why records would be missing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "auditnl.h"
#include "cli.h"
#include "commands.h"
#include "common.h"
#include "config.h"
#include "fileio.h"
#include "journal.h"
#include "log.h"
#include "ns.h"
#include "output.h"
#include "procfs.h"
#include "sandbox.h"
#include "status.h"
#include "sysctl.h"

#define AUDITD_CONF "/etc/audit/auditd.conf"
#define CAP_NET_ADMIN_BIT 12
#define CAP_SYS_ADMIN_BIT 21
#define CAP_AUDIT_CONTROL_BIT 30
#define CAP_AUDIT_READ_BIT 37

static bool opt_processes, opt_check;

/* --processes: read before confinement, when other processes' exe links are readable */
static struct proc_seccomp *procs;
static size_t nprocs;

static int keep_process(const struct proc_seccomp *p, void *data)
{
	struct proc_seccomp *more = realloc(procs, (nprocs + 1) * sizeof(*procs));

	if (!more)
		return -ENOMEM;
	procs = more;
	procs[nprocs++] = *p;
	return 0;
}

static const struct cli_opt status_opts[] = {
	{ "processes", 0, OPT_FLAG, &opt_processes, NULL,
	  "also list every process under seccomp: mode and number of filters" },
	{ "check", 0, OPT_FLAG, &opt_check, NULL,
	  "exit 3 when changes to actions_logged would leave no paper trail (1: cannot tell)" },
	{ NULL }
};

/* auditd -c DIR reads DIR/auditd.conf instead of /etc/audit's */
static void auditd_conf_dir(pid_t pid, char *dir, size_t size)
{
	char name[32], *args;
	size_t n, i;

	snprintf(dir, size, "/etc/audit");
	snprintf(name, sizeof(name), "%d/cmdline", (int)pid);
	if (read_full_file("/proc", name, &args, &n) < 0)
		return;
	for (i = 0; i < n; i += strlen(args + i) + 1)
		if (strcmp(args + i, "-c") == 0 && i + 3 < n) {
			snprintf(dir, size, "%s", args + i + 3);
			break;
		}
	free(args);
}

/* "key = value" from auditd.conf */
static void auditd_conf(struct status_facts *f)
{
	char *buf, dir[1024], *line, *save, *eq, *k, *val;

	auditd_conf_dir((pid_t)f->audit.pid, dir, sizeof(dir));
	f->auditd_writes_logs = -1;
	if (read_full_file(dir, "auditd.conf", &buf, NULL) < 0)
		return;
	snprintf(f->auditd_log, sizeof(f->auditd_log), "/var/log/audit/audit.log");
	snprintf(f->auditd_format, sizeof(f->auditd_format), "RAW");
	f->auditd_writes_logs = 1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !(eq = strchr(line, '=')))
			continue;
		*eq = '\0';
		k = line + strspn(line, " \t");
		k[strcspn(k, " \t")] = '\0';
		val = eq + 1 + strspn(eq + 1, " \t");
		val[strcspn(val, " \t\r")] = '\0';
		if (strcmp(k, "log_file") == 0)
			snprintf(f->auditd_log, sizeof(f->auditd_log), "%s", val);
		else if (strcmp(k, "log_format") == 0)
			snprintf(f->auditd_format, sizeof(f->auditd_format), "%s", val);
		else if (strcmp(k, "write_logs") == 0)
			f->auditd_writes_logs = strcasecmp(val, "no") != 0;
	}
	free(buf);
}

static void gather(struct status_facts *f)
{
	struct utsname u;
	uint64_t caps, usec;
	pid_t pids[8];
	size_t n, i;
	char comm[32];

	memset(f, 0, sizeof(*f));
	f->self = getpid();
	if (uname(&u) == 0)
		snprintf(f->release, sizeof(f->release), "%s", u.release);
	f->seccomp_filter = seccomp_read_avail(SYSCTL_ROOT, &f->vocab) == 0;
	f->logged_known = f->seccomp_filter && seccomp_read_logged(SYSCTL_ROOT, &f->vocab, &f->logged) == 0;
	f->audit_cmdline_off = proc_cmdline_has("/proc", "audit=0");
	f->audit_known = audit_get_state(&f->audit) == 0;
	if (f->audit_known && f->audit.pid) {
		f->auditd_alive = proc_alive("/proc", (pid_t)f->audit.pid);
		if (proc_comm("/proc", (pid_t)f->audit.pid, comm, sizeof(comm)) == 0 && strcmp(comm, "auditd") == 0)
			auditd_conf(f);
	}
	f->listeners_known = proc_audit_listeners("/proc", f->listeners, STATUS_MAX_LISTENERS, &f->nlisteners) == 0;
	if (proc_find_comm("/proc", "systemd-journal", pids, 8, &n) == 0 && n) {
		f->journald_pid = pids[0];
		f->journald_reads_audit = -1;
		for (i = 0; f->listeners_known && i < f->nlisteners; i++)
			if (f->listeners[i].pid == f->journald_pid || f->listeners[i].portid == (uint32_t)f->journald_pid)
				f->journald_reads_audit = (f->listeners[i].groups & 1) ? 1 : f->journald_reads_audit;
		if (f->listeners_known && f->journald_reads_audit == -1 && geteuid() == 0)
			f->journald_reads_audit = 0;
		if (f->audit_known && f->audit.enabled == 0 && journal_audit_disabled_at(&usec) > 0) {
			f->journald_disabled_audit = true;
			fmt_time_local(f->journald_disabled_at, sizeof(f->journald_disabled_at),
				       usec / 1000000, (uint32_t)(usec / 1000 % 1000));
		}
	}
	f->caps_known = proc_cap_eff("/proc", "self", &caps) == 0;
	if (!f->caps_known)
		caps = 0;	/* said as "cannot read", never guessed from garbage */
	f->cap_sys_admin = caps >> CAP_SYS_ADMIN_BIT & 1;
	f->cap_audit_read = caps >> CAP_AUDIT_READ_BIT & 1;
	f->cap_audit_control = caps >> CAP_AUDIT_CONTROL_BIT & 1;
	f->initial_user_ns = ns_is_initial("user");
	f->initial_net_ns = ns_is_initial("net");
}

static void jw_tri(const char *key, int v)
{
	if (v < 0)
		jw_null(key);
	else
		jw_bool(key, v);
}

static const char *tri(int v)
{
	return v > 0 ? "yes" : v == 0 ? "no" : "cannot tell";
}

static int print_process(const struct proc_seccomp *p, void *data)
{
	char comm[128], exe[8192], filters[16];

	if (out_json()) {
		jw_open_obj(NULL);
		jw_int("pid", p->pid);
		jw_str("comm", p->comm);
		jw_str("exe", p->exe[0] ? p->exe : NULL);
		jw_str("mode", p->mode == SECCOMP_MODE_STRICT ? "strict" : "filter");
		if (p->filters >= 0)
			jw_int("filters", p->filters);
		else
			jw_null("filters");
		jw_close_obj();
		return 0;
	}
	text_escape(comm, sizeof(comm), p->comm, strlen(p->comm));
	text_escape(exe, sizeof(exe), p->exe, strlen(p->exe));
	if (p->filters >= 0)
		snprintf(filters, sizeof(filters), "%d", p->filters);
	else
		snprintf(filters, sizeof(filters), "?");
	printf("  %-8d %-16s %-7s %-7s %s\n", (int)p->pid, comm,
	       p->mode == SECCOMP_MODE_STRICT ? "strict" : "filter", filters, p->exe[0] ? exe : "(not readable)");
	return 0;
}

static void render(const struct status_facts *f, const struct status_verdicts *v)
{
	char set[512];
	size_t i;

	if (out_json()) {
		jw_open_obj(NULL);
		jw_open_obj("kernel");
		jw_str("release", f->release);
		jw_bool("seccomp_filter", f->seccomp_filter);
		jw_tri("audit_off_on_cmdline", f->audit_cmdline_off);
		jw_close_obj();
		jw_action_set("actions_avail", &f->vocab, f->seccomp_filter ? (1U << f->vocab.n) - 1 : 0);
		if (f->logged_known)
			jw_action_set("actions_logged", &f->vocab, f->logged);
		else
			jw_null("actions_logged");
		if (f->audit_known) {
			jw_open_obj("audit");
			jw_uint("enabled", f->audit.enabled);
			jw_uint("failure", f->audit.failure);
			jw_uint("pid", f->audit.pid);
			jw_bool("pid_alive", f->audit.pid && f->auditd_alive);
			jw_uint("rate_limit", f->audit.rate_limit);
			jw_uint("backlog_limit", f->audit.backlog_limit);
			jw_uint("backlog", f->audit.backlog);
			jw_uint("lost", f->audit.lost);
			jw_uint("backlog_wait_time", f->audit.backlog_wait_time);
			jw_close_obj();
		} else {
			jw_null("audit");
		}
		jw_open_obj("receivers");
		if (f->audit_known && f->audit.pid && f->auditd_alive) {
			jw_open_obj("auditd");
			jw_uint("pid", f->audit.pid);
			jw_str("log_file", f->auditd_log[0] ? f->auditd_log : NULL);
			jw_str("log_format", f->auditd_format[0] ? f->auditd_format : NULL);
			jw_close_obj();
		} else {
			jw_null("auditd");
		}
		if (f->journald_pid) {
			jw_open_obj("journald");
			jw_int("pid", f->journald_pid);
			jw_tri("reads_audit", f->journald_reads_audit);
			jw_bool("disabled_audit", f->journald_disabled_audit);
			jw_close_obj();
		} else {
			jw_null("journald");
		}
		jw_open_arr("listeners");
		for (i = 0; i < f->nlisteners; i++) {
			if (!(f->listeners[i].groups & 1))
				continue;
			jw_open_obj(NULL);
			jw_int("pid", f->listeners[i].pid);
			jw_str("comm", f->listeners[i].comm[0] ? f->listeners[i].comm : NULL);
			jw_uint("portid", f->listeners[i].portid);
			jw_close_obj();
		}
		jw_close_arr();
		jw_close_obj();
		jw_open_obj("self");
		jw_bool("cap_sys_admin", f->cap_sys_admin);
		jw_bool("cap_audit_read", f->cap_audit_read);
		jw_bool("cap_audit_control", f->cap_audit_control);
		jw_tri("initial_user_ns", f->initial_user_ns);
		jw_tri("initial_net_ns", f->initial_net_ns);
		jw_close_obj();
		jw_tri("paper_trail", v->paper_trail);
		jw_str("paper_trail_reason", v->paper_trail_reason);
		jw_open_arr("seccomp_records_go");
		for (i = 0; i < v->ngo; i++)
			jw_str(NULL, v->seccomp_records_go[i]);
		jw_close_arr();
		jw_tri("can_verify", v->can_verify);
		jw_str("can_verify_reason", v->can_verify_reason);
		jw_open_arr("warnings");
		for (i = 0; i < v->nwarnings; i++)
			jw_str(NULL, v->warnings[i]);
		jw_close_arr();
		if (opt_processes) {
			jw_open_arr("processes");
			for (i = 0; i < nprocs; i++)
				print_process(&procs[i], NULL);
			jw_close_arr();
		}
		jw_close_obj();
		jw_finish();
		return;
	}
	printf("Kernel %s: seccomp logging controls %s%s\n", f->release, f->seccomp_filter ? "present" : "MISSING",
	       f->audit_cmdline_off == 1 ? ", booted with audit=0" : "");
	if (f->logged_known) {
		printf("  actions_logged: %s\n", set_text(&f->vocab, f->logged, ' ', set, sizeof(set)));
		for (i = 0; i < f->vocab.n; i++) {
			const struct action_info *a = action_by_name(f->vocab.names[i], strlen(f->vocab.names[i]));

			printf("    %-13s %-4s %s\n", f->vocab.names[i], f->logged & (1U << i) ? "yes" : "no",
			       action_when_phrase(a ? a->when : WHEN_UNKNOWN));
		}
	}
	if (f->audit_known)
		printf("Audit: enabled=%u%s failure=%u auditd pid=%u%s rate_limit=%u backlog=%u/%u lost=%u "
		       "backlog_wait_time=%u\n", f->audit.enabled, f->audit.enabled == 2 ? " (locked)" : "",
		       f->audit.failure, f->audit.pid, f->audit.pid && !f->auditd_alive ? " (gone)" : "",
		       f->audit.rate_limit, f->audit.backlog, f->audit.backlog_limit, f->audit.lost,
		       f->audit.backlog_wait_time);
	else
		printf("Audit: cannot ask the kernel (AUDIT_GET needs CAP_AUDIT_CONTROL)\n");
	printf("Receivers:\n");
	printf("  auditd: %s\n", f->audit_known && f->audit.pid && f->auditd_alive ? f->auditd_log[0] ?
	       f->auditd_log : "running" : f->audit_known ? "none" : "cannot tell");
	if (f->journald_pid)
		printf("  journald: pid %d, reads audit: %s%s\n", (int)f->journald_pid, tri(f->journald_reads_audit),
		       f->journald_disabled_audit ? ", turned audit off at its start" : "");
	else
		printf("  journald: none\n");
	printf("This process: CAP_SYS_ADMIN %s, CAP_AUDIT_READ %s, initial user namespace %s, "
	       "initial network namespace %s\n", f->cap_sys_admin ? "yes" : "no", f->cap_audit_read ? "yes" : "no",
	       tri(f->initial_user_ns), tri(f->initial_net_ns));
	printf("\nPaper trail: %s: %s\n", tri(v->paper_trail), v->paper_trail_reason);
	printf("SECCOMP records go to:\n");
	for (i = 0; i < v->ngo; i++)
		printf("  %s\n", v->seccomp_records_go[i]);
	printf("seccompctl can verify a change from here: %s\n", v->can_verify_reason);
	if (v->nwarnings)
		printf("\nWarnings:\n");
	for (i = 0; i < v->nwarnings; i++)
		printf("  - %s\n", v->warnings[i]);
	if (opt_processes) {
		printf("\nProcesses under seccomp:\n  %-8s %-16s %-7s %-7s %s\n", "PID", "COMM", "MODE", "FILTERS", "EXE");
		for (i = 0; i < nprocs; i++)
			print_process(&procs[i], NULL);
	}
}

static int run_status(int argc, const char *const *argv)
{
	static struct status_facts f;
	static struct status_verdicts v;

	gather(&f);
	if (opt_processes)
		proc_seccomp_each("/proc", keep_process, NULL);
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_NONE);
	status_judge(&f, &v);
	render(&f, &v);
	if (!opt_check)
		return EXIT_DONE;
	return v.paper_trail == 1 ? EXIT_DONE : v.paper_trail == 0 ? EXIT_UNVERIFIED : EXIT_ERROR;
}

const struct cmd cmd_status = {
	.name = "status",
	.summary = "the whole logging path: will changes be recorded, where records go, and why not",
	.max_args = 0,
	.opts = status_opts,
	.run = run_status,
};
