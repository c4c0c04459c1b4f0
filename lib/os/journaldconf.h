/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* systemd-journald's configuration: what it does with audit when it starts. */
#pragma once

#include <stddef.h>

/*
 * journald's Audit= setting, read as journald reads its configuration: the
 * first journald.conf found in /etc, /run, /usr/local/lib, /usr/lib
 * (systemd/journald.conf), then every journald.conf.d/ *.conf drop-in of
 * those directories in the order of their names (one in an earlier
 * directory hides a later one of the same name); the last Audit= in
 * [Journal] wins. Audit=yes makes journald turn audit on when it starts,
 * Audit=no off (systemd 252 and 257 both do, measured); unset, it does what
 * its version does: 252 turns audit off, 257 on.
 *
 * Returns 1 (yes), 0 (no), -1 unset (file names the last file that set it,
 * "" when none); root is prefixed to every path ("" for the host).
 */
int journald_audit_setting(const char *root, char *file, size_t size);
