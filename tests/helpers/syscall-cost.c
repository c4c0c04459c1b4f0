// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What one system call costs, for the decision observer's benchmark.
 *
 *   syscall-cost MODE N
 *
 * MODE: plain (no filter), allow (an allow-all filter), deny (a filter whose
 * getppid() fails with EPERM, without FLAG_LOG). Makes N getppid() calls and
 * prints the nanoseconds a call (CLOCK_MONOTONIC over the loop).
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "getppid-filter.h"

int main(int argc, char **argv)
{
	struct timespec a, b;
	long n, i;

	if (argc != 3 || (n = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: syscall-cost plain|allow|deny N\n");
		return 2;
	}
	if (strcmp(argv[1], "plain") && getppid_filter(strcmp(argv[1], "deny") ? SECCOMP_RET_ALLOW : SECCOMP_RET_ERRNO | EPERM, 0) < 0) {
		perror("seccomp");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		syscall(__NR_getppid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
