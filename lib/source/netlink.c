// SPDX-License-Identifier: LGPL-2.1-or-later
/* Audit records live from the multicast group: the source of tail --source=netlink. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/clock.h"
#include "os/auditnl.h"
#include "config.h"
#include "os/sysctl.h"
#include "os/log.h"
#include "os/ns.h"
#include "source/source.h"

struct nl_source {
	struct source s;
	struct audit_reader rd;
	uint64_t overruns_said, truncated_said;
	/* resuming: the first record's serial against the cursor's tells the gap */
	bool resume_pending;
	struct source_pos resume;
	char boot[33];
	struct source_item held;
	bool have_held;
	bool lost_known;	/* the kernel's lost counter could be read */
	uint32_t lost_seen;
	int64_t lost_checked_ms;
	char why[256];
};

/* The kernel's own lost counter (backlog full, rate limit): those records
 * reached no one. Read every second at most, and at the end. */
static int kernel_lost(struct nl_source *n, struct source_item *it, bool now)
{
	struct audit_state st;
	int64_t t = monotonic_ms();

	if (!n->lost_known || (!now && t - n->lost_checked_ms < 1000))
		return 0;
	n->lost_checked_ms = t;
	if (audit_get_state(&st) < 0 || st.lost <= n->lost_seen)
		return 0;
	lost_set(it, "kernel_lost", st.lost - n->lost_seen, realtime_ms(), n->why, sizeof(n->why));
	n->lost_seen = st.lost;
	return 1;
}

/* The first record after a resume: what happened while no one read is told first. */
static int resumed(struct nl_source *n, struct source_item *it)
{
	bool reboot = n->resume.boot[0] && n->boot[0] && strcmp(n->resume.boot, n->boot);
	uint64_t gap = !reboot && n->resume.has_last && it->rec.serial > n->resume.serial + 1 ?
		       it->rec.serial - n->resume.serial - 1 : 0;

	n->resume_pending = false;
	if (!reboot && !gap)
		return 1;
	n->held = *it;
	n->have_held = true;
	lost_set(it, reboot ? "reboot" : "not_running", gap, realtime_ms(), n->why, sizeof(n->why));
	return 1;
}

static int nl_next(struct source *s, struct source_item *it)
{
	struct nl_source *n = (struct nl_source *)s;
	const char *payload;
	uint32_t type;
	size_t len;
	int r;

	if (n->have_held) {
		n->have_held = false;
		*it = n->held;
		return 1;
	}
	for (;;) {
		if (n->rd.overruns != n->overruns_said) {
			lost_set(it, "overrun", 0, realtime_ms(), n->why, sizeof(n->why));
			it->overruns = n->rd.overruns;
			it->why = lost_sentence("overrun", 0, it->overruns, n->why, sizeof(n->why));
			n->overruns_said = n->rd.overruns;
			return 1;
		}
		if (n->rd.truncated != n->truncated_said) {
			lost_set(it, "truncated", n->rd.truncated - n->truncated_said, realtime_ms(), n->why,
				 sizeof(n->why));
			n->truncated_said = n->rd.truncated;
			return 1;
		}
		if (audit_reader_next(&n->rd, &type, &payload, &len) > 0) {
			memset(it, 0, sizeof(*it));
			if (record_parse_payload(type, payload, len, &it->rec) < 0) {
				s->skipped++;
				continue;
			}
			it->kind = ITEM_RECORD;
			if (n->resume_pending)
				return resumed(n, it);
			return 1;
		}
		r = audit_reader_recv(&n->rd, 0);
		if (r < 0)
			return r;
		if (r == 0)
			return n->rd.overruns != n->overruns_said ? nl_next(s, it) : kernel_lost(n, it, false);
	}
}

static int nl_wait(struct source *s, int timeout_ms)
{
	int r = audit_reader_recv(&((struct nl_source *)s)->rd, timeout_ms);

	return r == -EINTR ? 0 : r;
}

static int nl_fd(struct source *s)
{
	return audit_reader_fd(&((struct nl_source *)s)->rd);
}

static int nl_final(struct source *s, struct source_item *it)
{
	return kernel_lost((struct nl_source *)s, it, true);
}

static void nl_close(struct source *s)
{
	struct nl_source *n = (struct nl_source *)s;

	audit_reader_close(&n->rd);
	free(n);
}

static void nl_position(struct source *s, struct source_pos *pos)
{
	snprintf(pos->boot, sizeof(pos->boot), "%s", ((struct nl_source *)s)->boot);
}

static const struct source_ops nl_ops = {
	.next = nl_next, .wait = nl_wait, .final = nl_final, .close = nl_close, .position = nl_position, .fd = nl_fd,
};

int source_netlink_open(struct source **out, const struct source_opts *o)
{
	struct nl_source *n = calloc(1, sizeof(*n));
	struct audit_state st;
	int r;

	if (!n) {
		p_err("out of memory");
		return -ENOMEM;
	}
	n->s.ops = &nl_ops;
	n->s.kind = SOURCE_NETLINK;
	n->s.where = "audit netlink";
	sysctl_boot_id(SYSCTL_ROOT, n->boot);
	if (o->resume) {
		n->resume = *o->resume;
		n->resume_pending = true;
	}
	/* the counter before the first record: what rises after is ours to report */
	if (audit_get_state(&st) == 0) {
		n->lost_known = true;
		n->lost_seen = st.lost;
		n->lost_checked_ms = monotonic_ms();
	}
	r = audit_reader_open(&n->rd, o->rcvbuf ? o->rcvbuf : AUDIT_READER_RCVBUF_DEFAULT);
	if (r == -EPERM) {
		p_err("cannot read audit records from netlink: this process lacks CAP_AUDIT_READ "
		      "(run as root, or read a log with --source=file)");
		free(n);
		return r;
	}
	if (r < 0) {
		p_err("cannot subscribe to audit records: %s", strerror(-r));
		free(n);
		return r == -EINVAL ? -EIO : r;
	}
	if (ns_is_initial("net") == 0) {
		p_err("this process is not in the initial network namespace: the kernel sends audit "
		      "records only there, so none would arrive");
		nl_close(&n->s);
		return -ENETUNREACH;
	}
	if (n->rd.rcvbuf < (o->rcvbuf ? o->rcvbuf : AUDIT_READER_RCVBUF_DEFAULT))
		p_warn("receive buffer is %d bytes, not the %d asked (needs CAP_NET_ADMIN)", n->rd.rcvbuf,
		       o->rcvbuf ? o->rcvbuf : AUDIT_READER_RCVBUF_DEFAULT);
	*out = &n->s;
	return 0;
}
