// SPDX-License-Identifier: LGPL-2.1-or-later
/* The kernel's process events: the proc connector, through libmnl. */
#include <errno.h>
#include <stddef.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "os/procconn.h"

#define PROCCONN_BUFSIZE (64 * 1024)

static int send_op(struct procconn *pc, enum proc_cn_mcast_op op)
{
	char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(op))] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh;
	struct cn_msg *msg;

	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_pid = mnl_socket_get_portid(pc->sock);
	msg = mnl_nlmsg_put_extra_header(nlh, sizeof(*msg) + sizeof(op));
	msg->id.idx = CN_IDX_PROC;
	msg->id.val = CN_VAL_PROC;
	msg->len = sizeof(op);
	memcpy(msg->data, &op, sizeof(op));
	return mnl_socket_sendto(pc->sock, nlh, nlh->nlmsg_len) < 0 ? -errno : 0;
}

int procconn_open(struct procconn *pc, int rcvbuf)
{
	socklen_t sl = sizeof(pc->rcvbuf);
	int r;

	memset(pc, 0, sizeof(*pc));
	if (!(pc->buf = malloc(PROCCONN_BUFSIZE)))
		return -ENOMEM;
	pc->sock = mnl_socket_open2(NETLINK_CONNECTOR, SOCK_CLOEXEC);
	if (!pc->sock) {
		r = errno == EPROTONOSUPPORT ? -ENOENT : -errno;
		goto fail;
	}
	/* a fork storm must not overrun it: the kernel does not wait for readers */
	if (setsockopt(mnl_socket_get_fd(pc->sock), SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(pc->sock), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	getsockopt(mnl_socket_get_fd(pc->sock), SOL_SOCKET, SO_RCVBUF, &pc->rcvbuf, &sl);
	if (mnl_socket_bind(pc->sock, CN_IDX_PROC, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		goto fail;
	}
	if ((r = send_op(pc, PROC_CN_MCAST_LISTEN)) < 0)
		goto fail;
	return 0;
fail:
	procconn_close(pc);
	return r;
}

void procconn_close(struct procconn *pc)
{
	if (pc->sock) {
		send_op(pc, PROC_CN_MCAST_IGNORE);
		mnl_socket_close(pc->sock);
	}
	free(pc->buf);
	pc->sock = NULL;
	pc->buf = NULL;
}

int procconn_fd(const struct procconn *pc)
{
	return mnl_socket_get_fd(pc->sock);
}

static void one(const struct nlmsghdr *nlh, const struct proc_ev_fns *fns, void *data)
{
	const struct cn_msg *msg = mnl_nlmsg_get_payload(nlh);
	size_t payload = mnl_nlmsg_get_payload_len(nlh), len;
	struct proc_event ev;

	if (payload < sizeof(*msg) || msg->id.idx != CN_IDX_PROC || msg->id.val != CN_VAL_PROC)
		return;
	/* the event follows a 20-byte header: copied out, as it is not aligned */
	len = msg->len < payload - sizeof(*msg) ? msg->len : payload - sizeof(*msg);
	if (len < offsetof(struct proc_event, event_data) + sizeof(ev.event_data.fork))
		return;
	memset(&ev, 0, sizeof(ev));
	memcpy(&ev, msg->data, len < sizeof(ev) ? len : sizeof(ev));
	switch (ev.what) {
	case PROC_EVENT_FORK:
		/* a new thread is not a new process */
		if (ev.event_data.fork.child_pid == ev.event_data.fork.child_tgid)
			fns->fork(ev.event_data.fork.parent_tgid, ev.event_data.fork.child_tgid, ev.timestamp_ns, data);
		break;
	case PROC_EVENT_EXIT:
		/* a thread's end is not its process's */
		if (ev.event_data.exit.process_pid == ev.event_data.exit.process_tgid)
			fns->exit(ev.event_data.exit.process_tgid, ev.timestamp_ns, data);
		break;
	case PROC_EVENT_EXEC:
		if (fns->exec)
			fns->exec(ev.event_data.exec.process_tgid, ev.timestamp_ns, data);
		break;
	default:
		break;
	}
}

int procconn_drain(struct procconn *pc, const struct proc_ev_fns *fns, void *data)
{
	const struct nlmsghdr *nlh;
	ssize_t n;
	int len;

	for (;;) {
		n = recv(mnl_socket_get_fd(pc->sock), pc->buf, PROCCONN_BUFSIZE, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS) {
			pc->overruns++;
			continue;
		}
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0)
			return -errno;
		len = (int)n;
		for (nlh = (const struct nlmsghdr *)pc->buf; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len))
			one(nlh, fns, data);
	}
}
