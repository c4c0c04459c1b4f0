// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The kernel's floor for reading audit records live: a reader of the audit
 * multicast group that does nothing with them, as the collector reads them
 * (recvmmsg of 16, a pause of 100 ms when the flow lets it). The benchmark
 * holds its CPU time beside seccompctl's. Runs until killed.
 */

#include <linux/netlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define SLOTS 16

int main(void)
{
	static char buf[SLOTS][16384];
	struct sockaddr_nl a = { .nl_family = AF_NETLINK, .nl_groups = 1 };	/* AUDIT_NLGRP_READLOG */
	struct timespec pause = { 0, 100000000 };
	struct mmsghdr m[SLOTS];
	struct iovec iov[SLOTS];
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT), size = 32 << 20, i, r;

	if (s < 0 || setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) < 0 ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("nl-floor");
		return 1;
	}
	memset(m, 0, sizeof(m));
	for (i = 0; i < SLOTS; i++) {
		iov[i].iov_base = buf[i];
		iov[i].iov_len = sizeof(buf[i]);
		m[i].msg_hdr.msg_iov = &iov[i];
		m[i].msg_hdr.msg_iovlen = 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		r = recvmmsg(s, m, SLOTS, 0, NULL);
		if (r < SLOTS)
			nanosleep(&pause, NULL);
	}
}
