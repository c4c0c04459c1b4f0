/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Every text form of an audit record, recognised line by line. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/audit-record.h"

/*
 * Every text form an audit record takes, recognised line by line, so that a
 * mixed or unknown file works: audit.log lines (plain, ENRICHED, or ENRICHED
 * that lost its 0x1d separator in copying); the kernel log (dmesg with or
 * without its [stamp], [T55] caller ids or <5> priority, /dev/kmsg's
 * "5,SEQ,USEC,-;", syslog files with a traditional or RFC 3339 stamp,
 * journalctl's kernel lines); journalctl's text of the audit transport
 * ("audit[7645]: SECCOMP auid=..."). The record's own time and serial come
 * from audit(SEC.MS:SERIAL), never from a syslog stamp.
 *
 * Also the kernel log's word on records it dropped: "kauditd_printk_skb: N
 * callbacks suppressed" (printk's rate limit), "audit: audit_lost=N ...",
 * "audit: backlog limit exceeded" and the like, and journald's "Missed N
 * kernel messages".
 *
 * Pure: bytes in, struct out, no I/O. A line behind a syslog prefix is read
 * only when the program that wrote it is the kernel or audit: a user's
 * `logger "audit: type=1326 ..."` is not a record.
 *
 * Who wrote a line: a syslog tag ("kernel:", "audit[1]:") is only a claim,
 * which any process can make with one datagram to /dev/log, also into the
 * kern.* files of rsyslog and BusyBox (measured: "<5>kernel: ..." sent by
 * an unprivileged user lands there as kern.notice): such a line is marked
 * claimed. A line whose own facility says it is not the kernel's (/dev/kmsg
 * and dmesg -r give the facility; the kernel gives every line a process
 * writes to /dev/kmsg a facility other than 0; BusyBox writes it out) is not
 * read as a record or a loss at all: not_kernel. The rest (audit.log's own
 * form, the kernel log's text) is as trustworthy as the file it is in.
 */

enum line_kind {
	LINE_OTHER,	/* not a record, nor a loss */
	LINE_RECORD,
	LINE_LOST,
};

struct line_info {
	enum line_kind kind;
	struct audit_record rec;	/* LINE_RECORD; points into the line */
	bool has_serial, has_time;	/* journalctl's audit text has neither of its own */
	const char *text;		/* the record without prefixes, for -o raw */
	size_t text_len;
	int64_t wall_ms;		/* a syslog stamp, ms since the epoch; -1 */
	int64_t boot_usec;		/* a dmesg [stamp] or /dev/kmsg's USEC; -1 */
	bool has_seq;			/* /dev/kmsg's sequence number */
	uint64_t seq;
	/* LINE_LOST */
	uint64_t lost;			/* records dropped, 0 when the line does not say */
	uint64_t lost_total;		/* "audit_lost=N": the kernel's counter then, else 0 */
	const char *cause;		/* printk_ratelimit, kernel_lost, backlog_limit,
					 * rate_limit, hold_queue, journald_missed */
	bool claimed;			/* the kernel's or audit's only by a tag any process can write */
	/* LINE_OTHER */
	bool audit_like;		/* it names audit, but could not be read: worth counting */
	bool not_kernel;		/* a record or loss by its words, but its facility (or the
					 * journal's transport) says a process wrote it */
};

/* now_ms gives the year a traditional syslog stamp leaves out. Returns kind. */
enum line_kind line_parse(const char *line, size_t len, int64_t now_ms, struct line_info *li);

/* In an audit.log line without its 0x1d, where auditd's ENRICHED part (AUID=,
 * UID=, ARCH=, SYSCALL= ...) starts: the length of the raw fields. */
size_t enriched_cut(const char *fields, size_t len);
