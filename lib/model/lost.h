/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Every way records are lost, said in one place and one wording. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* audit netlink's reader takes a datagram into a slot of this size (os/auditnl.h) */
#define LOST_SLOT_BYTES (16 * 1024)

/*
 * Causes are stable codes (JSON "cause", metrics' label): printk_ratelimit,
 * kernel_lost, journald_missed, rotated_away, log_truncated, cursor_gone,
 * reboot, not_running, truncated, overrun, proc_events, kmsg_overwritten,
 * backlog_limit, rate_limit, hold_queue; reported (read back from a log of
 * seccompctl's own output with a cause it does not know).
 */

/* The causes, in a fixed order (metrics write a 0 for each not yet seen:
 * Prometheus's increase() sees no rise in a series that appears). */
size_t lost_cause_count(void);
const char *lost_cause_at(size_t i);
/* The stable code of a cause's name, "reported" when it is none of them. */
const char *lost_cause(const char *name, size_t len);

/* A sentence for people about records lost for this cause: n records (0:
 * not known), told times times. Returns buf. */
const char *lost_sentence(const char *cause, uint64_t n, uint64_t times, char *buf, size_t size);
