// SPDX-License-Identifier: LGPL-2.1-or-later
/* The clocks: the only module that asks the kernel what time it is. */
#include <time.h>

#include "os/clock.h"

static int64_t ms_of(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t realtime_ms(void)
{
	return ms_of(CLOCK_REALTIME);
}

int64_t monotonic_ms(void)
{
	return ms_of(CLOCK_MONOTONIC);
}

int64_t boottime_to_realtime_ms(int64_t boot_ms)
{
	return boot_ms + ms_of(CLOCK_REALTIME) - ms_of(CLOCK_BOOTTIME);
}
