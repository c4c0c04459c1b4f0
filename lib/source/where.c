// SPDX-License-Identifier: LGPL-2.1-or-later
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "os/fileio.h"
#include "source/journal.h"
#include "os/output.h"
#include "source/where.h"

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
static void auditd_conf(struct route *r)
{
	char *buf, dir[1024], *line, *save, *eq, *k, *val;

	auditd_conf_dir((pid_t)r->audit.pid, dir, sizeof(dir));
	r->auditd_writes_logs = -1;
	if (read_full_file(dir, "auditd.conf", &buf, NULL) < 0)
		return;
	snprintf(r->auditd_log, sizeof(r->auditd_log), "/var/log/audit/audit.log");
	snprintf(r->auditd_format, sizeof(r->auditd_format), "RAW");
	r->auditd_writes_logs = 1;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#' || !(eq = strchr(line, '=')))
			continue;
		*eq = '\0';
		k = line + strspn(line, " \t");
		k[strcspn(k, " \t")] = '\0';
		val = eq + 1 + strspn(eq + 1, " \t");
		val[strcspn(val, " \t\r")] = '\0';
		if (strcmp(k, "log_file") == 0)
			snprintf(r->auditd_log, sizeof(r->auditd_log), "%s", val);
		else if (strcmp(k, "log_format") == 0)
			snprintf(r->auditd_format, sizeof(r->auditd_format), "%s", val);
		else if (strcmp(k, "write_logs") == 0)
			r->auditd_writes_logs = strcasecmp(val, "no") != 0;
	}
	free(buf);
}

void route_gather(struct route *r)
{
	uint64_t usec;
	pid_t pids[8];
	size_t n, i;
	char comm[32];

	memset(r, 0, sizeof(*r));
	r->audit_cmdline_off = proc_cmdline_has("/proc", "audit=0");
	r->audit_known = audit_get_state(&r->audit) == 0;
	if (r->audit_known && r->audit.pid) {
		r->auditd_alive = proc_alive("/proc", (pid_t)r->audit.pid);
		if (proc_comm("/proc", (pid_t)r->audit.pid, comm, sizeof(comm)) == 0 && strcmp(comm, "auditd") == 0)
			auditd_conf(r);
	}
	r->listeners_known = proc_audit_listeners("/proc", r->listeners, ROUTE_MAX_LISTENERS, &r->nlisteners) == 0;
	if (proc_find_comm("/proc", "systemd-journal", pids, 8, &n) < 0 || !n)
		return;
	r->journald_pid = pids[0];
	r->journald_reads_audit = -1;
	for (i = 0; r->listeners_known && i < r->nlisteners; i++)
		if (r->listeners[i].pid == r->journald_pid || r->listeners[i].portid == (uint32_t)r->journald_pid)
			r->journald_reads_audit = (r->listeners[i].groups & 1) ? 1 : r->journald_reads_audit;
	if (r->listeners_known && r->journald_reads_audit == -1 && geteuid() == 0)
		r->journald_reads_audit = 0;
	r->journald_reads_kmsg = proc_has_fd_to(("/proc"), r->journald_pid, "/dev/kmsg");
	if (r->audit_known && r->audit.enabled == 0 && journal_audit_disabled_at(&usec) > 0) {
		r->journald_disabled_audit = true;
		fmt_time_local(r->journald_disabled_at, sizeof(r->journald_disabled_at), usec / 1000000,
			       (uint32_t)(usec / 1000 % 1000));
	}
}

bool route_auditd(const struct route *r)
{
	return r->audit_known && r->audit.pid && r->auditd_alive;
}
