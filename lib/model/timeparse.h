/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* --since and --until: times as people write them, into milliseconds. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/*
 * --since/--until: "now", "today", "yesterday", "@EPOCH[.FRAC]",
 * "-N[s|min|h|d|w]" or "N[s|min|h|d|w] ago", "YYYY-MM-DD[ HH:MM[:SS]]",
 * "YYYY-MM-DDTHH:MM:SS[Z]", "HH:MM[:SS]" (today). Local time unless Z.
 * Milliseconds since the epoch into *out; -EINVAL otherwise. Pure but for the
 * time zone.
 */
int parse_time(const char *s, int64_t now_ms, int64_t *out);

/* A span: "90", "90s", "5m", "5 min", "2h", "1d", "1w" (a count, seconds
 * without a unit; units as above); milliseconds into *ms, or -EINVAL. */
int parse_duration(const char *s, int64_t *ms);

/* --since (inclusive) and --until (exclusive), in milliseconds since the epoch. */
struct time_window {
	bool since_set, until_set;
	int64_t since_ms, until_ms;
};

static inline bool window_holds(const struct time_window *w, int64_t ms)
{
	return (!w->since_set || ms >= w->since_ms) && (!w->until_set || ms < w->until_ms);
}

