// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Make real SECCOMP audit records: install a raw BPF filter that gives getppid()
 * the chosen action, then call getppid() COUNT times.
 *
 *   seccomp-trigger ACTION [COUNT [COMM [RATE]]]
 *
 * ACTION: log, errno, trap, trace (these three with SECCOMP_FILTER_FLAG_LOG),
 * kill_thread (in a second thread, so the process lives on), kill_process;
 * or hold: install COUNT log filters, print "ready", and wait to be killed;
 * or burst: fork COUNT children at once, each of which (no exec) installs a
 * kill_process filter and calls getppid() at once; print each child's pid
 * and how it ended ("PID sig=N"), once all are reaped;
 * or crowd: fork COUNT children that each make one logged call and wait;
 * print "ready" once all have, and on standard input's end kill and reap them.
 * COMM, when given, is set with PR_SET_NAME first (any bytes, 15 at most).
 * RATE, when given, paces the calls: RATE a second, in steps of 10 ms.
 * Prints "done N" when the calls return. No libseccomp: the test must not
 * depend on the library whose behaviour it checks.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "getppid-filter.h"


static volatile sig_atomic_t traps;

static void on_sigsys(int sig)
{
	traps++;
}

static void *call_once(void *arg)
{
	syscall(__NR_getppid);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *action = argc > 1 ? argv[1] : "log";
	long count = argc > 2 ? atol(argv[2]) : 1, i;
	unsigned int ret, flags = 0;
	pthread_t t;

	if (argc > 3 && prctl(PR_SET_NAME, argv[3], 0, 0, 0) < 0) {
		perror("PR_SET_NAME");
		return 1;
	}
	if (!strcmp(action, "hold")) {
		for (i = 0; i < count; i++)
			if (getppid_filter(SECCOMP_RET_LOG, 0) < 0) {
				perror("seccomp");
				return 1;
			}
		printf("ready\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	if (!strcmp(action, "crowd")) {
		pid_t *pids = calloc((size_t)count, sizeof(*pids));
		int ready[2], status;
		char c;

		if (!pids || pipe(ready) < 0)
			return 1;
		for (i = 0; i < count; i++) {
			if ((pids[i] = fork()) < 0) {
				perror("fork");
				count = i;
				break;
			}
			if (pids[i] == 0) {
				if (getppid_filter(SECCOMP_RET_LOG, 0) < 0)
					_exit(1);
				syscall(__NR_getppid);
				if (write(ready[1], "r", 1) != 1)
					_exit(1);
				for (;;)
					pause();
			}
		}
		for (i = 0; i < count; i++)
			if (read(ready[0], &c, 1) != 1)
				break;
		printf("ready %ld\n", i);
		fflush(stdout);
		while (read(0, &c, 1) > 0)
			;
		for (i = 0; i < count; i++)
			kill(pids[i], SIGKILL);
		for (i = 0; i < count; i++)
			waitpid(pids[i], &status, 0);
		free(pids);
		return 0;
	}
	if (!strcmp(action, "burst")) {
		pid_t *pids = calloc((size_t)count, sizeof(*pids));
		int status;

		if (!pids)
			return 1;
		for (i = 0; i < count; i++) {
			if ((pids[i] = fork()) < 0) {
				perror("fork");
				return 1;
			}
			if (pids[i] == 0) {
				if (getppid_filter(SECCOMP_RET_KILL_PROCESS, 0) < 0)
					_exit(1);
				syscall(__NR_getppid);
				_exit(0);
			}
		}
		for (i = 0; i < count; i++) {
			if (waitpid(pids[i], &status, 0) < 0)
				return 1;
			printf("%d sig=%d\n", (int)pids[i], WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		}
		free(pids);
		return 0;
	}
	if (!strcmp(action, "log")) {
		ret = SECCOMP_RET_LOG;
	} else if (!strcmp(action, "errno")) {
		ret = SECCOMP_RET_ERRNO | EPERM;
		flags = SECCOMP_FILTER_FLAG_LOG;
	} else if (!strcmp(action, "trap")) {
		ret = SECCOMP_RET_TRAP;
		flags = SECCOMP_FILTER_FLAG_LOG;
		signal(SIGSYS, on_sigsys);
	} else if (!strcmp(action, "trace")) {
		ret = SECCOMP_RET_TRACE;
		flags = SECCOMP_FILTER_FLAG_LOG;
	} else if (!strcmp(action, "kill_thread")) {
		ret = SECCOMP_RET_KILL_THREAD;
	} else if (!strcmp(action, "kill_process")) {
		ret = SECCOMP_RET_KILL_PROCESS;
	} else {
		fprintf(stderr, "unknown action %s\n", action);
		return 2;
	}
	if (getppid_filter(ret, flags) < 0) {
		perror("seccomp");
		return 1;
	}
	if (!strcmp(action, "kill_thread")) {
		for (i = 0; i < count; i++) {
			if (pthread_create(&t, NULL, call_once, NULL) || pthread_join(t, NULL))
				return 1;
		}
	} else if (argc > 4) {
		/* paced: RATE / 100 calls every 10 ms, on an absolute clock */
		long rate = atol(argv[4]), per = rate / 100 > 0 ? rate / 100 : 1;
		struct timespec next;

		clock_gettime(CLOCK_MONOTONIC, &next);
		for (i = 0; i < count;) {
			for (long k = 0; k < per && i < count; k++, i++)
				syscall(__NR_getppid);
			next.tv_nsec += 10000000;
			if (next.tv_nsec >= 1000000000) {
				next.tv_nsec -= 1000000000;
				next.tv_sec++;
			}
			clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
		}
	} else {
		for (i = 0; i < count; i++)
			syscall(__NR_getppid);
	}
	printf("done %ld\n", count);
	return 0;
}
