// SPDX-License-Identifier: LGPL-2.1-or-later
/* --since and --until: times as people write them, into milliseconds. */
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/timeparse.h"

static int64_t unit_ms(const char *u)
{
	static const struct {
		const char *name;
		int64_t ms;
	} units[] = {
		{ "s", 1000 }, { "sec", 1000 }, { "second", 1000 }, { "seconds", 1000 },
		{ "m", 60000 }, { "min", 60000 }, { "minute", 60000 }, { "minutes", 60000 },
		{ "h", 3600000 }, { "hour", 3600000 }, { "hours", 3600000 },
		{ "d", 86400000 }, { "day", 86400000 }, { "days", 86400000 },
		{ "w", 604800000 }, { "week", 604800000 }, { "weeks", 604800000 },
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(u, units[i].name) == 0)
			return units[i].ms;
	return -1;
}

/* "5min", "5 min": a count and a unit (none: bare_ms, or -1 when 0);
 * returns the span or -1. */
static int64_t span(const char *s, const char *end, int64_t bare_ms)
{
	char unit[16];
	char *p;
	long long n;
	size_t len;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoll(s, &p, 10);
	if (errno || p == s || n < 0 || n > 100000000)
		return -1;
	while (p < end && *p == ' ')
		p++;
	len = (size_t)(end - p);
	if (!len)
		return bare_ms ? n * bare_ms : -1;
	if (len >= sizeof(unit))
		return -1;
	memcpy(unit, p, len);
	unit[len] = '\0';
	return unit_ms(unit) < 0 ? -1 : n * unit_ms(unit);
}

int parse_duration(const char *s, int64_t *ms)
{
	int64_t d = span(s, s + strlen(s), 1000);

	if (d < 0)
		return -EINVAL;
	*ms = d;
	return 0;
}

static int64_t midnight(int64_t now_ms, int days)
{
	time_t t = (time_t)(now_ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += days;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

int parse_time(const char *s, int64_t now_ms, int64_t *out)
{
	const char *formats[] = { "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M",
				  "%Y-%m-%dT%H:%M", "%Y-%m-%d", NULL };
	size_t len = strlen(s), i;
	struct tm tm;
	char *end;
	int64_t d;
	bool utc;
	double e;

	if (!strcmp(s, "now"))
		return *out = now_ms, 0;
	if (!strcmp(s, "today"))
		return *out = midnight(now_ms, 0), 0;
	if (!strcmp(s, "yesterday"))
		return *out = midnight(now_ms, -1), 0;
	if (!strcmp(s, "tomorrow"))
		return *out = midnight(now_ms, 1), 0;
	if (s[0] == '@') {
		errno = 0;
		e = strtod(s + 1, &end);
		if (errno || *end || end == s + 1 || e < 0 || e > 1e11)
			return -EINVAL;
		return *out = (int64_t)(e * 1000), 0;
	}
	if (s[0] == '-' || s[0] == '+') {
		d = span(s + 1, s + len, 0);
		if (d < 0)
			return -EINVAL;
		return *out = s[0] == '-' ? now_ms - d : now_ms + d, 0;
	}
	if (len > 4 && strcmp(s + len - 4, " ago") == 0) {
		d = span(s, s + len - 4, 0);
		if (d < 0)
			return -EINVAL;
		return *out = now_ms - d, 0;
	}
	utc = len && s[len - 1] == 'Z';
	for (i = 0; formats[i]; i++) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, formats[i], &tm);
		if (!end || (*end && !(utc && end == s + len - 1)))
			continue;
		tm.tm_isdst = -1;
		*out = (int64_t)(utc ? timegm(&tm) : mktime(&tm)) * 1000;
		return 0;
	}
	/* a time of day: today */
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%H:%M:%S", &tm);
	if (!end || *end) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%H:%M", &tm);
	}
	if (end && !*end && isdigit((unsigned char)s[0])) {
		*out = midnight(now_ms, 0) + ((int64_t)tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) * 1000;
		return 0;
	}
	return -EINVAL;
}
