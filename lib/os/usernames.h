/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* User and group names of ids, through a resolver forked before the sandbox. */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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

/* Who a command is run as (record --user): the user's ids, its groups (the
 * user database's, as login gives them), and what its environment names. */
#define CRED_GROUPS_MAX 256
struct user_cred {
	uid_t uid;
	gid_t gid;
	gid_t groups[CRED_GROUPS_MAX];
	int ngroups;
	char name[256], home[4096], shell[4096];
};

/* NAME or a number: 0, -ENOENT (no such user), -E2BIG (more groups than
 * CRED_GROUPS_MAX), or -errno. Made in process: call it before the sandbox. */
int user_cred_lookup(const char *name, struct user_cred *c);
/* In a child about to exec: the user's groups and ids (a uid other than 0
 * clears every capability), and its names in the environment (HOME, USER,
 * LOGNAME, SHELL). 0 or -errno. */
int user_cred_become(const struct user_cred *c);
