// SPDX-License-Identifier: LGPL-2.1-or-later
/* status's verdicts on the logging path, drawn from gathered facts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/status.h"
#include "model/writer.h"

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

static void change_goes(struct status_verdicts *v, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void change_goes(struct status_verdicts *v, const char *kind, const char *fmt, ...)
{
	va_list ap;

	if (v->nchanges_go == sizeof(v->changes_go) / sizeof(v->changes_go[0]))
		return;
	va_start(ap, fmt);
	note(&v->changes_go[v->nchanges_go++], kind, fmt, ap);
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
	bool keeper = (f->route.audit.pid && f->route.auditd_alive && f->route.auditd_writes_logs != 0) ||
		      f->route.journald_reads_audit == 1;

	if (f->route.audit_cmdline_off == 1) {
		v->paper_trail = 0;
		why(n, "audit_off_cmdline", "the kernel was booted with audit=0: it makes no audit record at all");
		warn(v, "audit_off_cmdline", "The kernel was booted with audit=0: no change to actions_logged and "
		     "no seccomp decision is recorded. Remedy: remove audit=0 from the kernel command line and reboot.");
		return;
	}
	/* what journald will do at its next start, whatever audit is now */
	if (f->route.journald_pid && f->route.journald_audit_conf == 0)
		warn(v, "journald_audit_no", "systemd-journald is configured with Audit=no (%.200s): it turns audit "
		     "off each time it starts, and from then on changes to actions_logged leave no record. Remedy: "
		     "set Audit=yes in a drop-in (/etc/systemd/journald.conf.d/audit.conf), or remove the setting "
		     "(systemd 257 turns audit on by default, 252 off), or start auditd after journald.",
		     f->route.journald_audit_file);
	if (!f->route.audit_known) {
		v->paper_trail = -1;
		why(n, "audit_unknown", "cannot ask the kernel whether audit is enabled (AUDIT_GET needs "
		    "CAP_AUDIT_CONTROL): run seccompctl status as root");
		return;
	}
	if (f->route.audit.enabled == 0) {
		v->paper_trail = 0;
		why(n, "audit_disabled", "audit is disabled%s: changes to actions_logged leave no record",
		    f->route.journald_disabled_audit ? ", by systemd-journald at its start" : "");
		if (f->route.journald_disabled_audit) {
			char at[48] = "";

			if (f->route.journald_disabled_usec) {
				strcpy(at, ", at ");
				fmt_time_local(at + 5, sizeof(at) - 5, f->route.journald_disabled_usec / 1000000,
					       (uint32_t)(f->route.journald_disabled_usec / 1000 % 1000));
			}
			warn(v, "journald_disabled_audit", "systemd-journald (pid %d) turned audit off when it started "
			     "without auditd%s. Remedy: start auditd, or run 'auditctl -e 1' after journald has started; "
			     "Audit=yes in its configuration (a journald.conf.d drop-in) keeps it on at the next start.",
			     (int)f->route.journald_pid, at);
		}
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
	if (f->route.audit.pid && f->route.auditd_alive)
		why(n, "auditd", "audit is %s and auditd (pid %u) writes %.300s", f->route.audit.enabled == 2 ?
		    "enabled and locked" : "enabled", f->route.audit.pid, f->route.auditd_log[0] ? f->route.auditd_log : "its log");
	else
		why(n, "journald", "audit is enabled and systemd-journald (pid %d) stores audit records",
		    (int)f->route.journald_pid);
}

static void judge_destinations(const struct status_facts *f, struct status_verdicts *v)
{
	size_t i, others = 0;

	if (f->route.audit_cmdline_off == 1) {
		goes(v, "nowhere", "nowhere: audit=0");
		return;
	}
	if (f->route.audit_known && f->route.audit.pid && f->route.auditd_alive)
		goes(v, "auditd", "auditd (pid %u): %s%s%s", f->route.audit.pid, f->route.auditd_log[0] ? f->route.auditd_log : "its log",
		     f->route.auditd_format[0] ? ", format " : "", f->route.auditd_format);
	else if (f->route.audit_known)
		goes(v, "kernel_log", "the kernel log (printk, rate limited: kernel.printk_ratelimit=%d s, "
		     "printk_ratelimit_burst=%d): no auditd is registered", f->printk_ratelimit, f->printk_ratelimit_burst);
	if (f->route.journald_reads_audit == 1)
		goes(v, "journal", "the journal (systemd-journald pid %d reads audit multicast)", (int)f->route.journald_pid);
	if (f->route.audit_known && !(f->route.audit.pid && f->route.auditd_alive) && f->route.journald_reads_kmsg == 1)
		goes(v, "journal_kernel", "the journal's kernel messages (systemd-journald pid %d reads /dev/kmsg; "
		     "what printk dropped is not there either)", (int)f->route.journald_pid);
	for (i = 0; i < f->route.nlisteners; i++) {
		const struct audit_listener *l = &f->route.listeners[i];

		if (!(l->groups & 1) || (l->pid && (l->pid == f->route.journald_pid || l->pid == f->self)))
			continue;
		if (others++ < 4)
			goes(v, "listener", "netlink listener %s (pid %d)", l->comm[0] ? l->comm : "?", (int)l->pid);
	}
	if (!v->ngo)
		goes(v, "unknown", "unknown: run as root to see auditd and the audit listeners");
}

/* CONFIG_CHANGE records exist only while audit is enabled; then they go where
 * the SECCOMP records go. */
