// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "status.h"

static void note(struct status_note *n, const char *kind, const char *fmt, va_list ap)
{
	n->kind = kind;
	vsnprintf(n->text, sizeof(n->text), fmt, ap);
}

static void warn(struct status_verdicts *v, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void warn(struct status_verdicts *v, const char *kind, const char *fmt, ...)
{
	va_list ap;

	if (v->nwarnings == STATUS_MAX_WARNINGS)
		return;
	va_start(ap, fmt);
	note(&v->warnings[v->nwarnings++], kind, fmt, ap);
	va_end(ap);
}

static void goes(struct status_verdicts *v, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void goes(struct status_verdicts *v, const char *kind, const char *fmt, ...)
{
	va_list ap;

	if (v->ngo == sizeof(v->go) / sizeof(v->go[0]))
		return;
	va_start(ap, fmt);
	note(&v->go[v->ngo++], kind, fmt, ap);
	va_end(ap);
}

static void why(struct status_note *n, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void why(struct status_note *n, const char *kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note(n, kind, fmt, ap);
	va_end(ap);
}

static bool logged(const struct status_facts *f, const char *name)
{
	int i = vocab_index(&f->vocab, name, strlen(name));

	return i >= 0 && (f->logged & (1U << i));
}

static void judge_paper_trail(const struct status_facts *f, struct status_verdicts *v)
{
	struct status_note *n = &v->paper_trail_why;
	bool keeper = (f->audit.pid && f->auditd_alive && f->auditd_writes_logs != 0) ||
		      f->journald_reads_audit == 1;

	if (f->audit_cmdline_off == 1) {
		v->paper_trail = 0;
		why(n, "audit_off_cmdline", "the kernel was booted with audit=0: it makes no audit record at all");
		warn(v, "audit_off_cmdline", "The kernel was booted with audit=0: no change to actions_logged and "
		     "no seccomp decision is recorded. Remedy: remove audit=0 from the kernel command line and reboot.");
		return;
	}
	if (!f->audit_known) {
		v->paper_trail = -1;
		why(n, "audit_unknown", "cannot ask the kernel whether audit is enabled (AUDIT_GET needs "
		    "CAP_AUDIT_CONTROL): run seccompctl status as root");
		return;
	}
	if (f->audit.enabled == 0) {
		v->paper_trail = 0;
		why(n, "audit_disabled", "audit is disabled%s: changes to actions_logged leave no record",
		    f->journald_disabled_audit ? ", by systemd-journald at its start" : "");
		if (f->journald_disabled_audit)
			warn(v, "journald_disabled_audit", "systemd-journald (pid %d) turned audit off when it started "
			     "without auditd%s%s. Remedy: start auditd, or run 'auditctl -e 1' after journald has started.",
			     (int)f->journald_pid, f->journald_disabled_at[0] ? ", at " : "", f->journald_disabled_at);
		warn(v, "audit_disabled", "Audit is disabled: changes to actions_logged leave no paper trail. "
		     "Remedy: 'auditctl -e 1' (and start auditd so that the records are kept).");
		return;
	}
	if (!keeper) {
		v->paper_trail = 0;
		why(n, "no_keeper", "audit is enabled, but neither auditd nor journald keeps the records: "
		    "they reach only the kernel log, which forgets them");
		warn(v, "no_keeper", "Nothing keeps audit records: no auditd writes a log and no journald reads "
		     "audit. Remedy: start auditd (or systemd-journald with its audit socket).");
		return;
	}
	v->paper_trail = 1;
	if (f->audit.pid && f->auditd_alive)
		why(n, "auditd", "audit is %s and auditd (pid %u) writes %.300s", f->audit.enabled == 2 ?
		    "enabled and locked" : "enabled", f->audit.pid, f->auditd_log[0] ? f->auditd_log : "its log");
	else
		why(n, "journald", "audit is enabled and systemd-journald (pid %d) stores audit records",
		    (int)f->journald_pid);
}

static void judge_destinations(const struct status_facts *f, struct status_verdicts *v)
{
	size_t i, others = 0;

	if (f->audit_cmdline_off == 1) {
		goes(v, "nowhere", "nowhere: audit=0");
		return;
	}
	if (f->audit_known && f->audit.pid && f->auditd_alive)
		goes(v, "auditd", "auditd (pid %u): %s%s%s", f->audit.pid, f->auditd_log[0] ? f->auditd_log : "its log",
		     f->auditd_format[0] ? ", format " : "", f->auditd_format);
	else if (f->audit_known)
		goes(v, "kernel_log", "the kernel log (printk, rate limited): no auditd is registered");
	if (f->journald_reads_audit == 1)
		goes(v, "journal", "the journal (systemd-journald pid %d reads audit multicast)", (int)f->journald_pid);
	for (i = 0; i < f->nlisteners; i++) {
		const struct audit_listener *l = &f->listeners[i];

		if (!(l->groups & 1) || (l->pid && (l->pid == f->journald_pid || l->pid == f->self)))
			continue;
		if (others++ < 4)
			goes(v, "listener", "netlink listener %s (pid %d)", l->comm[0] ? l->comm : "?", (int)l->pid);
	}
	if (!v->ngo)
		goes(v, "unknown", "unknown: run as root to see auditd and the audit listeners");
}

static void judge_verify(const struct status_facts *f, struct status_verdicts *v)
{
	struct status_note *n = &v->can_verify_why;

	v->can_verify = 0;
	if (!f->caps_known)
		v->can_verify = -1, why(n, "caps_unknown", "cannot read this process's capabilities");
	else if (!f->cap_sys_admin)
		why(n, "no_cap_sys_admin", "this process lacks CAP_SYS_ADMIN: it cannot change actions_logged");
	else if (!f->cap_audit_read)
		why(n, "no_cap_audit_read", "this process lacks CAP_AUDIT_READ: it cannot read the kernel's records");
	else if (f->initial_net_ns == 0)
		why(n, "other_net_ns", "not in the initial network namespace: no audit record arrives here");
	else if (f->initial_user_ns == 0)
		why(n, "other_user_ns", "not in the initial user namespace: the kernel refuses the write");
	else if (f->audit_cmdline_off == 1 || (f->audit_known && f->audit.enabled == 0))
		why(n, "audit_disabled", "audit is disabled: there will be no record to verify against");
	else if (!f->audit_known)
		v->can_verify = -1, why(n, "audit_unknown", "cannot tell whether audit is enabled");
	else
		v->can_verify = 1, why(n, "yes", "yes: it can write, and read the record the kernel sends");
}

void status_judge(const struct status_facts *f, struct status_verdicts *v)
{
	memset(v, 0, sizeof(*v));
	if (!f->seccomp_filter)
		warn(v, "no_seccomp_logging", "This kernel has no seccomp logging controls "
		     "(kernel.seccomp.actions_logged). Remedy: Linux 4.14 or later with CONFIG_SECCOMP_FILTER.");
	judge_paper_trail(f, v);
	judge_destinations(f, v);
	judge_verify(f, v);
	if (f->logged_known && !f->logged)
		warn(v, "nothing_logged", "actions_logged is empty: no seccomp decision is logged at all. "
		     "Remedy: 'seccompctl reset'.");
	else if (f->logged_known) {
		if (!logged(f, "kill_process") && vocab_has(&f->vocab, "kill_process"))
			warn(v, "kill_process_not_logged", "kill_process is not logged: processes seccomp kills leave "
			     "no record. Remedy: 'seccompctl enable kill_process'.");
		if (!logged(f, "kill_thread"))
			warn(v, "kill_thread_not_logged", "kill_thread is not logged: threads seccomp kills leave no "
			     "record. Remedy: 'seccompctl enable kill_thread'.");
	}
	if (f->audit_known && f->audit.pid && !f->auditd_alive)
		warn(v, "auditd_gone", "The kernel sends records to auditd pid %u, which no longer runs: they wait "
		     "in the backlog and are lost once it is full. Remedy: restart auditd.", f->audit.pid);
	if (f->audit_known && f->audit.lost)
		warn(v, "records_lost", "The kernel has lost %u audit records since boot. Remedy: raise the backlog "
		     "('auditctl -b 8192') and lift the rate limit ('auditctl -r 0').", f->audit.lost);
	if (f->audit_known && f->audit.rate_limit)
		warn(v, "rate_limited", "Audit is rate limited to %u records/s: a burst of seccomp records is "
		     "dropped. Remedy: 'auditctl -r 0'.", f->audit.rate_limit);
}
