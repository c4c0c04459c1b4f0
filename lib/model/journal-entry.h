/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A journal entry's fields as the record they hold: one reading for every way a journal travels. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/lineform.h"

/*
 * A journal entry, whichever way it came: from a journal file (sd-journal),
 * from `journalctl -o export`, or from `journalctl -o json`. Each gives the
 * entry's fields one by one as KEY=VALUE bytes; this keeps the few a record
 * needs and reads the record from them, the same way for all three.
 *
 * The audit transport (_TRANSPORT=audit) keeps the record's text in MESSAGE
 * after the type's name, its type in _AUDIT_TYPE, its serial in _AUDIT_ID and
 * its time in _SOURCE_REALTIME_TIMESTAMP; the kernel transport keeps the
 * kernel's line ("audit: type=1326 audit(...): ...") in MESSAGE. _HOSTNAME is
 * the host. Values point into the caller's bytes.
 */

/* JT_NONE: the entry names no _TRANSPORT (not journald's own, then) */
enum journal_transport { JT_NONE, JT_OTHER, JT_AUDIT, JT_KERNEL, JT_DRIVER };

struct journal_entry {
	enum journal_transport transport;
	const char *msg, *host, *boot, *cgroup, *unit, *machine;
	size_t mlen, hlen, blen, cglen, ulen, mach_len;
	uint64_t type, serial, source_usec, usec;	/* usec: __REALTIME_TIMESTAMP */
	uint64_t facility;		/* SYSLOG_FACILITY */
	bool have_type, have_id, have_source_time, have_time, have_facility;
};

void journal_entry_init(struct journal_entry *e);
/* Is KEY one of the fields journal_entry_field keeps (a reader that copies
 * fields may pass the others over)? */
bool journal_entry_wants(const char *key, size_t klen);
/* One KEY=VALUE field; the ones a record does not need are passed over. */
void journal_entry_field(struct journal_entry *e, const char *data, size_t len);
/* The entry as a record, or a loss journald or the kernel told of, or
 * LINE_OTHER; li->rec.host is _HOSTNAME, li->rec.cgroup _SYSTEMD_CGROUP. now_ms as for line_parse.
 * journald sets _TRANSPORT, not the sender: a record only from the audit
 * or kernel transport, a loss also from journald's own (driver); the
 * kernel's words in an entry of another transport (a process's
 * `logger -t kernel`), or in the kernel transport with a facility other
 * than the kernel's (a line a process wrote to /dev/kmsg), are not_kernel.
 * Without _TRANSPORT it is claimed. */
enum line_kind journal_entry_line(const struct journal_entry *e, int64_t now_ms, struct line_info *li);
