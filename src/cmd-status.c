// SPDX-License-Identifier: LGPL-2.1-or-later
/* status: the whole logging path, and why records would be missing. */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "os/auditnl.h"
#include "cli.h"
#include "commands.h"
#include "cmdutil.h"
#include "filterview.h"
#include "config.h"
#include "os/fileio.h"
#include "source/journal.h"
#include "model/array.h"
#include "os/log.h"
#include "os/ns.h"
#include "os/output.h"
#include "os/procfs.h"
#include "model/lineform.h"
#include "os/observer.h"
#include "os/sandbox.h"
#include "source/kmsg.h"
#include "source/source.h"
#include "source/where.h"
#include "model/status.h"
#include "os/sysctl.h"
#include "os/table.h"
#include "os/runtimes.h"
#include "os/workloads.h"

#define AUDITD_CONF "/etc/audit/auditd.conf"

static bool opt_processes, opt_check;

/* --processes: read before confinement, when other processes' exe links are
 * readable; each one's cgroup beside it ("" when it cannot be read) */
static struct proc_seccomp *procs;
static char **cgroups;
static size_t nprocs, cap_procs, cap_cgroups;

static int keep_process(const struct proc_seccomp *p, void *data)
{
	char path[WORKLOAD_CGROUP_MAX + 1];

	(void)data;
	if (ARRAY_GROW(procs, cap_procs, nprocs) < 0 || ARRAY_GROW(cgroups, cap_cgroups, nprocs) < 0)
		return -ENOMEM;
	if (workload_of_pid("/proc", p->pid, path, sizeof(path), NULL) < 0)
		path[0] = '\0';
	if (!(cgroups[nprocs] = strdup(path)))
		return -ENOMEM;
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

/* What /dev/kmsg still holds: printk's suppressed counts, and the first sign
 * that audit was on this boot. */
static int klog_line(const struct line_info *li, const char *text, size_t len, void *data)
{
	struct status_facts *f = data;

	if (li->has_seq && li->seq == 0)
		f->klog_from_boot = true;
	if (li->kind == LINE_LOST && strcmp(li->cause, "printk_ratelimit") == 0) {
		f->suppressed += li->lost;
		f->suppressed_reports++;
	}
	if (f->audit_on_by_usec >= 0 || li->boot_usec < 0)
		return 0;
	/* records the kernel makes only while audit is enabled: a config change
	 * (it is not recorded when it turns audit on, only later ones are), a
	 * multicast listener, a SYSCALL record (its task had an audit context) */
	if (li->kind == LINE_RECORD && (li->rec.type == AUDIT_TYPE_CONFIG_CHANGE || li->rec.type == 1335 ||
					li->rec.type == AUDIT_TYPE_SYSCALL)) {
		f->audit_on_by_usec = li->boot_usec;
		snprintf(f->audit_on_evidence, sizeof(f->audit_on_evidence), "a type %u record (serial %llu) in "
			 "the kernel log", li->rec.type, (unsigned long long)li->rec.serial);
	} else if (len >= 45 && memcmp(text, "audit: initializing netlink subsys (enabled)", 45) == 0) {
		f->audit_on_by_usec = li->boot_usec;
		snprintf(f->audit_on_evidence, sizeof(f->audit_on_evidence), "audit was enabled at boot");
	}
	return 0;
}

static int sysctl_int(const char *name)
{
	char buf[32];

	return sysctl_read(SYSCTL_ROOT, name, buf, sizeof(buf)) > 0 ? atoi(buf) : -1;
}

static void gather(struct status_facts *f)
{
	struct utsname u;
	uint64_t caps;

	memset(f, 0, sizeof(*f));
	f->self = getpid();
	if (uname(&u) == 0)
		snprintf(f->release, sizeof(f->release), "%s", u.release);
	f->seccomp_filter = seccomp_read_avail(SYSCTL_ROOT, &f->vocab) == 0;
	f->logged_known = f->seccomp_filter && seccomp_read_logged(SYSCTL_ROOT, &f->vocab, &f->logged) == 0;
	route_gather(&f->route);
	f->audit_on_by_usec = -1;
	f->klog_known = kmsg_scan(klog_line, f) == 0;
	if (f->audit_on_by_usec >= 0)
		proc_started_before("/proc", (uint64_t)f->audit_on_by_usec, f->old, sizeof(f->old) / sizeof(f->old[0]),
				    &f->nold, &f->nold_total);
	f->printk_ratelimit = sysctl_int("kernel/printk_ratelimit");
	f->printk_ratelimit_burst = sysctl_int("kernel/printk_ratelimit_burst");
	f->caps_known = proc_cap_eff("/proc", "self", &caps) == 0;
	if (!f->caps_known)
		caps = 0;	/* said as "cannot read", never guessed from garbage */
	f->cap_sys_admin = caps >> CAP_SYS_ADMIN & 1;
	f->cap_audit_read = caps >> CAP_AUDIT_READ & 1;
	f->cap_audit_control = caps >> CAP_AUDIT_CONTROL & 1;
	f->initial_user_ns = ns_is_initial("user");
	f->initial_net_ns = ns_is_initial("net");
}

static void pr_note(struct out *o, const char *key, const char *fmt, const struct status_note *n)
{
	pr_obj_open(o, key);
	pr_str(o, PR_JSON, "kind", NULL, n->kind);
	/* escaped: a note can hold a process's comm or a file's name */
	pr_bytes(o, PR_ANY, "message", fmt, n->text, strlen(n->text));
	pr_obj_close(o);
}

static int render_processes(struct out *o)
{
	static const char *const headers[] = { ">PID", "COMM", "MODE", ">FILTERS", "WORKLOAD", "EXE", NULL };
	struct table *t = o->json ? NULL : table_new(headers);
	struct runtimes rt;
	char label[300];
	size_t i;

	if ((!o->json && !t) || runtimes_init(&rt, NULL) < 0) {
		table_free(t);
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
		if (o->json)
			jw_workload(o, &rt, cgroups[i]);
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
		process_workload_label(&rt, cgroups[i], label, sizeof(label));
		table_cell_bytes(t, 4, label, strlen(label));
		if (p->exe[0])
			table_cell_bytes(t, 5, p->exe, strlen(p->exe));
		else
			table_cell(t, 5, "(not readable)");
	}
	runtimes_free(&rt);
	pr_arr_close(o);
	return t ? table_print(t, o) : 0;
}

/* The kernel's controls, and what each action does when listed. */
static void render_kernel(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	size_t i;

	pr_obj_open(o, "kernel");
	pr_str(o, PR_ANY, "release", "Kernel %s: ", f->release);
	pr_bool(o, PR_JSON, "seccomp_filter", NULL, f->seccomp_filter);
	pr_text(o, "seccomp logging controls %s%s\n", f->seccomp_filter ? "present" : "MISSING",
		f->route.audit_cmdline_off == 1 ? ", booted with audit=0" : "");
	pr_tri(o, PR_JSON, "audit_off_on_cmdline", NULL, f->route.audit_cmdline_off);
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
}

/* The kernel's audit state (AUDIT_GET). */
static void render_audit(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	if (f->route.audit_known) {
		pr_obj_open(o, "audit");
		pr_uint(o, PR_ANY, "enabled", "Audit: enabled=%llu", f->route.audit.enabled);
		pr_text(o, "%s", f->route.audit.enabled == 2 ? " (locked)" : "");
		pr_uint(o, PR_ANY, "failure", " failure=%llu", f->route.audit.failure);
		pr_uint(o, PR_ANY, "pid", " auditd pid=%llu", f->route.audit.pid);
		pr_text(o, "%s", f->route.audit.pid && !f->route.auditd_alive ? " (gone)" : "");
		pr_bool(o, PR_JSON, "pid_alive", NULL, f->route.audit.pid && f->route.auditd_alive);
		pr_uint(o, PR_ANY, "rate_limit", " rate_limit=%llu", f->route.audit.rate_limit);
		pr_uint(o, PR_ANY, "backlog", " backlog=%llu", f->route.audit.backlog);
		pr_uint(o, PR_ANY, "backlog_limit", "/%llu", f->route.audit.backlog_limit);
		pr_uint(o, PR_ANY, "lost", " lost=%llu", f->route.audit.lost);
		pr_uint(o, PR_ANY, "backlog_wait_time", " backlog_wait_time=%llu\n", f->route.audit.backlog_wait_time);
		pr_obj_close(o);
	} else {
		pr_null(o, PR_ANY, "audit", "Audit: cannot ask the kernel (AUDIT_GET needs CAP_AUDIT_CONTROL)\n");
	}
}

/* Who receives records: auditd, journald, other multicast listeners. */
static void render_receivers(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	bool auditd = f->route.audit_known && f->route.audit.pid && f->route.auditd_alive;
	size_t i;

	pr_text(o, "Receivers:\n");
	pr_obj_open(o, "receivers");
	if (auditd) {
		pr_obj_open(o, "auditd");
		pr_uint(o, PR_JSON, "pid", NULL, f->route.audit.pid);
		pr_str(o, PR_ANY, "log_file", "  auditd: %s", f->route.auditd_log[0] ? f->route.auditd_log : NULL);
		pr_str(o, PR_ANY, "log_format", " (%s)\n", f->route.auditd_format[0] ? f->route.auditd_format : NULL);
		pr_obj_close(o);
	} else {
		pr_null(o, PR_ANY, "auditd", f->route.audit_known ? "  auditd: none\n" : "  auditd: cannot tell\n");
	}
	if (f->route.journald_pid) {
		pr_obj_open(o, "journald");
		pr_int(o, PR_ANY, "pid", "  journald: pid %lld", f->route.journald_pid);
		pr_tri(o, PR_ANY, "reads_audit", ", reads audit: %s", f->route.journald_reads_audit);
		pr_tri(o, PR_ANY, "reads_kmsg", ", stores kernel messages: %s", f->route.journald_reads_kmsg);
		pr_bool(o, PR_JSON, "disabled_audit", NULL, f->route.journald_disabled_audit);
		pr_text(o, "%s", f->route.journald_disabled_audit ? ", turned audit off at its start" : "");
		/* its Audit= setting: what it does to audit at its next start */
		if (f->route.journald_audit_conf >= 0) {
			pr_str(o, PR_ANY, "audit_setting", ", Audit=%s", f->route.journald_audit_conf ? "yes" : "no");
			pr_bytes(o, PR_ANY, "audit_setting_file", " (%s)", f->route.journald_audit_file,
				 strlen(f->route.journald_audit_file));
		} else {
			pr_null(o, PR_JSON, "audit_setting", NULL);
			pr_null(o, PR_JSON, "audit_setting_file", NULL);
		}
		pr_text(o, "\n");
		pr_obj_close(o);
	} else {
		pr_null(o, PR_ANY, "journald", "  journald: none\n");
	}
	pr_arr_open(o, "listeners");
	for (i = 0; i < f->route.nlisteners; i++) {
		if (!(f->route.listeners[i].groups & 1))
			continue;
		pr_obj_open(o, NULL);
		pr_int(o, PR_JSON, "pid", NULL, f->route.listeners[i].pid);
		pr_str(o, PR_JSON, "comm", NULL, f->route.listeners[i].comm[0] ? f->route.listeners[i].comm : NULL);
		pr_uint(o, PR_JSON, "portid", NULL, f->route.listeners[i].portid);
		pr_obj_close(o);
	}
	pr_arr_close(o);
	pr_obj_close(o);
}

/* What this process may do, and where it stands. */
static void render_self(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	pr_obj_open(o, "self");
	pr_tri(o, PR_ANY, "cap_sys_admin", "This process: CAP_SYS_ADMIN %s", f->caps_known ? f->cap_sys_admin : -1);
	pr_tri(o, PR_ANY, "cap_audit_read", ", CAP_AUDIT_READ %s", f->caps_known ? f->cap_audit_read : -1);
	pr_tri(o, PR_JSON, "cap_audit_control", NULL, f->caps_known ? f->cap_audit_control : -1);
	pr_tri(o, PR_ANY, "initial_user_ns", ", initial user namespace %s", f->initial_user_ns);
	pr_tri(o, PR_ANY, "initial_net_ns", ", initial network namespace %s\n", f->initial_net_ns);
	pr_obj_close(o);
}

/* Will changes be recorded, and where records of each kind go. */
static void render_verdicts(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	size_t i;

	pr_tri(o, PR_ANY, "paper_trail", "\nPaper trail: %s: ", v->paper_trail);
	pr_str(o, PR_ANY, "paper_trail_reason", "%s\n", v->paper_trail_why.text);
	pr_str(o, PR_JSON, "paper_trail_kind", NULL, v->paper_trail_why.kind);
	pr_text(o, "SECCOMP records go to:\n");
	pr_arr_open(o, "seccomp_records_go");
	for (i = 0; i < v->ngo; i++)
		pr_note(o, NULL, "  %s\n", &v->go[i]);
	pr_arr_close(o);
	pr_text(o, "CONFIG_CHANGE records go to:\n");
	pr_arr_open(o, "config_changes_go");
	for (i = 0; i < v->nchanges_go; i++)
		pr_note(o, NULL, "  %s\n", &v->changes_go[i]);
	pr_arr_close(o);
}

/* The kernel log: printk's limits and what it dropped. */
static void render_kernel_log(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	if (f->klog_known) {
		pr_obj_open(o, "kernel_log");
		pr_int(o, PR_ANY, "printk_ratelimit", "Kernel log: printk_ratelimit=%lld s", f->printk_ratelimit);
		pr_int(o, PR_ANY, "printk_ratelimit_burst", ", burst %lld", f->printk_ratelimit_burst);
		pr_uint(o, PR_ANY, "suppressed", "; %llu records suppressed", f->suppressed);
		pr_uint(o, PR_ANY, "suppressed_reports", " in %llu bursts", f->suppressed_reports);
		pr_bool(o, PR_ANY, "from_boot", " (reaches back to boot: %s)\n", f->klog_from_boot);
		if (f->audit_on_by_usec >= 0)
			pr_uint(o, PR_JSON, "audit_on_by_usec", NULL, (unsigned long long)f->audit_on_by_usec);
		else
			pr_null(o, PR_JSON, "audit_on_by_usec", NULL);
		pr_obj_close(o);
	} else {
		pr_null(o, PR_ANY, "kernel_log", "Kernel log: cannot read /dev/kmsg\n");
	}
}

/* Can seccompctl verify from here, and the warnings with their remedies. */
static void render_warnings(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	size_t i;

	pr_tri(o, PR_JSON, "can_verify", NULL, v->can_verify);
	pr_str(o, PR_ANY, "can_verify_reason", "seccompctl can verify a change from here: %s\n", v->can_verify_why.text);
	pr_str(o, PR_JSON, "can_verify_kind", NULL, v->can_verify_why.kind);
	pr_text(o, "%s", v->nwarnings ? "\nWarnings:\n" : "");
	pr_arr_open(o, "warnings");
	for (i = 0; i < v->nwarnings; i++)
		pr_note(o, NULL, "  - %s\n", &v->warnings[i]);
	pr_arr_close(o);
}

static struct filterview fv;
static bool filters_read;
static char decisions_why[512];
static bool decisions_ok;

/* Can every decision be seen here (the BPF observer)? */
static void render_decisions(struct out *o)
{
	pr_obj_open(o, "decisions");
	pr_bool(o, PR_JSON, "observable", NULL, decisions_ok);
	if (decisions_ok) {
		pr_text(o, "Decisions: every one can be seen here, logged or not (tail --source=bpf, top, "
			"set --dry-run --observe)\n");
		pr_null(o, PR_JSON, "why", NULL);
	} else {
		pr_str(o, PR_ANY, "why", "Decisions: cannot be seen here: %s\n", decisions_why);
	}
	pr_obj_close(o);
}

static int render(struct out *o, const struct status_facts *f, const struct status_verdicts *v)
{
	pr_obj_open(o, NULL);
	render_kernel(o, f, v);
	render_audit(o, f, v);
	render_receivers(o, f, v);
	render_self(o, f, v);
	render_verdicts(o, f, v);
	render_kernel_log(o, f, v);
	render_decisions(o);
	render_warnings(o, f, v);
	if (filterview_render_status(&fv, o, filters_read) < 0)
		return -ENOMEM;
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
	/* what the host's filters make of actions_logged: read before confinement */
	filters_read = f.seccomp_filter && filterview_scan_quiet(&fv) == 0;
	decisions_ok = observer_check(decisions_why, sizeof(decisions_why)) == 0;
	sandbox_enter(SANDBOX_READ, SANDBOX_KEEP_NONE);
	status_judge(&f, &v);
	if (render(out_stdout(), &f, &v) < 0) {
		filterview_close(&fv);
		return EXIT_ERROR;
	}
	filterview_close(&fv);
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