static void judge_change_destinations(const struct status_facts *f, struct status_verdicts *v)
{
	size_t i;

	if (f->route.audit_cmdline_off == 1 || (f->route.audit_known && f->route.audit.enabled == 0)) {
		change_goes(v, "nowhere", "nowhere: audit is disabled, so a change to actions_logged makes no record");
		return;
	}
	for (i = 0; i < v->ngo; i++)
		if (strcmp(v->go[i].kind, "listener") && strcmp(v->go[i].kind, "unknown"))
			change_goes(v, v->go[i].kind, "%s", v->go[i].text);
	if (!v->nchanges_go)
		change_goes(v, "unknown", "unknown: run as root to see auditd and the audit listeners");
}

/* Records through printk: bursts are dropped, and only a count is left. */
static void judge_kernel_log(const struct status_facts *f, struct status_verdicts *v)
{
	char seen[160] = "";

	if (f->route.audit_cmdline_off == 1 || !f->route.audit_known || (f->route.audit.pid && f->route.auditd_alive))
		return;
	if (f->klog_known)
		snprintf(seen, sizeof(seen), "; the kernel log %s %llu records suppressed in %llu bursts",
			 f->klog_from_boot ? "shows, this boot," : "shows, as far back as it reaches,",
			 (unsigned long long)f->suppressed, (unsigned long long)f->suppressed_reports);
	warn(v, "printk_rate_limit", "No auditd is registered, so records go through printk, which drops "
	     "bursts: kernel.printk_ratelimit=%d s, printk_ratelimit_burst=%d, shared with every other "
	     "printk_ratelimit() caller%s. Remedy: start auditd; or enable journald's audit socket "
	     "('systemctl enable --now systemd-journald-audit.socket', systemd 253 and later); or, for a "
	     "debugging session, raise the limit ('sysctl kernel.printk_ratelimit_burst=1000'); "
	     "'seccompctl tail --source=netlink' sees every record live.",
	     f->printk_ratelimit, f->printk_ratelimit_burst, seen);
}

/* A task gets an audit context at fork only when audit had been enabled in
 * the boot before: older processes change actions_logged unnamed. */
static void judge_audit_context(const struct status_facts *f, struct status_verdicts *v)
{
	char names[256], *at = names, *end = names + sizeof(names);
	size_t i;
	int n;

	*at = '\0';
	for (i = 0; i < f->nold && at < end; i++) {
		n = snprintf(at, (size_t)(end - at), "%s%s[%d]", i ? ", " : "", f->old[i].comm, (int)f->old[i].pid);
		at += n > 0 && n < end - at ? n : end - at;
	}
	if (f->nold_total)
		warn(v, "no_audit_context", "%zu processes started before the earliest sign that audit was "
		     "enabled this boot (%s, %.3f s after boot%s): those started before audit was first enabled "
		     "have no audit context, and a change they make to actions_logged is recorded without its "
		     "writer. Among them: %s%s. Remedy: restart them once audit is enabled, or enable audit from "
		     "boot (audit=1 on the kernel command line).", f->nold_total, f->audit_on_evidence,
		     (double)f->audit_on_by_usec / 1e6, f->klog_from_boot ? "" :
		     "; the kernel log no longer reaches back further", names, f->nold_total > f->nold ? ", ..." : "");
	else if (f->audit_on_by_usec < 0 && f->klog_known && f->klog_from_boot && f->route.audit_known &&
		 f->route.audit.enabled == 0)
		warn(v, "audit_never_enabled", "Audit has not been enabled this boot (the kernel log, which "
		     "reaches back to boot, shows no sign of it): no process running now has an audit context, so "
		     "a change any of them makes to actions_logged will be recorded without its writer even once "
		     "audit is on. Remedy: enable audit from boot (audit=1 on the kernel command line).");
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
	else if (f->route.audit_cmdline_off == 1 || (f->route.audit_known && f->route.audit.enabled == 0))
		why(n, "audit_disabled", "audit is disabled: there will be no record to verify against");
	else if (!f->route.audit_known)
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
	judge_change_destinations(f, v);
	judge_kernel_log(f, v);
	judge_audit_context(f, v);
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
	if (f->route.audit_known && f->route.audit.pid && !f->route.auditd_alive)
		warn(v, "auditd_gone", "The kernel sends records to auditd pid %u, which no longer runs: they wait "
		     "in the backlog and are lost once it is full. Remedy: restart auditd.", f->route.audit.pid);
	if (f->route.audit_known && f->route.audit.lost)
		warn(v, "records_lost", "The kernel has lost %u audit records since boot. Remedy: raise the backlog "
		     "('auditctl -b 8192') and lift the rate limit ('auditctl -r 0').", f->route.audit.lost);
	if (f->route.audit_known && f->route.audit.rate_limit)
		warn(v, "rate_limited", "Audit is rate limited to %u records/s: a burst of seccomp records is "
		     "dropped. Remedy: 'auditctl -r 0'.", f->route.audit.rate_limit);
}

int status_paper_trail(const struct route *r)
{
	struct status_facts *f = calloc(1, sizeof(*f));
	struct status_verdicts *v = calloc(1, sizeof(*v));
	int trail = -1;	/* unknown, when there is no memory to judge it */

	if (f && v) {
		f->route = *r;
		judge_paper_trail(f, v);
		trail = v->paper_trail;
	}
	free(f);
	free(v);
	return trail;
}
