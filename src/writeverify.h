/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include "model/watch.h"
#include "os/auditnl.h"

/* Feed records to the watch until our record of a write is in (and its
 * SYSCALL record, given a short grace) or timeout seconds pass. 0 or -errno
 * (-EINTR on a signal). */
int watch_wait(struct audit_reader *rd, struct change_watch *w, double timeout);
