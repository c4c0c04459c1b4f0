/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One verified write to actions_logged: what set (and its kin) and record share. */
#pragma once

#include <signal.h>
#include <stdbool.h>

#include "model/actions.h"
#include "model/watch.h"
#include "os/auditnl.h"
#include "os/sysctl.h"

/*
 * Subscribe to audit records first, so that every record after the old
 * value is read is seen; write the new value in one write and read it back;
 * then wait for the kernel's CONFIG_CHANGE record of that write (with its
 * SYSCALL record naming this process) and judge. Where no record can come
 * (audit off, no CAP_AUDIT_READ, another network namespace), it says why
 * without waiting. Signals are the caller's: it blocks them around the
 * write so that the write happens whole or not at all.
 */

enum vw_verdict {
	VW_NOT_WRITTEN,		/* nothing was written (yet) */
	VW_VERIFIED,		/* our record, chained on the value read before */
	VW_CANNOT,		/* written; no record can arrive here (reason says why) */
	VW_MISSING,		/* written; no record of it arrived in time */
	VW_CONCURRENT,		/* another writer changed the value around ours */
	VW_REPLACED,		/* recorded, but the value read back is another writer's */
	VW_INTERRUPTED,		/* written, and a signal ended the wait */
	VW_REFUSED,		/* the kernel refused the write (its res=0 record may follow) */
	VW_FAILED,		/* reading the records failed */
};

struct vwrite {
	const struct action_vocab *v;
	struct audit_reader rd;
	int sub_err;			/* 0, or why records cannot be read: -EPERM, -EPROTONOSUPPORT ... */
	bool audit_known;
	bool audit_fresh;		/* read by vwrite_open, not yet used by a write */
	struct audit_state audit;	/* before the write */
	bool other_netns;		/* not in the initial network namespace: no record reaches us */
	action_set old, new, readback;
	char written[ACTIONS_LOGGED_WRITE_MAX + 64];
	int write_err;			/* -errno of the write, 0 when the kernel took it */
	bool readback_ok;
	bool watched;
	struct change_watch watch;
	long long lost_after;		/* the kernel's lost counter after waiting, -1 unknown */
	enum vw_verdict verdict;
	char reason[512];
};

/* Subscribe and read the audit state: before the old value is read, and
 * before capabilities are dropped. rcvbuf 0: the default. */
void vwrite_open(struct vwrite *w, const struct action_vocab *v, int rcvbuf);
/* The change to make: old to new, and new as it will be written (kernel
 * order, single spaces) into w->written, the one place it is formatted. */
void vwrite_plan(struct vwrite *w, const struct action_vocab *v, action_set old, action_set new);
/* Write what was planned, in one write, and read it back. 0, or the
 * write's -errno after saying why. */
int vwrite_write(struct vwrite *w);
/* Wait up to timeout seconds for the record of the write and judge it into
 * w->verdict and w->reason. interrupted: set by the caller's signal handler
 * (NULL: none); a signal ends the wait. */
void vwrite_verify(struct vwrite *w, double timeout, volatile sig_atomic_t *interrupted);
void vwrite_close(struct vwrite *w);
/* Did the kernel's own record prove the write? */
bool vwrite_proven(const struct vwrite *w);
/* The one policy of every command that writes (set and its kin, record's
 * --enable-log), as an exit code: 0 proven, or no record can arrive here and
 * none is required (require_record false; said as a warning); 3 no record
 * arrived, another writer cut in or replaced the value (its record named;
 * one that cannot be named still fails: the value read back is not ours),
 * or a signal ended the wait; 1 the kernel refused the write, or records
 * could not be read. */
int vwrite_judge(const struct vwrite *w, bool require_record);
