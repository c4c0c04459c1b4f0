// SPDX-License-Identifier: LGPL-2.1-or-later
/* One verified write to actions_logged (see writeverify.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "os/clock.h"
#include "config.h"
#include "exitcode.h"
#include "model/lost.h"
#include "os/log.h"
#include "os/ns.h"
#include "writeverify.h"

void vwrite_open(struct vwrite *w, const struct action_vocab *v, int rcvbuf)
{
	memset(w, 0, sizeof(*w));
	w->v = v;
	w->lost_after = -1;
	w->sub_err = audit_reader_open(&w->rd, rcvbuf ? rcvbuf : AUDIT_READER_RCVBUF_DEFAULT);
	w->audit_known = audit_get_state(&w->audit) == 0;
	w->audit_fresh = true;
	/* /proc/2/ns is out of reach once capabilities are dropped */
	w->other_netns = ns_is_initial("net") == 0;
}

void vwrite_close(struct vwrite *w)
{
	audit_reader_close(&w->rd);
}

static const char *write_error_text(int err, char *buf, size_t size)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
		snprintf(buf, size, "%s: changing actions_logged needs root with CAP_SYS_ADMIN in the "
			 "initial user namespace%s", strerror(-err),
			 ns_is_initial("user") == 0 ? " (this process is in a user namespace)" : "");
		break;
	case -E2BIG:
		snprintf(buf, size, "the value is longer than the %d bytes the kernel accepts",
			 ACTIONS_LOGGED_WRITE_MAX);
		break;
	case -EINVAL:
		snprintf(buf, size, "%s: the kernel did not accept the names", strerror(-err));
		break;
	default:
		snprintf(buf, size, "%s", strerror(-err));
	}
	return buf;
}

void vwrite_plan(struct vwrite *w, const struct action_vocab *v, action_set old, action_set new)
{
	w->v = v;
	w->old = old;
	w->new = new;
	set_format(w->v, new, ' ', w->written, sizeof(w->written));
}

int vwrite_write(struct vwrite *w)
{
	char msg[512];

	w->watched = false;
	w->reason[0] = '\0';
	w->lost_after = -1;
	/* the lost counter just before: what it rises by while we wait is said.
	 * Read at the open, it is fresh for the first write (each AUDIT_GET has
	 * the kernel start a thread for its reply: a tenth of set's time) */
	if (!w->audit_fresh)
		w->audit_known = audit_get_state(&w->audit) == 0;
	w->audit_fresh = false;
	w->write_err = seccomp_write_logged(SYSCTL_ROOT, w->written);
	if (w->write_err) {
		w->verdict = VW_REFUSED;
		p_err("cannot write '%s' to %s/%s: %s", w->written, SYSCTL_ROOT, ACTIONS_LOGGED,
		      write_error_text(w->write_err, msg, sizeof(msg)));
		return w->write_err;
	}
	w->verdict = VW_MISSING;
	w->readback_ok = seccomp_read_logged(SYSCTL_ROOT, w->v, &w->readback) == 0 && w->readback == w->new;
	return 0;
}

struct wait_ctx {
	struct change_watch *watch;
	bool done;
	bool found;	/* our record is in, its SYSCALL record may follow */
};

static int wait_cb(uint32_t type, const char *payload, size_t len, void *data)
{
	struct wait_ctx *ctx = data;

	if (watch_feed(ctx->watch, type, payload, len)) {
		ctx->done = true;
		return 1;
	}
	if (!ctx->found && watch_ours(ctx->watch)) {
		ctx->found = true;
		return 1;
	}
	return 0;
}

/* Records until ours is in (and its SYSCALL record, given a short grace). */
static int wait_ours(struct audit_reader *rd, struct change_watch *w, double timeout)
{
	struct wait_ctx ctx = { .watch = w };
	int64_t deadline = monotonic_ms() + (int64_t)(timeout * 1000), grace;
	int r;

	for (;;) {
		r = audit_reader_run(rd, deadline, wait_cb, &ctx);
		if (r <= 0 || ctx.done)
			return r < 0 ? r : 0;
		grace = monotonic_ms() + 300;
		if (grace < deadline)
			deadline = grace;
	}
}

/* The value read back is not ours: the record of whoever replaced it follows ours. */
static int replaced_cb(uint32_t type, const char *payload, size_t len, void *data)
{
	struct change_watch *w = data;
	const struct watched_change *ours;
	size_t i;

	watch_feed(w, type, payload, len);
	ours = watch_ours(w);
	for (i = 0; ours && i < w->n; i++)
		if (w->seen[i].c.serial > ours->c.serial && w->seen[i].c.res == 1 &&
		    (w->seen[i].who_known || w->seen[i].ended))
			return 1;
	return 0;
}

