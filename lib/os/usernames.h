/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User and group names of ids, through a resolver forked before the sandbox. */
#pragma once

#include <stdint.h>

#include "model/event.h"

/*
 * User and group names, cached per id. Name services may answer over a Unix
 * socket (nscd, sssd, systemd-userdbd), which seccompctl's own sandbox does
 * not allow: names_start() forks, before the sandbox, a resolver that keeps
 * no capability and may connect to them, and look-ups after it go through
 * that resolver. Without it (--no-sandbox) they are made in process.
 */

/* 0, or -errno when no resolver could be started (look-ups stay in process). */
int names_start(void);
/* NULL when unset (-1, 4294967295) or unknown. Valid until the next call. */
const char *user_name(int64_t uid);
/* Both, for the assembler. */
extern const struct id_names usernames;
const char *group_name(int64_t gid);
