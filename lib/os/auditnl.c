// SPDX-License-Identifier: LGPL-2.1-or-later
/* Audit netlink through libmnl: AUDIT_GET and the multicast reader. */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "os/clock.h"
#include "os/auditnl.h"


/* 1 when fd is readable, 0 at the deadline (monotonic ms; -1 none), -errno. */
static int wait_readable(int fd, int64_t deadline_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t left;
	int n;

	for (;;) {
		left = deadline_ms < 0 ? -1 : deadline_ms - monotonic_ms();
		if (deadline_ms >= 0 && left < 0)
			left = 0;
		n = poll(&pfd, 1, (int)(left > 60000 ? 60000 : left));
		if (n < 0)
			return -errno;
		if (n > 0)
			return 1;
		if (deadline_ms >= 0 && monotonic_ms() >= deadline_ms)
			return 0;
	}
}

struct status_req {
	struct audit_state *st;
	bool got;
};

static int status_cb(const struct nlmsghdr *nlh, void *data)
{
	struct status_req *req = data;
	struct audit_status s;
	size_t len = mnl_nlmsg_get_payload_len(nlh);

	if (nlh->nlmsg_type != AUDIT_GET)
		return MNL_CB_OK;
	/* older kernels send a shorter struct: keep what is there */
	memset(&s, 0, sizeof(s));
	memcpy(&s, mnl_nlmsg_get_payload(nlh), len < sizeof(s) ? len : sizeof(s));
	req->st->enabled = s.enabled;
	req->st->failure = s.failure;
	req->st->pid = s.pid;
	req->st->rate_limit = s.rate_limit;
	req->st->backlog_limit = s.backlog_limit;
	req->st->lost = s.lost;
	req->st->backlog = s.backlog;
	req->st->backlog_wait_time = s.backlog_wait_time;
	req->got = true;
	return MNL_CB_OK;
}

int audit_get_state(struct audit_state *st)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct status_req req = { .st = st };
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	unsigned int portid, seq = (unsigned int)time(NULL);
	int64_t deadline = monotonic_ms() + 2000;
	bool acked = false;
	ssize_t n;
	int r = 0;

	memset(st, 0, sizeof(*st));
	nl = mnl_socket_open(NETLINK_AUDIT);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = AUDIT_GET;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
		r = -errno;
		goto out;
	}
	/* the reply and the ACK may come in either order */
	while (!req.got || !acked) {
		r = wait_readable(mnl_socket_get_fd(nl), deadline);
		if (r <= 0) {
			r = r ? r : -ETIMEDOUT;
			goto out;
		}
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0) {
			r = -errno;
			goto out;
		}
		r = mnl_cb_run(buf, (size_t)n, seq, portid, status_cb, &req);
		if (r < 0) {
			r = -errno;
			goto out;
		}
		if (r == MNL_CB_STOP)
			acked = true;
		r = 0;
	}
out:
	mnl_socket_close(nl);
	return r;
}

