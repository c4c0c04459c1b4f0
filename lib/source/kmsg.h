/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel log from /dev/kmsg: a source, and a scan of what the ring holds. */
#pragma once

#include <stddef.h>

#include "model/lineform.h"

/* The kernel log beside the kmsg source (source_kmsg_open in source.h). */

/* Every message /dev/kmsg still holds, parsed, with its time: fn returns
 * nonzero to stop. 0 or -errno (reading it needs CAP_SYSLOG where
 * kernel.dmesg_restrict is 1: call before dropping capabilities). */
int kmsg_scan(int (*fn)(const struct line_info *li, const char *text, size_t len, void *data), void *data);
