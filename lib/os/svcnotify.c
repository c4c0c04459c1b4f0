// SPDX-License-Identifier: LGPL-2.1-or-later
/* The service manager's readiness protocol (sd_notify(3), NOTIFY_SOCKET). */
#include <string.h>
#include <systemd/sd-daemon.h>

#include "os/log.h"
#include "os/svcnotify.h"

int service_ready(void)
{
	int r = sd_notify(1, "READY=1");

	if (r < 0)
		p_warn("cannot tell the service manager that reading began (NOTIFY_SOCKET): %s", strerror(-r));
	return r < 0 ? r : 0;
}
