// SPDX-License-Identifier: LGPL-2.1-or-later
/* The options of the commands that read records: where from, and which events. */
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "os/clock.h"
#include "exitcode.h"
#include "model/event.h"
#include "model/names.h"
#include "os/log.h"
#include "os/workloads.h"
#include "readopts.h"
#include "model/timeparse.h"

static int parse_id(const char *what, const char *s, int64_t *v)
{
	char *end;
	long long x;

	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || *end || end == s || x < 0 || x > 4294967295LL) {
		p_err("--%s wants a number from 0 to 4294967295, not '%s'", what, s);
		return -EINVAL;
	}
	*v = x;
	return 0;
}

/* --syscall by name: the kernel's name in some arch's table, or libaudit's
 * (ausearch's) alias of one, answered with the kernel's. NULL after saying
 * that no table has it. */
static const char *kernel_syscall_name(const char *name)
{
	const struct arch_info *native = arch_native(), *a;
	const char *kernel = NULL;
	size_t i;

	for (i = 0; i < arch_count(); i++)
		if (syscall_number(arch_at(i), name, &kernel) >= 0 && !kernel)
			return name;
	/* an alias: the native arch's reading of it first */
	for (i = 0, a = native; a && !kernel; a = arch_at(i++))
		syscall_number(a, name, &kernel);
	if (kernel) {
		p_info("--syscall %s: the kernel's name is %s", name, kernel);
		return kernel;
	}
	p_err("--syscall: no arch's table has a system call '%s'", name);
	return NULL;
}

int read_opts_filter(const struct read_opts *r, struct event_filter *f)
{
	char bad[64];

	memset(f, 0, sizeof(*f));
	if (r->pid && parse_id("pid", r->pid, &f->pid) < 0)
		return -EINVAL;
	f->pid_set = r->pid;
	if (r->uid) {
		const char *digits = r->uid + strspn(r->uid, "0123456789");
		struct passwd *pw;

		if (!*digits) {
			if (parse_id("uid", r->uid, &f->uid) < 0)
				return -EINVAL;
		} else if ((pw = getpwnam(r->uid))) {
			f->uid = pw->pw_uid;
		} else {
			p_err("--uid: no user '%s'", r->uid);
			return -EINVAL;
		}
		f->uid_set = true;
	}
	f->comm = r->comm;
	f->exe = r->exe;
	f->host = r->host;
	f->unit = r->unit;
	f->container = r->container;
	f->pod = r->pod;
	if (r->syscall) {
		f->syscall_set = true;
		if (r->syscall[strspn(r->syscall, "0123456789")]) {
			if (!(f->syscall_name = kernel_syscall_name(r->syscall)))
				return -EINVAL;
		} else if (parse_id("syscall", r->syscall, &f->syscall_nr) < 0) {
			return -EINVAL;
		}
	}
	if (r->action && filter_actions(f, r->action, bad, sizeof(bad)) < 0) {
		p_err("--action: unknown action '%s'", bad);
		return -EINVAL;
	}
	if (r->arch) {
		char *end;
		unsigned long v;

		errno = 0;
		if (!(f->arch = arch_by_name(r->arch))) {
			v = strtoul(r->arch, &end, 16);
			if (errno || *end || end == r->arch || v > UINT32_MAX) {
				p_err("--arch: unknown architecture '%s' (a name such as x86_64, i386, x32, aarch64, arm, "
				      "or AUDIT_ARCH in hex)", r->arch);
				return -EINVAL;
			}
			f->arch_audit = (uint32_t)v;
		}
		f->arch_set = true;
	}
	return parse_window(r->since, r->until, realtime_ms(), &f->time) ? -EINVAL : 0;
}

int read_opts_rcvbuf(const struct read_opts *r, int *rcvbuf)
{
	char *end;
	long v;

	*rcvbuf = 0;
	if (!r->rcvbuf)
		return 0;
	errno = 0;
	v = strtol(r->rcvbuf, &end, 10);
	if (errno || *end || end == r->rcvbuf || v < 4096 || v > (1L << 30)) {
		p_err("--rcvbuf wants bytes from 4096 to 1073741824, not '%s'", r->rcvbuf);
		return EXIT_USAGE;
	}
	*rcvbuf = (int)v;
	return 0;
}

int read_opts_source(const struct read_opts *r, const struct time_window *w, bool follow, bool netlink_ok,
		     struct source_choice *c, struct source_opts *so)
{
	int rcvbuf, e;

