/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* One record seen twice is shown once. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "model/audit-record.h"

/*
 * One record seen twice: the journal keeps each record twice where journald
 * reads audit (the audit and the kernel transport), and a syslog file may hold
 * the kernel's copy beside audispd's. The same record has the same type,
 * serial and time to the millisecond.
 */

struct dedup;

/* window: how many recent records are remembered (a power of two). The
 * journal's two copies of a storm can lie far apart; a log file's copies
 * are written side by side. */
struct dedup *dedup_new(uint32_t window);
void dedup_free(struct dedup *d);
/* true when this record was seen already; records without a serial never are */
bool dedup_seen(struct dedup *d, const struct audit_record *r);
