// SPDX-License-Identifier: LGPL-2.1-or-later
/* Where this host's records go, gathered: AUDIT_GET, /proc, auditd's config, the journal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "os/auditd.h"
#include "os/auditnl.h"
#include "os/journaldconf.h"
#include "os/procfs.h"
#include "source/journal.h"
#include "source/where.h"

void route_gather(struct route *r)
{
	struct auditd_config conf;
	uint64_t usec;
	pid_t pids[8];
	size_t n, i;
	char comm[32];

	memset(r, 0, sizeof(*r));
	r->audit_cmdline_off = proc_cmdline_has("/proc", "audit=0");
	r->audit_known = audit_get_state(&r->audit) == 0;
	r->auditd_writes_logs = -1;
	if (r->audit_known && r->audit.pid) {
		r->auditd_alive = proc_alive("/proc", (pid_t)r->audit.pid);
		if (proc_comm("/proc", (pid_t)r->audit.pid, comm, sizeof(comm)) == 0 && strcmp(comm, "auditd") == 0 &&
		    auditd_config((pid_t)r->audit.pid, &conf) == 0) {
			snprintf(r->auditd_log, sizeof(r->auditd_log), "%s", conf.log_file);
			snprintf(r->auditd_format, sizeof(r->auditd_format), "%s", conf.log_format);
			r->auditd_writes_logs = conf.write_logs;
		}
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
	r->journald_audit_conf = journald_audit_setting("", r->journald_audit_file, sizeof(r->journald_audit_file));
	if (r->audit_known && r->audit.enabled == 0 && journal_audit_disabled_at(&usec) > 0) {
		r->journald_disabled_audit = true;
		r->journald_disabled_usec = usec;
	}
}
