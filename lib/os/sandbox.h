/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Self-confinement: the seccomp allow-list and the capability drop. */
#pragma once

#include <linux/capability.h>
#include <stdbool.h>

/*
 * Self-confinement, once a command has opened what it needs: a seccomp
 * allow-list (written with libseccomp in sandbox-rules.c, built into BPF
 * with seccompctl, loaded for every thread) and a capability drop
 * (libcap-ng, this thread). Unlisted system calls fail with EPERM and are logged
 * (SECCOMP_FILTER_FLAG_LOG), so a mistake in a list shows in `seccompctl tail`
 * instead of killing the tool.
 */

enum sandbox_profile {
	SANDBOX_READ,	/* read files and /proc, netlink sockets, write stdout */
	SANDBOX_PERSIST,/* READ, and create, rename and sync a sysctl.d file */
	SANDBOX_NAMES,	/* READ, and a Unix socket to a name service (names.c's resolver) */
	SANDBOX_RECORD,	/* PERSIST, and wait for, signal and time a child (record) */
	SANDBOX_OBSERVE,	/* READ, and read the decision observer's maps (bpf() lookups only) */
	SANDBOX_OBSERVE_PERSIST,	/* PERSIST, and the same */
	SANDBOX_OBSERVE_TTY,	/* OBSERVE, and setting the terminal's modes (top's full screen) */
};
#define SANDBOX_PROFILE_LAST SANDBOX_OBSERVE_TTY

/* CAP_* numbers to keep, in a list ended by -1. */
#define SANDBOX_KEEP_NONE ((const int[]){ -1 })
#define SANDBOX_KEEP_AUDIT_CONTROL ((const int[]){ CAP_AUDIT_CONTROL, -1 })

void sandbox_disable(void);	/* --no-sandbox */
bool sandbox_active(void);
/* Drop every capability of this thread but keep. 0 or -errno. */
int sandbox_drop_caps(const int *keep);
/* Install the allow-list for every thread of the process. 0 or -errno. */
int sandbox_install(enum sandbox_profile profile);
/* Both, and a warning when either fails (the command goes on). */
void sandbox_enter(enum sandbox_profile profile, const int *keep);

/* record's child, between fork and exec: a filter whose every decision is
 * SECCOMP_RET_LOG (no_new_privs set only when the kernel wants it, without
 * CAP_SYS_ADMIN). Async-signal-safe. 0 or -errno. */
int seccomp_log_everything(void);
