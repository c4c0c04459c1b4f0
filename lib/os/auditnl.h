/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Audit netlink through libmnl: AUDIT_GET and the multicast reader. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "model/lost.h"
#include "model/route.h"

/* The only module that speaks NETLINK_AUDIT (through libmnl). Functions
 * return 0 or -errno. */

/* AUDIT_GET on a short-lived unicast socket. -EPERM without CAP_AUDIT_CONTROL. */
int audit_get_state(struct audit_state *st);

struct mnl_socket;

struct audit_reader {
	struct mnl_socket *sock;
	char *buf;
	size_t bufsize;
	int rcvbuf;		/* what the kernel granted, in bytes */
	uint64_t overruns;	/* recv() failures with ENOBUFS: records were lost */
	uint64_t bad;		/* datagrams with a message whose length lies */
	size_t len, off;	/* the datagram audit_reader_next walks */
	/* audit_reader_recv takes up to AUDIT_READER_BATCH datagrams in one
	 * recvmmsg(), each in a slot of its own: a storm costs a system call per
	 * batch, not per record */
	struct mmsghdr *msgs;
	struct iovec *iov;
	unsigned int nmsg, cur;
	uint64_t truncated;	/* datagrams longer than a slot: their records cut (never seen) */
};

#define AUDIT_READER_BATCH 16
#define AUDIT_READER_SLOT LOST_SLOT_BYTES

#define AUDIT_READER_RCVBUF_DEFAULT (32 << 20)

/* Subscribe to the read-only multicast group (AUDIT_NLGRP_READLOG).
 * -EPERM without CAP_AUDIT_READ. */
int audit_reader_open(struct audit_reader *r, int rcvbuf);
void audit_reader_close(struct audit_reader *r);
/* Its socket, to poll with others. */
int audit_reader_fd(const struct audit_reader *r);

/* Called per record; return 0 to go on, 1 to stop reading, <0 to fail. */
typedef int (*audit_record_fn)(uint32_t type, const char *payload, size_t len, void *data);

/* Read until fn says stop (returns 1), the deadline passes (returns 0), or an
 * error. deadline_ms is CLOCK_MONOTONIC in milliseconds; 0 means only what is
 * already queued, -1 means no deadline. */
int audit_reader_run(struct audit_reader *r, int64_t deadline_ms, audit_record_fn fn, void *data);

/* Pull, instead of callbacks: wait up to timeout_ms (0: only what is queued)
 * for datagrams. 1 some arrived, 0 none, -errno (-EINTR on a signal). */
int audit_reader_recv(struct audit_reader *r, int timeout_ms);
/* The next record of those datagrams: 1, or 0 when they are done. */
int audit_reader_next(struct audit_reader *r, uint32_t *type, const char **payload, size_t *len);

/* Walk the netlink messages of one datagram: control messages skipped, a
 * message whose length lies (shorter than its header, longer than what is
 * left) ends the walk and counts in *bad. Returns what fn returned to stop,
 * else 0. Pure: the receive loop and the tests use it. */
int audit_datagram_each(const void *buf, size_t len, audit_record_fn fn, void *data, uint64_t *bad);