/* Can a record of the write reach us at all? false, with the reason, when not. */
static bool can_arrive(struct vwrite *w)
{
	const char *why = NULL;

	if (w->sub_err == -EPERM)
		why = "cannot read audit records: this process lacks CAP_AUDIT_READ";
	else if (w->sub_err == -EPROTONOSUPPORT)
		why = "this kernel has no audit support (CONFIG_AUDIT off)";
	else if (w->sub_err < 0)
		snprintf(w->reason, sizeof(w->reason), "cannot subscribe to audit records: %s", strerror(-w->sub_err));
	else if (w->other_netns)
		why = "this process is not in the initial network namespace, where alone the kernel sends audit records";
	else if (w->audit_known && w->audit.enabled == 0)
		why = "audit is disabled (enabled=0): the kernel records no change to actions_logged, this one "
		      "included; enable it with 'auditctl -e 1'";
	else
		return true;
	if (why)
		snprintf(w->reason, sizeof(w->reason), "%s", why);
	w->verdict = VW_CANNOT;
	return false;
}

static void judge(struct vwrite *w, double timeout)
{
	size_t len;

	switch (watch_verdict(&w->watch)) {
	case WATCH_VERIFIED:
		w->verdict = w->readback_ok ? VW_VERIFIED : VW_REPLACED;
		if (!w->readback_ok)
			snprintf(w->reason, sizeof(w->reason), "the kernel recorded the change, but the value read "
				 "back differs: another writer changed it since");
		return;
	case WATCH_CONCURRENT:
		w->verdict = VW_CONCURRENT;
		snprintf(w->reason, sizeof(w->reason),
			 "another writer changed actions_logged around this write: see the concurrent records");
		return;
	case WATCH_MISSING:
		w->verdict = VW_MISSING;
		len = (size_t)snprintf(w->reason, sizeof(w->reason), "no record of this change arrived within %.1f s",
				       timeout);
		if (w->audit_known && w->lost_after > (long long)w->audit.lost)
			snprintf(w->reason + len, sizeof(w->reason) - len,
				 "; the kernel lost %llu audit records meanwhile (backlog or rate limit)",
				 w->lost_after - (long long)w->audit.lost);
		else if (!w->audit_known)
			snprintf(w->reason + len, sizeof(w->reason) - len,
				 "; audit state unknown (AUDIT_GET needs CAP_AUDIT_CONTROL): audit may be off");
		return;
	}
}

void vwrite_verify(struct vwrite *w, double timeout, volatile sig_atomic_t *interrupted)
{
	struct audit_state now;
	char why[256];
	int r;

	/* a refused write is recorded too (res=0): it is looked for, and shown */
	if (!can_arrive(w)) {
		if (w->write_err)
			w->verdict = VW_REFUSED;
		return;
	}
	watch_init(&w->watch, w->v, getpid(), w->old, w->new, w->write_err == 0);
	w->watched = true;
	r = interrupted && *interrupted ? -EINTR : wait_ours(&w->rd, &w->watch, timeout);
	/* the value read back is another writer's: wait for its record, to name it */
	if (r == 0 && !w->readback_ok && watch_ours(&w->watch))
		r = audit_reader_run(&w->rd, monotonic_ms() + (int64_t)(timeout * 1000), replaced_cb, &w->watch);
	/* the lost counter around this write: records of others may be among the lost */
	if (w->audit_known && audit_get_state(&now) == 0)
		w->lost_after = now.lost;
	if (w->write_err) {
		if (r < 0 && r != -EINTR)
			p_err("reading audit records failed: %s", strerror(-r));
		return;
	}
	if (r == -EINTR && interrupted && *interrupted) {
		w->verdict = VW_INTERRUPTED;
		snprintf(w->reason, sizeof(w->reason), "interrupted (%s) while waiting for the kernel's record: "
			 "the value was written, but is not verified", strsignal(*interrupted));
	} else if (r < 0) {
		w->verdict = VW_FAILED;
		snprintf(w->reason, sizeof(w->reason), "reading audit records failed: %s", strerror(-r));
		p_err("%s", w->reason);
	} else {
		judge(w, timeout);
	}
	if (w->verdict == VW_VERIFIED && w->lost_after > (long long)w->audit.lost)
		p_warn("the kernel lost %llu audit records while this write was verified: a change by another "
		       "writer in that moment may have gone unrecorded", w->lost_after - (long long)w->audit.lost);
	if (w->rd.overruns)
		p_warn("%s", lost_sentence("overrun", 0, w->rd.overruns, why, sizeof(why)));
}

bool vwrite_proven(const struct vwrite *w)
{
	return w->verdict == VW_VERIFIED;
}

int vwrite_judge(const struct vwrite *w, bool require_record)
{
	switch (w->verdict) {
	case VW_VERIFIED:
		return EXIT_DONE;
	case VW_CANNOT:
		return require_record || !w->readback_ok ? EXIT_UNVERIFIED : EXIT_DONE;
	case VW_REFUSED:
	case VW_FAILED:
	case VW_NOT_WRITTEN:
		return EXIT_ERROR;
	default:
		return EXIT_UNVERIFIED;
	}
}
