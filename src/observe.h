/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* --observe: the decisions of a window, measured, for what a change to actions_logged would do. */
#pragma once

#include <signal.h>
#include <stdbool.h>

#include "model/tuning.h"
#include "model/writer.h"

/*
 * For SECONDS the decision observer counts every decision (errno, trap,
 * trace, user_notif, kill: logged or not) and audit netlink carries the
 * records of log decisions (which let the call run, so only their records
 * show them). Each is judged under the old and the new value (model/
 * tuning.c). observe_open comes before the sandbox, observe_run after.
 */
struct observation;

/* Load what is needed: 0, or an exit code after saying why. */
int observe_open(struct observation **ob);
/* Count for seconds (a signal ends it early: *stop), then judge into t. 0, or an exit code. */
int observe_run(struct observation *ob, double seconds, volatile sig_atomic_t *stop, struct tuning *t);
void observe_close(struct observation *ob);
/* What the change would do, for people and for JSON ("observed"). */
void observe_render(struct out *o, const struct tuning *t, const char *netlink_why);
const char *observe_netlink_why(const struct observation *ob);
