/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
/* cmocka needs these before its header */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define KERNEL_AVAIL "kill_process kill_thread trap errno user_notif trace log allow\n"
#define KERNEL_DEFAULT "kill_process kill_thread trap errno user_notif trace log"
