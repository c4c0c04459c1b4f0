/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The only module that touches /proc/sys: actions_logged, its vocabulary, --persist. */
#pragma once

#include <stddef.h>
#include <sys/types.h>

#include "model/actions.h"

/* The only module that touches /proc/sys. root is a parameter so tests can
 * point it at a folder. All functions return 0 (or a length) or -errno. */

#define ACTIONS_AVAIL "kernel/seccomp/actions_avail"
#define ACTIONS_LOGGED "kernel/seccomp/actions_logged"
/* The kernel's parser (kernel/seccomp.c) takes at most this many bytes: a longer value is refused here. */
#define ACTIONS_LOGGED_WRITE_MAX 63

/* A sysctl whole into buf: -EFBIG when it does not fit (never cut). */
ssize_t sysctl_read(const char *root, const char *name, char *buf, size_t size);
/* This boot's id (kernel/random/boot_id) as 32 hex digits, the journal's form. */
int sysctl_boot_id(const char *root, char id[33]);
int seccomp_read_avail(const char *root, struct action_vocab *v);
int seccomp_read_logged(const char *root, const struct action_vocab *v, action_set *set);
/* One write() at offset 0 of exactly value (no newline); -E2BIG when too long. */
int seccomp_write_logged(const char *root, const char *value);

/* Replace path with "kernel.seccomp.actions_logged = value", whole, never
 * through what another user planted (os/safefile.h). 0, or -errno and why. */
int persist_write(const char *path, const char *value, char *why, size_t size);
