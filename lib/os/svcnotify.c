// SPDX-License-Identifier: LGPL-2.1-or-later
/* The service manager's readiness protocol (sd_notify(3), NOTIFY_SOCKET). */
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "os/libsystemd.h"
#include "os/log.h"
#include "os/svcnotify.h"

int service_ready(void)
{
	static __typeof__(sd_notify) *notify;
	char why[256];
	int r;

	/* nothing to tell without a service manager: libsystemd is not loaded */
	if (!getenv("NOTIFY_SOCKET"))
		return 0;
	if (!notify && (r = libsystemd_function("sd_notify", (void **)&notify, why, sizeof(why))) < 0) {
		p_warn("cannot tell the service manager that reading began: %s", why);
		return r;
	}
	r = notify(1, "READY=1");
	if (r < 0)
		p_warn("cannot tell the service manager that reading began (NOTIFY_SOCKET): %s", strerror(-r));
	return r < 0 ? r : 0;
}
