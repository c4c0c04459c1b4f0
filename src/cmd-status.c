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
#include "table.h"

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

static void pr_note(struct out *o, const char *key, const char *fmt, const struct status_note *n)
{
	pr_obj_open(o, key);
	pr_str(o, PR_JSON, "kind", NULL, n->kind);
	pr_str(o, PR_ANY, "message", fmt, n->text);
	pr_obj_close(o);
}

static int render_processes(struct out *o)
{
	static const char *const headers[] = { ">PID", "COMM", "MODE", ">FILTERS", "EXE", NULL };
	struct table *t = o->json ? NULL : table_new(headers);
	size_t i;

	if (!o->json && !t) {
		p_err("out of memory");
		return -ENOMEM;
	}
	pr_text(o, "\nProcesses under seccomp:\n");
	pr_arr_open(o, "processes");
	for (i = 0; i < nprocs; i++) {
		const struct proc_seccomp *p = &procs[i];
		const char *mode = p->mode == SECCOMP_MODE_STRICT ? "strict" : "filter";

		pr_obj_open(o, NULL);
		pr_int(o, PR_JSON, "pid", NULL, p->pid);
		pr_bytes(o, PR_JSON, "comm", NULL, p->comm, strlen(p->comm));
		if (p->exe[0])
			pr_bytes(o, PR_JSON, "exe", NULL, p->exe, strlen(p->exe));
		else
			pr_null(o, PR_JSON, "exe", NULL);
		pr_str(o, PR_JSON, "mode", NULL, mode);
		if (p->filters >= 0)
			pr_int(o, PR_JSON, "filters", NULL, p->filters);
		else
			pr_null(o, PR_JSON, "filters", NULL);
		pr_obj_close(o);
		if (!t)
			continue;
		table_row(t);
		table_cellf(t, 0, "%d", (int)p->pid);
		table_cell_bytes(t, 1, p->comm, strlen(p->comm));
		table_cell(t, 2, mode);
		if (p->filters >= 0)
			table_cellf(t, 3, "%d", p->filters);
		else
			table_cell(t, 3, "?");
		if (p->exe[0])
			table_cell_bytes(t, 4, p->exe, strlen(p->exe));
		else
			table_cell(t, 4, "(not readable)");
	}
	pr_arr_close(o);
	return t ? table_print(t, o) : 0;
}

