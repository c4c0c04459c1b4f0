/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The clocks: the only module that asks the kernel what time it is. */
#pragma once

#include <stdint.h>

/* CLOCK_REALTIME and CLOCK_MONOTONIC in milliseconds. The model is given
 * times; it never reads a clock. */
int64_t realtime_ms(void);
int64_t monotonic_ms(void);
/* A CLOCK_BOOTTIME time (ms) as CLOCK_REALTIME's, by their difference now. */
int64_t boottime_to_realtime_ms(int64_t boot_ms);