	memset(so, 0, sizeof(*so));
	if ((e = read_opts_rcvbuf(r, &rcvbuf)))
		return e;
	so->want = WANT_SECCOMP;
	so->files = r->files.items;
	so->nfiles = r->files.n;
	so->all = r->all;
	so->directory = r->directory;
	so->boot = r->boot;
	so->follow = follow;
	so->since_ms = w->since_set ? w->since_ms : -1;
	so->rcvbuf = rcvbuf;
	so->trust_text = r->trust_file;
	return source_choose(r->source ? r->source : "auto", r->files.items, r->files.n, r->directory, r->boot,
			     netlink_ok, c) < 0 ? EXIT_USAGE : 0;
}

void read_report_trust(const struct source *src, bool used)
{
	if (src->not_kernel)
		p_warn("%llu line%s the kernel's words, but %s facility or journal transport says a process wrote "
		       "%s: not read as records", (unsigned long long)src->not_kernel,
		       src->not_kernel == 1 ? " speaks" : "s speak", src->not_kernel == 1 ? "its" : "their",
		       src->not_kernel == 1 ? "it" : "them");
	if (src->untrusted)
		p_warn("%llu record%s could have been written by a process, not the kernel: %s; %s "
		       "(--trust-file, if only the kernel's logger writes it)", (unsigned long long)src->untrusted,
		       src->untrusted == 1 ? "" : "s", src->untrusted_why,
		       used ? "not used" : "shown with \"trusted\": false");
	if (src->untrusted_lost)
		p_warn("%llu line%s of lost records could have been written by a process: %s; not counted "
		       "(--trust-file, if only the kernel's logger writes it)", (unsigned long long)src->untrusted_lost,
		       src->untrusted_lost == 1 ? " telling" : "s telling", src->untrusted_why);
}

void read_report(const struct source *src, const struct assembler *a, bool used)
{
	const char *tz = getenv("TZ");

	read_report_trust(src, used);
	if (src->out_of_range)
		p_warn("%llu number%s in JSON lines did not fit 64 bits: left out (null), never clamped",
		       (unsigned long long)src->out_of_range, src->out_of_range == 1 ? "" : "s");
	if (src->skipped || src->overlong || a->malformed)
		p_warn("skipped %llu entries or lines that are not audit records, %llu lines longer than 1 MiB, "
		       "%llu SECCOMP records without pid, syscall or code", (unsigned long long)src->skipped,
		       (unsigned long long)src->overlong, (unsigned long long)a->malformed);
	if (a->interpreted) {
		tzset();
		p_note("%llu record%s ausearch -i text: the times were read as local times in %s%s%s "
		       "(set TZ to the zone of the host that ran ausearch), and names were turned back into numbers",
		       (unsigned long long)a->interpreted, a->interpreted == 1 ? " was" : "s were",
		       tz && *tz ? "TZ=" : "the zone ", tz && *tz ? tz : tzname[0], tz && *tz ? "" : " of this host");
	}
	if (a->no_arch)
		p_note("%llu record%s no arch= (older kernels wrote none): the system calls are numbers in a "
		       "table not known, shown without names", (unsigned long long)a->no_arch,
		       a->no_arch == 1 ? " carries" : "s carry");
}

int read_opts_workloads(const struct read_opts *r, bool this_host, struct workloads *w, bool *opened)
{
	const char *why;

	*opened = false;
	if (!this_host || r->no_workload)
		return 0;
	if (workloads_open(w, true, &why) < 0) {
		p_err("out of memory");
		return EXIT_ERROR;
	}
	if (why)
		p_warn("%s: a process that ends before its record is read has no workload (unit, container)", why);
	*opened = true;
	return 0;
}

void read_opts_use_workloads(bool this_host, struct assembler *a, struct workloads *w, bool opened)
{
	static char host[256];

	if (!this_host)
		return;
	if (!host[0] && gethostname(host, sizeof(host) - 1) < 0)
		host[0] = '\0';
	a->local_host = host[0] ? host : NULL;
	if (opened)
		a->workload = &w->lookup;
}

static void drain_events(void *data)
{
	workloads_drain(data);
}

void read_opts_serve_workloads(struct source *src, struct workloads *w)
{
	/* -1: their own thread reads them */
	if (workloads_fd(w) >= 0)
		source_watch_add(src, workloads_fd(w), drain_events, w);
}

void read_report_workloads(const struct workloads *w)
{
	uint64_t n = 0;
	size_t i;

	for (i = 1; i < WHY_COUNT; i++)
		n += w->unknown[i];
	if (!n)
		return;
	p_note("%llu record%s no workload:", (unsigned long long)n, n == 1 ? " has" : "s have");
	for (i = 1; i < WHY_COUNT; i++)
		if (w->unknown[i])
			p_note("  %llu: %s", (unsigned long long)w->unknown[i], workload_why_text[i]);
}