static int render(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	bool auditd = f->audit_known && f->audit.pid && f->auditd_alive;
	size_t i;

	pr_obj_open(o, NULL);
	pr_obj_open(o, "kernel");
	pr_str(o, PR_ANY, "release", "Kernel %s: ", f->release);
	pr_bool(o, PR_JSON, "seccomp_filter", NULL, f->seccomp_filter);
	pr_text(o, "seccomp logging controls %s%s\n", f->seccomp_filter ? "present" : "MISSING",
		f->audit_cmdline_off == 1 ? ", booted with audit=0" : "");
	pr_tri(o, PR_JSON, "audit_off_on_cmdline", NULL, f->audit_cmdline_off);
	pr_obj_close(o);
	pr_action_set(o, PR_JSON, "actions_avail", NULL, &f->vocab,
		      f->seccomp_filter ? (1U << f->vocab.n) - 1 : 0, ' ');
	if (f->logged_known) {
		pr_action_set(o, PR_ANY, "actions_logged", "  actions_logged: %s\n", &f->vocab, f->logged, ' ');
		for (i = 0; i < f->vocab.n; i++) {
			const struct action_info *a = action_by_name(f->vocab.names[i], strlen(f->vocab.names[i]));

			pr_text(o, "    %-13s %-4s %s\n", f->vocab.names[i], f->logged & (1U << i) ? "yes" : "no",
				action_when_phrase(a ? a->when : WHEN_UNKNOWN));
		}
	} else {
		pr_null(o, PR_JSON, "actions_logged", NULL);
	}
	if (f->audit_known) {
		pr_obj_open(o, "audit");
		pr_uint(o, PR_ANY, "enabled", "Audit: enabled=%llu", f->audit.enabled);
		pr_text(o, "%s", f->audit.enabled == 2 ? " (locked)" : "");
		pr_uint(o, PR_ANY, "failure", " failure=%llu", f->audit.failure);
		pr_uint(o, PR_ANY, "pid", " auditd pid=%llu", f->audit.pid);
		pr_text(o, "%s", f->audit.pid && !f->auditd_alive ? " (gone)" : "");
		pr_bool(o, PR_JSON, "pid_alive", NULL, f->audit.pid && f->auditd_alive);
		pr_uint(o, PR_ANY, "rate_limit", " rate_limit=%llu", f->audit.rate_limit);
		pr_uint(o, PR_ANY, "backlog", " backlog=%llu", f->audit.backlog);
		pr_uint(o, PR_ANY, "backlog_limit", "/%llu", f->audit.backlog_limit);
		pr_uint(o, PR_ANY, "lost", " lost=%llu", f->audit.lost);
		pr_uint(o, PR_ANY, "backlog_wait_time", " backlog_wait_time=%llu\n", f->audit.backlog_wait_time);
		pr_obj_close(o);
	} else {
		pr_null(o, PR_ANY, "audit", "Audit: cannot ask the kernel (AUDIT_GET needs CAP_AUDIT_CONTROL)\n");
	}
	pr_text(o, "Receivers:\n");
	pr_obj_open(o, "receivers");
	if (auditd) {
		pr_obj_open(o, "auditd");
		pr_uint(o, PR_JSON, "pid", NULL, f->audit.pid);
		pr_str(o, PR_ANY, "log_file", "  auditd: %s", f->auditd_log[0] ? f->auditd_log : NULL);
		pr_str(o, PR_ANY, "log_format", " (%s)\n", f->auditd_format[0] ? f->auditd_format : NULL);
		pr_obj_close(o);
	} else {
		pr_null(o, PR_ANY, "auditd", f->audit_known ? "  auditd: none\n" : "  auditd: cannot tell\n");
	}
	if (f->journald_pid) {
		pr_obj_open(o, "journald");
		pr_int(o, PR_ANY, "pid", "  journald: pid %lld", f->journald_pid);
		pr_tri(o, PR_ANY, "reads_audit", ", reads audit: %s", f->journald_reads_audit);
		pr_bool(o, PR_JSON, "disabled_audit", NULL, f->journald_disabled_audit);
		pr_text(o, "%s\n", f->journald_disabled_audit ? ", turned audit off at its start" : "");
		pr_obj_close(o);
	} else {
		pr_null(o, PR_ANY, "journald", "  journald: none\n");
	}
	pr_arr_open(o, "listeners");
	for (i = 0; i < f->nlisteners; i++) {
		if (!(f->listeners[i].groups & 1))
			continue;
		pr_obj_open(o, NULL);
		pr_int(o, PR_JSON, "pid", NULL, f->listeners[i].pid);
		pr_str(o, PR_JSON, "comm", NULL, f->listeners[i].comm[0] ? f->listeners[i].comm : NULL);
		pr_uint(o, PR_JSON, "portid", NULL, f->listeners[i].portid);
		pr_obj_close(o);
	}
	pr_arr_close(o);
	pr_obj_close(o);
	pr_obj_open(o, "self");
	pr_tri(o, PR_ANY, "cap_sys_admin", "This process: CAP_SYS_ADMIN %s", f->caps_known ? f->cap_sys_admin : -1);
	pr_tri(o, PR_ANY, "cap_audit_read", ", CAP_AUDIT_READ %s", f->caps_known ? f->cap_audit_read : -1);
	pr_tri(o, PR_JSON, "cap_audit_control", NULL, f->caps_known ? f->cap_audit_control : -1);
	pr_tri(o, PR_ANY, "initial_user_ns", ", initial user namespace %s", f->initial_user_ns);
	pr_tri(o, PR_ANY, "initial_net_ns", ", initial network namespace %s\n", f->initial_net_ns);
	pr_obj_close(o);
	pr_tri(o, PR_ANY, "paper_trail", "\nPaper trail: %s: ", v->paper_trail);
	pr_str(o, PR_ANY, "paper_trail_reason", "%s\n", v->paper_trail_why.text);
	pr_str(o, PR_JSON, "paper_trail_kind", NULL, v->paper_trail_why.kind);
	pr_text(o, "SECCOMP records go to:\n");
	pr_arr_open(o, "seccomp_records_go");
	for (i = 0; i < v->ngo; i++)
		pr_note(o, NULL, "  %s\n", &v->go[i]);
	pr_arr_close(o);
	pr_tri(o, PR_JSON, "can_verify", NULL, v->can_verify);
	pr_str(o, PR_ANY, "can_verify_reason", "seccompctl can verify a change from here: %s\n", v->can_verify_why.text);
	pr_str(o, PR_JSON, "can_verify_kind", NULL, v->can_verify_why.kind);
	pr_text(o, "%s", v->nwarnings ? "\nWarnings:\n" : "");
	pr_arr_open(o, "warnings");
	for (i = 0; i < v->nwarnings; i++)
		pr_note(o, NULL, "  - %s\n", &v->warnings[i]);
	pr_arr_close(o);
	if (opt_processes && render_processes(o) < 0)
		return -ENOMEM;
	pr_obj_close(o);
	pr_end(o);
	return 0;
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
	if (render(out_stdout(), &f, &v) < 0)
		return EXIT_ERROR;
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
