/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The service manager's readiness protocol (sd_notify(3), NOTIFY_SOCKET). */
#pragma once

/* Tell the service manager that started this process (Type=notify) that it
 * is reading: its sources and the process events are open, so what happens
 * from now on is seen. Nothing without NOTIFY_SOCKET; the variable is
 * removed either way, so that no child says it too. 0, or -errno after a
 * warning (the manager then never hears, and stops the service at its start
 * timeout). */
int service_ready(void);
