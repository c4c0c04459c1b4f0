// SPDX-License-Identifier: LGPL-2.1-or-later
/* The sandbox's allow-lists in libseccomp's terms. Built into BPF when
 * seccompctl is built (gen-seccomp.c): building them at every run cost
 * about a third of a millisecond. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <linux/bpf.h>
#include <sys/socket.h>

#include <seccomp.h>

#include "os/sandbox-rules.h"

/* What every command does after set-up: read, wait, format, write stdout. */
static const char *const read_calls[] = {
	"read", "readv", "pread64", "write", "writev", "close", "fstat", "newfstatat", "statx",
	"fstatfs", "statfs", "lseek", "mmap", "munmap", "mremap", "mprotect", "madvise", "brk",
	"futex", "set_robust_list", "rseq", "getrandom", "clock_gettime", "clock_nanosleep",
	"nanosleep", "gettimeofday", "poll", "ppoll", "pselect6", "getpid", "gettid", "getuid",
	"geteuid", "getgid", "getegid", "uname", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
	"sigaltstack", "exit", "exit_group", "fcntl", "getdents64", "readlink", "readlinkat",
	"access", "faccessat", "faccessat2", "inotify_init1", "inotify_add_watch", "inotify_rm_watch",
	"recvfrom", "recvmsg", "recvmmsg", "sendto", "sendmsg", "bind", "getsockname", "setsockopt", "getsockopt",
	"sched_yield", "restart_syscall", "prlimit64", "getrusage",
	/* glibc's qsort sizes its buffer by sysconf(_SC_PHYS_PAGES), and reads
	 * garbage when sysinfo fails: refused, a sort's order changed by chance */
	"sysinfo", NULL
};

/* --persist after the write: a temporary file, fsync, rename, fsync. */
static const char *const persist_calls[] = {
	"fchmod", "fsync", "fdatasync", "rename", "renameat", "renameat2", "unlink", "unlinkat", NULL
};

/* record: reap its command, pass it the signals meant for it, and set
 * actions_logged back after the run (a /proc/sys write, as persist opens) */
static const char *const record_calls[] = {
	"wait4", "waitid", "kill", "tgkill", "pidfd_send_signal", "pwrite64", NULL
};

/* top's full screen: waiting on the terminal as ncurses does */
static const char *const tty_calls[] = { "select", "_newselect", NULL };

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

int sandbox_rules(scmp_filter_ctx ctx, enum sandbox_profile profile)
{
	const unsigned int wr = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC;
	bool observe;
	int r;

	r = allow_all(ctx, read_calls);
	/* files: only for reading, unless persisting */
	if (r >= 0 && profile == SANDBOX_RECORD)
		r = allow_all(ctx, record_calls);
	if (r >= 0 && (profile == SANDBOX_PERSIST || profile == SANDBOX_RECORD || profile == SANDBOX_OBSERVE_PERSIST)) {
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
	/* the decision observer's counters and counts: its maps' descriptors
	 * are open, and reading them is all that is left to do */
	observe = profile == SANDBOX_OBSERVE || profile == SANDBOX_OBSERVE_PERSIST || profile == SANDBOX_OBSERVE_TTY;
	if (r >= 0 && observe)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(bpf), 1, SCMP_A0(SCMP_CMP_EQ, BPF_MAP_LOOKUP_ELEM));
	if (r >= 0 && observe)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(bpf), 1, SCMP_A0(SCMP_CMP_EQ, BPF_MAP_GET_NEXT_KEY));
	/* top's full screen: ncurses sets the terminal's modes, and puts them back */
	if (r >= 0 && profile == SANDBOX_OBSERVE_TTY)
		r = allow_all(ctx, tty_calls);
	if (r >= 0 && profile == SANDBOX_OBSERVE_TTY)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_EQ, TCSETS));
	if (r >= 0 && profile == SANDBOX_OBSERVE_TTY)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_EQ, TCSETSW));
	if (r >= 0 && profile == SANDBOX_OBSERVE_TTY)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_EQ, TCSETSF));
	/* ioctl: isatty(), and a table's width (libsmartcols asks the terminal) */
	if (r >= 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_EQ, TCGETS));
	if (r >= 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_EQ, TIOCGWINSZ));
	return r;
}

