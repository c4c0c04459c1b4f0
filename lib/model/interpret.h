/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Numbers of records into names: arches, system calls, signals. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Numbers from records into names: libaudit's tables for arch and syscall,
 * the action table, and signal names. Users and groups are names.c's. */

const char *arch_name(uint32_t arch);			/* NULL when unknown */
int arch_from_name(const char *name, uint32_t *arch);	/* "x86_64", "i386", or hex */
const char *syscall_name(uint32_t arch, int64_t nr);	/* NULL when unknown */
const char *signal_name(int64_t sig, char *buf, size_t size);	/* NULL for 0 */
