// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A program for seccompctl record to learn, static so that it runs in a
 * busybox rootfs under runc as well as on the host.
 *
 *   learn-subject compat        64-bit calls and, on x86_64, a 32-bit one
 *                               (int $0x80 getpid): exit 0 when both give
 *                               the pid, 3 when the 32-bit call was refused
 *   learn-subject forkexec PROG [ARGS...]
 *                               fork; the child execs PROG; exit with its status
 *   learn-subject loop N [log]  N getppid() calls, then exit 0; with log,
 *                               under a filter whose every decision is
 *                               SECCOMP_RET_LOG (what record loads), so that
 *                               the kernel's logging cost shows alone
 *   learn-subject uname         uname(): exit 0, or 3 when it was refused
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#if defined(__x86_64__)
static long getpid_i386(void)
{
	long r;

	/* i386's getpid is 20: the kernel takes int $0x80 as a 32-bit call */
	__asm__ volatile("int $0x80" : "=a"(r) : "a"(20L) : "memory");
	return r;
}
#endif

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "compat") == 0) {
		long pid = syscall(SYS_getpid);
#if defined(__x86_64__)
		long pid32 = getpid_i386();

		printf("pid %ld, i386 getpid %ld\n", pid, pid32);
		return pid32 == pid ? 0 : 3;
#else
		printf("pid %ld (no 32-bit calls on this arch)\n", pid);
		return 0;
#endif
	}
	if (argc >= 3 && strcmp(argv[1], "forkexec") == 0) {
		int status;
		pid_t child = fork();

		if (child < 0)
			return 1;
		if (child == 0) {
			execv(argv[2], argv + 2);
			_exit(127);
		}
		if (waitpid(child, &status, 0) < 0)
			return 1;
		return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	if ((argc == 3 || argc == 4) && strcmp(argv[1], "loop") == 0) {
		static struct sock_filter log_all[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG) };
		struct sock_fprog prog = { .len = 1, .filter = log_all };
		long n = atol(argv[2]), i;

		if (argc == 4 && (strcmp(argv[3], "log") ||
				  syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)) {
			fprintf(stderr, "learn-subject: cannot load the log filter: %s\n", strerror(errno));
			return 1;
		}

		for (i = 0; i < n; i++)
			syscall(SYS_getppid);
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "uname") == 0) {
		struct utsname u;

		if (uname(&u) < 0) {
			printf("uname: %s\n", strerror(errno));
			return 3;
		}
		printf("%s %s\n", u.sysname, u.machine);
		return 0;
	}
	fprintf(stderr, "usage: learn-subject compat | forkexec PROG [ARGS...] | loop N [log] | uname\n");
	return 2;
}
