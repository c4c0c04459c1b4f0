// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Seccomp decisions of one kind, made on purpose and counted by the process
 * that meets them, for the decision observer's tests (the kernel as oracle).
 *
 *   decider [-l] [-w] ACTION COUNT
 *
 * -l loads the filter with SECCOMP_FILTER_FLAG_LOG; -w prints "ready" once
 * the filter is in and waits for a line on standard input before the calls.
 * ACTION, each on getppid():
 *   errno:N           the call fails with errno N
 *   trap              SIGSYS to a handler
 *   kill_thread       COUNT threads, each killed by its call; the process lives
 *   kill_process      COUNT children, each killed by its call
 *   user_notif:N      a listener (a thread without the filter) answers errno N
 *   user_notif:go     the listener answers SECCOMP_USER_NOTIF_FLAG_CONTINUE
 *   trace             no tracer: the call fails with ENOSYS
 * and calls that are not seccomp's decisions, under an allow-all filter:
 *   enoent            open() of a path that is not there
 *   eperm             setgid() after giving up root: a capability check
 *   sysemu            a child's calls skipped by its tracer (PTRACE_SYSEMU)
 * Prints "outcome N": how many times it met what ACTION makes (and
 * kill_process, "child PID" for each child). No
 * libseccomp: the test must not depend on a library it checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "getppid-filter.h"


static volatile sig_atomic_t traps;
static int listener = -1;
static long answer_errno;	/* 0: continue */

static void on_sigsys(int sig)
{
	traps++;
}

static void *call_once(void *arg)
{
	syscall(__NR_getppid);
	*(int *)arg = 1;	/* not reached when the call kills the thread */
	return NULL;
}

static void *supervise(void *arg)
{
	struct seccomp_notif req;
	struct seccomp_notif_resp resp;

	for (;;) {
		while (listener < 0)
			usleep(1000);
		memset(&req, 0, sizeof(req));
		if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &req) < 0)
			continue;
		memset(&resp, 0, sizeof(resp));
		resp.id = req.id;
		if (answer_errno)
			resp.error = (int)-answer_errno;
		else
			resp.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &resp);
	}
	return NULL;
}

static void ready(int wait)
{
	char line[16];

	if (!wait)
		return;
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		exit(1);
}

static long sysemu(long count)
{
	long i, skipped = 0;
	int status;
	pid_t c = fork();

	if (c < 0)
		return -1;
	if (c == 0) {
		if (getppid_filter(SECCOMP_RET_ALLOW, 0) < 0 || ptrace(PTRACE_TRACEME, 0, 0, 0) < 0)
			_exit(1);
		raise(SIGSTOP);
		for (i = 0; i < count; i++)
			syscall(__NR_getppid);
		_exit(0);
	}
	waitpid(c, &status, 0);
	for (i = 0; i < count; i++) {
		if (ptrace(PTRACE_SYSEMU, c, 0, 0) < 0 || waitpid(c, &status, 0) < 0 || !WIFSTOPPED(status))
			break;
		skipped++;
	}
	kill(c, SIGKILL);
	waitpid(c, &status, 0);
	return skipped;
}

int main(int argc, char **argv)
{
	unsigned int flags = 0;
	int wait = 0, opt, status;
	long count, i, n = 0;
	const char *action;
	pthread_t t;

	while ((opt = getopt(argc, argv, "lw")) != -1)
		if (opt == 'l')
			flags |= SECCOMP_FILTER_FLAG_LOG;
		else if (opt == 'w')
			wait = 1;
	if (argc - optind != 2) {
		fprintf(stderr, "usage: decider [-l] [-w] ACTION COUNT\n");
		return 2;
	}
	action = argv[optind];
	count = atol(argv[optind + 1]);
	if (!strncmp(action, "errno:", 6)) {
		long e = atol(action + 6);

		if (getppid_filter(SECCOMP_RET_ERRNO | (unsigned int)e, flags) < 0)
			return perror("seccomp"), 1;
		ready(wait);
		for (i = 0; i < count; i++)
			n += syscall(__NR_getppid) == -1 && errno == e;
	} else if (!strcmp(action, "trap")) {
		signal(SIGSYS, on_sigsys);
		if (getppid_filter(SECCOMP_RET_TRAP, flags) < 0)
			return perror("seccomp"), 1;
		ready(wait);
		for (i = 0; i < count; i++)
			syscall(__NR_getppid);
		n = traps;
	} else if (!strcmp(action, "trace")) {
		if (getppid_filter(SECCOMP_RET_TRACE, flags) < 0)
			return perror("seccomp"), 1;
		ready(wait);
		for (i = 0; i < count; i++)
			n += syscall(__NR_getppid) == -1 && errno == ENOSYS;
	} else if (!strcmp(action, "kill_thread")) {
		if (getppid_filter(SECCOMP_RET_KILL_THREAD, flags) < 0)
			return perror("seccomp"), 1;
		ready(wait);
		for (i = 0; i < count; i++) {
			int survived = 0;

			if (pthread_create(&t, NULL, call_once, &survived) != 0)
				return 1;
			pthread_join(t, NULL);
			n += !survived;
		}
	} else if (!strcmp(action, "kill_process")) {
		ready(wait);
		for (i = 0; i < count; i++) {
			pid_t c = fork();

			if (c == 0) {
				if (getppid_filter(SECCOMP_RET_KILL_PROCESS, flags) < 0)
					_exit(1);
				syscall(__NR_getppid);
				_exit(0);
			}
			if (c < 0 || waitpid(c, &status, 0) < 0)
				return 1;
			printf("child %d\n", (int)c);
			n += WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS;
		}
	} else if (!strncmp(action, "user_notif:", 11)) {
		int fd;

		answer_errno = strcmp(action + 11, "go") ? atol(action + 11) : 0;
		/* the listener's thread comes first: it has no filter */
		if (pthread_create(&t, NULL, supervise, NULL) != 0)
			return 1;
		if ((fd = getppid_filter(SECCOMP_RET_USER_NOTIF, flags | SECCOMP_FILTER_FLAG_NEW_LISTENER)) < 0)
			return perror("seccomp"), 1;
		listener = fd;
		ready(wait);
		for (i = 0; i < count; i++) {
			long r = syscall(__NR_getppid);

			n += answer_errno ? r == -1 && errno == answer_errno : r == getppid();
		}
	} else if (!strcmp(action, "enoent") || !strcmp(action, "eperm")) {
		if (getppid_filter(SECCOMP_RET_ALLOW, flags) < 0)
			return perror("seccomp"), 1;
		if (!strcmp(action, "eperm") && setresuid(65534, 65534, 65534) < 0)
			return perror("setresuid"), 1;
		ready(wait);
		for (i = 0; i < count; i++)
			if (action[1] == 'n')
				n += open("/nonexistent/decider", O_RDONLY) < 0 && errno == ENOENT;
			else
				n += setgid(12345) < 0 && errno == EPERM;
	} else if (!strcmp(action, "sysemu")) {
		ready(wait);
		n = sysemu(count);
	} else {
		fprintf(stderr, "decider: unknown action %s\n", action);
		return 2;
	}
	printf("outcome %ld\n", n);
	return 0;
}
