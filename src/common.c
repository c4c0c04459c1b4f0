// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auditnl.h"
#include "common.h"
#include "config.h"
#include "exitcode.h"
#include "journal.h"
#include "log.h"
#include "logfile.h"
#include "output.h"
#include "route.h"
#include "source.h"
#include "sysctl.h"
#include "watch.h"

int load_vocab(struct action_vocab *v)
{
	int r = seccomp_read_avail(SYSCTL_ROOT, v);

	if (r == -ENOENT) {
		p_err("%s/%s does not exist: this kernel has no seccomp logging controls "
		      "(Linux 4.14 or later with CONFIG_SECCOMP_FILTER needed)", SYSCTL_ROOT, ACTIONS_AVAIL);
		return EXIT_ERROR;
	}
	if (r == -EINVAL) {
		p_err("%s/%s holds no list of action names this tool can read", SYSCTL_ROOT, ACTIONS_AVAIL);
		return EXIT_ERROR;
	}
	if (r < 0) {
		p_err("cannot read %s/%s: %s", SYSCTL_ROOT, ACTIONS_AVAIL, strerror(-r));
		return EXIT_ERROR;
	}
	return 0;
}

int load_logged(const struct action_vocab *v, action_set *logged)
{
	int r = seccomp_read_logged(SYSCTL_ROOT, v, logged);

	if (r == -EINVAL) {
		p_err("%s/%s holds a name that is not in actions_avail", SYSCTL_ROOT, ACTIONS_LOGGED);
		return EXIT_ERROR;
	}
	if (r < 0) {
		p_err("cannot read %s/%s: %s", SYSCTL_ROOT, ACTIONS_LOGGED, strerror(-r));
		return EXIT_ERROR;
	}
	return 0;
}

int parse_window(const char *since, const char *until, int64_t now_ms, struct time_window *w)
{
	memset(w, 0, sizeof(*w));
	if (since && parse_time(since, now_ms, &w->since_ms) < 0) {
		p_err("--since: cannot read the time '%s'", since);
		return EXIT_USAGE;
	}
	if (until && parse_time(until, now_ms, &w->until_ms) < 0) {
		p_err("--until: cannot read the time '%s'", until);
		return EXIT_USAGE;
	}
	w->since_set = since;
	w->until_set = until;
	return 0;
}

static bool is_journal_files(const struct cli_list *files)
{
	return files->n && journal_is_file(files->items[0]);
}

/* Where this host's records go now, for --source=auto. */
static void choose_auto(struct source_choice *c, bool netlink_ok)
{
	static struct route r;

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

int choose_source(const char *name, const struct cli_list *files, const char *dir, const char *boot,
		  bool netlink_ok, struct source_choice *c)
{
	memset(c, 0, sizeof(*c));
	if (strcmp(name, "auto") == 0) {
		if (files->n) {
			c->source = is_journal_files(files) ? SOURCE_JOURNAL : SOURCE_FILE;
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
	else {
		p_err("--source wants auto, %skernel, journal or file, not '%s'", netlink_ok ? "netlink, " : "", name);
		return EXIT_USAGE;
	}
	/* the kernel's messages in the journal, with the journal's options */
	if (c->source == SOURCE_KERNEL && (dir || boot || is_journal_files(files)))
		c->journal = true;
	if ((boot || dir) && c->source != SOURCE_JOURNAL && !c->journal) {
		p_err("--boot and --directory read the journal: add --source=journal (or --source=kernel)");
		return EXIT_USAGE;
	}
	return 0;
}

int open_source(const struct source_choice *c, struct source_opts *o, struct source **src)
{
	const char *path = c->path;

	if (c->path[0] && !o->nfiles) {
		o->files = &path;
		o->nfiles = 1;
	}
	switch (c->source) {
	case SOURCE_NETLINK:
		return source_netlink_open(src, o);
	case SOURCE_JOURNAL:
		return source_journal_open(src, o);
	case SOURCE_KERNEL:
		if (!c->journal && o->nfiles)
			return source_file_open(src, o);	/* dmesg, kern.log: text files */
		o->kernel = true;
		return c->journal ? source_journal_open(src, o) : source_kmsg_open(src, o);
	default:
		return source_file_open(src, o);
	}
}

void pr_action_set(struct out *o, enum pr_mode m, const char *key, const char *fmt,
		   const struct action_vocab *v, action_set set, char sep)
{
	char text[512];
	size_t i;

	if (o->json && (m & PR_JSON)) {
		jw_open_arr(o, key);
		for (i = 0; i < v->n; i++)
			if (set & (1U << i))
				jw_str(o, NULL, v->names[i]);
		jw_close_arr(o);
	} else {
		pr_str(o, m & PR_TEXT, key, fmt, set_text(v, set, sep, text, sizeof(text)));
	}
}

void jw_change_fields(struct out *o, const struct action_vocab *v, const struct logging_change *c,
		      const struct syscall_who *who)
{
	char time[64];

	jw_uint(o, "serial", c->serial);
	fmt_time_iso(time, sizeof(time), c->sec, c->msec);
	jw_own_str(o, "time", time);
	if (c->old_known)
		pr_action_set(o, PR_JSON, "old_actions", NULL, v, c->old_actions, ',');
	else
		jw_null(o, "old_actions");
	if (c->actions_known)
		pr_action_set(o, PR_JSON, "actions", NULL, v, c->actions, ',');
	else
		jw_null(o, "actions");
	jw_int(o, "res", c->res);
	if (!who) {
		jw_null(o, "pid");
		jw_null(o, "uid");
		jw_null(o, "auid");
		jw_null(o, "comm");
		jw_null(o, "exe");
		return;
	}
	jw_int(o, "pid", who->pid);
	jw_int(o, "uid", who->uid);
	if (who->auid == AUDIT_ID_UNSET)
		jw_null(o, "auid");
	else
		jw_int(o, "auid", who->auid);
	jw_strn(o, "comm", who->comm, who->comm_len);
	jw_strn(o, "exe", who->exe, who->exe_len);
}

const char *set_text(const struct action_vocab *v, action_set set, char sep, char *buf, size_t size)
{
	if (!set)
		snprintf(buf, size, "(none)");
	else
		set_format(v, set, sep, buf, size);
	return buf;
}

struct wait_ctx {
	struct change_watch *watch;
	bool done;
	bool found;	/* our record is in, its SYSCALL record may follow */
};

static int wait_cb(uint32_t type, const char *payload, size_t len, void *data)
{
	struct wait_ctx *ctx = data;

	if (watch_feed(ctx->watch, type, payload, len)) {
		ctx->done = true;
		return 1;
	}
	if (!ctx->found && watch_ours(ctx->watch)) {
		ctx->found = true;
		return 1;
	}
	return 0;
}

int watch_wait(struct audit_reader *rd, struct change_watch *w, double timeout)
{
	struct wait_ctx ctx = { .watch = w };
	int64_t deadline = monotonic_ms() + (int64_t)(timeout * 1000), grace;
	int r;

	for (;;) {
		r = audit_reader_run(rd, deadline, wait_cb, &ctx);
		if (r <= 0 || ctx.done)
			return r < 0 ? r : 0;
		grace = monotonic_ms() + 300;
		if (grace < deadline)
			deadline = grace;
	}
}
