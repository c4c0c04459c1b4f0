/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdint.h>

/*
 * --since/--until: "now", "today", "yesterday", "@EPOCH[.FRAC]",
 * "-N[s|min|h|d|w]" or "N[s|min|h|d|w] ago", "YYYY-MM-DD[ HH:MM[:SS]]",
 * "YYYY-MM-DDTHH:MM:SS[Z]", "HH:MM[:SS]" (today). Local time unless Z.
 * Milliseconds since the epoch into *out; -EINVAL otherwise. Pure but for the
 * time zone.
 */
int parse_time(const char *s, int64_t now_ms, int64_t *out);
