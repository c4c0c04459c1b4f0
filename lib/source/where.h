/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Where this host's records go, gathered: AUDIT_GET, /proc, auditd's config, the journal. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "model/route.h"

/* The facts of struct route, as they are now: AUDIT_GET, /proc, auditd.conf, the journal. */
void route_gather(struct route *r);
