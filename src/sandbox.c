// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/ioctl.h>

#include <cap-ng.h>
#include <seccomp.h>

#include "log.h"
#include "sandbox.h"

static bool disabled;

void sandbox_disable(void)
{
	disabled = true;
}

bool sandbox_active(void)
{
	return !disabled;
}

int sandbox_drop_caps(const int *keep)
{
	if (disabled)
		return 0;
	capng_clear(CAPNG_SELECT_BOTH);
	for (; *keep >= 0; keep++)
		if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, (unsigned int)*keep) < 0)
			return -EINVAL;
	/* without CAP_SETPCAP the bounding set stays; effective and permitted go */
	return capng_apply(CAPNG_SELECT_CAPS) < 0 ? -EPERM : 0;
}

/* What every command does after set-up: read, wait, format, write stdout. */
static const char *const read_calls[] = {
	"read", "readv", "pread64", "write", "writev", "close", "fstat", "newfstatat", "statx",
	"fstatfs", "statfs", "lseek", "mmap", "munmap", "mremap", "mprotect", "madvise", "brk",
	"futex", "set_robust_list", "rseq", "getrandom", "clock_gettime", "clock_nanosleep",
	"nanosleep", "gettimeofday", "poll", "ppoll", "pselect6", "getpid", "gettid", "getuid",
	"geteuid", "getgid", "getegid", "uname", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
	"sigaltstack", "exit", "exit_group", "fcntl", "getdents64", "readlink", "readlinkat",
	"access", "faccessat", "faccessat2", "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
	"recvfrom", "recvmsg", "sendto", "sendmsg", "bind", "getsockname", "setsockopt", "getsockopt",
	"sched_yield", "restart_syscall", "prlimit64", "getrusage", NULL
};

/* --persist after the write: a temporary file, fsync, rename, fsync. */
static const char *const persist_calls[] = {
	"fchmod", "fsync", "fdatasync", "rename", "renameat", "renameat2", "unlink", "unlinkat", NULL
};

static int allow_all(scmp_filter_ctx ctx, const char *const *names)
{
	int nr, r;

	for (; *names; names++) {
		nr = seccomp_syscall_resolve_name(*names);
		if (nr == __NR_SCMP_ERROR)
			continue;	/* not on this architecture */
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
		if (r < 0)
			return r;
	}
	return 0;
}

static int build(scmp_filter_ctx ctx, enum sandbox_profile profile)
{
	const unsigned int wr = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC;
	int r;

	r = allow_all(ctx, read_calls);
	/* files: only for reading, unless persisting */
	if (r >= 0 && profile == SANDBOX_PERSIST) {
		r = allow_all(ctx, persist_calls);
		if (r >= 0)
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 0);
		if (r >= 0)
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 0);
	} else if (r >= 0) {
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, wr, 0));
		if (r >= 0)
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(open), 1,
					     SCMP_A1(SCMP_CMP_MASKED_EQ, wr, 0));
	}
	/* sockets: audit netlink only (AUDIT_GET at the end); the name resolver
	 * also reaches nscd, sssd or systemd-userdbd over a Unix socket */
	if (r >= 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_NETLINK));
	if (r >= 0 && profile == SANDBOX_NAMES)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1, SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
	if (r >= 0 && profile == SANDBOX_NAMES)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(connect), 0);
	/* ioctl: isatty() and nothing else */
	if (r >= 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_EQ, TCGETS));
	return r;
}

int sandbox_install(enum sandbox_profile profile)
{
	scmp_filter_ctx ctx;
	int r;

	if (disabled)
		return 0;
	ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	if (!ctx)
		return -ENOMEM;
	/* log what is refused, and cover every thread */
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_LOG, 1);
	if (r >= 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
	if (r >= 0)
		r = build(ctx, profile);
	if (r >= 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	return r < 0 ? r : 0;
}

void sandbox_enter(enum sandbox_profile profile, const int *keep)
{
	int r;

	if (disabled)
		return;
	r = sandbox_drop_caps(keep);
	if (r < 0)
		p_warn("cannot drop capabilities (%s); going on", strerror(-r));
	r = sandbox_install(profile);
	if (r < 0)
		p_warn("cannot install the seccomp sandbox (%s); going on (--no-sandbox silences this)",
		       strerror(-r));
}
