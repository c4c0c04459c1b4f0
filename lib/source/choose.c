// SPDX-License-Identifier: LGPL-2.1-or-later
/* The source to read: the one named, or where this host's records go now. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "os/log.h"
#include "os/sysctl.h"
#include "source/choose.h"
#include "source/journal.h"
#include "source/logfile.h"
#include "source/where.h"

static bool is_journal_files(const char *const *files, size_t n)
{
	return n && journal_is_file(files[0]);
}

/* Where this host's records go now, for --source=auto. */
static void choose_auto(struct source_choice *c, bool netlink_ok)
{
	struct route r;

	route_gather(&r);
	if (route_auditd(&r) && r.auditd_writes_logs != 0 && r.auditd_log[0]) {
		c->source = SOURCE_FILE;
		snprintf(c->path, sizeof(c->path), "%s", r.auditd_log);
		snprintf(c->why, sizeof(c->why), "reading %s: auditd (pid %u) is registered and writes it",
			 r.auditd_log, r.audit.pid);
	} else if (!r.audit_known && access(AUDIT_LOG_DEFAULT, R_OK) == 0) {
		/* unprivileged: AUDIT_GET cannot say; a readable audit.log is a good guess */
		c->source = SOURCE_FILE;
		snprintf(c->path, sizeof(c->path), "%s", AUDIT_LOG_DEFAULT);
		snprintf(c->why, sizeof(c->why), "reading %s (whether auditd is registered cannot be asked "
			 "without CAP_AUDIT_CONTROL)", AUDIT_LOG_DEFAULT);
	} else if (r.journald_reads_audit == 1 || (r.journald_reads_audit < 0 && journal_has_audit() > 0)) {
		c->source = SOURCE_JOURNAL;
		snprintf(c->why, sizeof(c->why), "reading the journal: no auditd is registered, and "
			 "systemd-journald (pid %d) reads audit records (and the kernel's copies, each shown once)",
			 (int)r.journald_pid);
	} else if (r.journald_pid && r.journald_reads_kmsg == 1) {
		c->source = SOURCE_KERNEL;
		c->journal = true;
		snprintf(c->why, sizeof(c->why), "reading the journal's kernel messages: no auditd is registered "
			 "and journald does not read audit, so records reach only the kernel log (rate limited), "
			 "which systemd-journald (pid %d) stores", (int)r.journald_pid);
	} else {
		c->source = SOURCE_KERNEL;
		snprintf(c->why, sizeof(c->why), "reading /dev/kmsg: no auditd is registered and no journald "
			 "keeps audit records, so they reach only the kernel log (rate limited); what the ring "
			 "buffer still holds, and %s", netlink_ok ? "with -f what comes (--source=netlink sees "
			 "every record, unlimited)" : "nothing older");
	}
}

int source_choose(const char *name, const char *const *files, size_t nfiles, const char *dir, const char *boot,
		  bool netlink_ok, struct source_choice *c)
{
	memset(c, 0, sizeof(*c));
	if (strcmp(name, "auto") == 0) {
		if (nfiles) {
			c->source = is_journal_files(files, nfiles) ? SOURCE_JOURNAL : SOURCE_FILE;
		} else if (dir || boot) {
			c->source = SOURCE_JOURNAL;
		} else {
			choose_auto(c, netlink_ok);
			p_info("%s", c->why);
		}
		return 0;
	}
	if (strcmp(name, "file") == 0)
		c->source = SOURCE_FILE;
	else if (strcmp(name, "journal") == 0)
		c->source = SOURCE_JOURNAL;
	else if (strcmp(name, "kernel") == 0)
		c->source = SOURCE_KERNEL;
	else if (strcmp(name, "netlink") == 0 && netlink_ok)
		c->source = SOURCE_NETLINK;
	else if (strcmp(name, "bpf") == 0 && netlink_ok)
		c->source = SOURCE_BPF;
	else {
		p_err("--source wants auto, %skernel, journal or file, not '%s'", netlink_ok ? "netlink, bpf, " : "",
		      name);
		return -EINVAL;
	}
	if (c->source == SOURCE_BPF && (nfiles || dir || boot)) {
		p_err("--source=bpf sees decisions as they are made: it reads no file, directory or boot");
		return -EINVAL;
	}
	/* the kernel's messages in the journal, with the journal's options */
	if (c->source == SOURCE_KERNEL && (dir || boot || is_journal_files(files, nfiles)))
		c->journal = true;
	if ((boot || dir) && c->source != SOURCE_JOURNAL && !c->journal) {
		p_err("--boot and --directory read the journal: add --source=journal (or --source=kernel)");
		return -EINVAL;
	}
	return 0;
}

enum source_kind source_kind_of(const struct source_choice *c, const struct source_opts *o)
{
	switch (c->source) {
	case SOURCE_NETLINK:
	case SOURCE_JOURNAL:
	case SOURCE_BPF:
		return c->source;
	case SOURCE_KERNEL:
		/* dmesg, kern.log: text files */
		return !c->journal && (o->nfiles || c->path[0]) ? SOURCE_FILE : SOURCE_KERNEL;
	default:
		return SOURCE_FILE;
	}
}

bool source_reads_this_host(const struct source_choice *c, const struct source_opts *o)
{
	char now[33];

	switch (source_kind_of(c, o)) {
	case SOURCE_NETLINK:
	case SOURCE_BPF:
		return true;
	case SOURCE_KERNEL:
		if (!c->journal)
			return true;	/* /dev/kmsg */
		if (o->directory || o->nfiles)
			return false;
		if (!o->boot || strcmp(o->boot, "current") == 0)
			return true;
		return sysctl_boot_id(SYSCTL_ROOT, now) == 0 && strcmp(o->boot, now) == 0;
	case SOURCE_JOURNAL:
	case SOURCE_FILE:
		break;
	}
	return false;
}

int source_open(const struct source_choice *c, struct source_opts *o, struct source **src)
{
	const char *path = c->path;
	enum source_kind kind = source_kind_of(c, o);

	if (c->path[0] && !o->nfiles) {
		o->files = &path;
		o->nfiles = 1;
	}
	switch (kind) {
	case SOURCE_NETLINK:
		return source_netlink_open(src, o);
	case SOURCE_BPF:
		return source_bpf_open(src, o);
	case SOURCE_JOURNAL:
		return source_journal_open(src, o);
	case SOURCE_KERNEL:
		o->kernel = true;
		return c->journal ? source_journal_open(src, o) : source_kmsg_open(src, o);
	default:
		return source_file_open(src, o);
	}
}