int audit_reader_open(struct audit_reader *r, int rcvbuf)
{
	int group = AUDIT_NLGRP_READLOG, e;
	socklen_t sl = sizeof(r->rcvbuf);

	memset(r, 0, sizeof(*r));
	r->sock = mnl_socket_open2(NETLINK_AUDIT, SOCK_CLOEXEC);
	if (!r->sock)
		return -errno;
	/* a burst of records must not overrun the queue: FORCE passes rmem_max
	 * with CAP_NET_ADMIN, plain SO_RCVBUF is capped by it */
	if (setsockopt(mnl_socket_get_fd(r->sock), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(r->sock), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	getsockopt(mnl_socket_get_fd(r->sock), SOL_SOCKET, SO_RCVBUF, &r->rcvbuf, &sl);
	if (mnl_socket_bind(r->sock, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_setsockopt(r->sock, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group)) < 0) {
		e = -errno;
		audit_reader_close(r);
		return e;
	}
	r->bufsize = AUDIT_READER_BATCH * AUDIT_READER_SLOT;
	r->buf = malloc(r->bufsize);
	r->msgs = calloc(AUDIT_READER_BATCH, sizeof(*r->msgs));
	r->iov = calloc(AUDIT_READER_BATCH, sizeof(*r->iov));
	if (!r->buf || !r->msgs || !r->iov) {
		audit_reader_close(r);
		return -ENOMEM;
	}
	for (unsigned int i = 0; i < AUDIT_READER_BATCH; i++) {
		r->iov[i].iov_base = r->buf + (size_t)i * AUDIT_READER_SLOT;
		r->iov[i].iov_len = AUDIT_READER_SLOT;
		r->msgs[i].msg_hdr.msg_iov = &r->iov[i];
		r->msgs[i].msg_hdr.msg_iovlen = 1;
	}
	return 0;
}

void audit_reader_close(struct audit_reader *r)
{
	if (r->sock)
		mnl_socket_close(r->sock);
	free(r->buf);
	free(r->msgs);
	free(r->iov);
	r->sock = NULL;
	r->buf = NULL;
	r->msgs = NULL;
	r->iov = NULL;
}

int audit_datagram_each(const void *buf, size_t len, audit_record_fn fn, void *data, uint64_t *bad)
{
	const char *p = buf;
	struct nlmsghdr nlh;
	size_t step;
	int ret;

	/* not mnl_nlmsg_ok(): it compares (int)nlmsg_len, and a length of 2^31 or
	 * more turns negative and passes (found by the fuzzer) */
	while (len >= NLMSG_HDRLEN) {
		memcpy(&nlh, p, sizeof(nlh));
		if (nlh.nlmsg_len < NLMSG_HDRLEN || nlh.nlmsg_len > len) {
			(*bad)++;	/* its length lies */
			return 0;
		}
		if (nlh.nlmsg_type >= NLMSG_MIN_TYPE) {
			ret = fn(nlh.nlmsg_type, p + NLMSG_HDRLEN, nlh.nlmsg_len - NLMSG_HDRLEN, data);
			if (ret)
				return ret;
		}
		step = NLMSG_ALIGN(nlh.nlmsg_len);
		if (step >= len)
			return 0;
		p += step;
		len -= step;
	}
	if (len)
		(*bad)++;	/* a header cut short */
	return 0;
}

int audit_reader_run(struct audit_reader *r, int64_t deadline_ms, audit_record_fn fn, void *data)
{
	ssize_t n;
	int ret;

	for (;;) {
		ret = wait_readable(mnl_socket_get_fd(r->sock), deadline_ms);
		if (ret <= 0)
			return ret;
		n = recv(mnl_socket_get_fd(r->sock), r->buf, r->bufsize, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == ENOBUFS) {
				r->overruns++;
				continue;
			}
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		ret = audit_datagram_each(r->buf, (size_t)n, fn, data, &r->bad);
		if (ret)
			return ret;
	}
}

/* Datagram i of the batch becomes the one audit_reader_next walks. */
static void take(struct audit_reader *r, unsigned int i)
{
	r->cur = i;
	r->off = 0;
	r->len = r->msgs[i].msg_len;
	if (r->msgs[i].msg_hdr.msg_flags & MSG_TRUNC)
		r->truncated++;
}

int audit_reader_recv(struct audit_reader *r, int timeout_ms)
{
	int64_t deadline = timeout_ms < 0 ? -1 : monotonic_ms() + timeout_ms;
	int n, ret;

	r->len = r->off = 0;
	r->nmsg = r->cur = 0;
	for (;;) {
		/* what is queued first: a poll() per batch only when there is none */
		for (unsigned int i = 0; i < AUDIT_READER_BATCH; i++)
			r->msgs[i].msg_hdr.msg_flags = 0;
		n = recvmmsg(mnl_socket_get_fd(r->sock), r->msgs, AUDIT_READER_BATCH, MSG_DONTWAIT, NULL);
		if (n > 0) {
			r->nmsg = (unsigned int)n;
			take(r, 0);
			return 1;
		}
		if (n < 0 && errno == ENOBUFS) {
			r->overruns++;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			return -errno;
		if (timeout_ms == 0)
			return 0;
		ret = wait_readable(mnl_socket_get_fd(r->sock), deadline);
		if (ret <= 0)
			return ret;
	}
}

int audit_reader_next(struct audit_reader *r, uint32_t *type, const char **payload, size_t *len)
{
	const char *base;
	struct nlmsghdr nlh;
	size_t left, start;

	for (;;) {
		base = r->buf + (size_t)r->cur * AUDIT_READER_SLOT;
		left = r->len - r->off;
		if (left < NLMSG_HDRLEN) {
			if (left)
				r->bad++;	/* a header cut short */
			r->off = r->len;
			if (r->cur + 1 >= r->nmsg)
				return 0;
			take(r, r->cur + 1);
			continue;
		}
		memcpy(&nlh, base + r->off, sizeof(nlh));
		/* not mnl_nlmsg_ok(): its signed length check lets 2^31 through */
		if (nlh.nlmsg_len < NLMSG_HDRLEN || nlh.nlmsg_len > left) {
			r->bad++;	/* its length lies */
			r->off = r->len;
			continue;
		}
		start = r->off;
		r->off += NLMSG_ALIGN(nlh.nlmsg_len) < left ? NLMSG_ALIGN(nlh.nlmsg_len) : left;
		if (nlh.nlmsg_type < NLMSG_MIN_TYPE)
			continue;	/* control messages */
		*type = nlh.nlmsg_type;
		*payload = base + start + NLMSG_HDRLEN;
		*len = nlh.nlmsg_len - NLMSG_HDRLEN;
		return 1;
	}
}

int audit_reader_fd(const struct audit_reader *r)
{
	return mnl_socket_get_fd(r->sock);
}
