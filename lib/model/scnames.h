/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* System call names per arch, as libseccomp (and so runc and systemd) has them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * System call names as libseccomp knows them, per arch: the names runc, crun,
 * podman and systemd resolve, which are not always libaudit's (x86_64's 17 is
 * pread to libaudit, pread64 to libseccomp). Tables made from libseccomp when
 * seccompctl is built (gen-seccomp names).
 */

struct scmp_arch {
	uint32_t audit;		/* AUDIT_ARCH_* as records carry it */
	int x32;		/* x32 shares x86_64's AUDIT_ARCH; its numbers carry bit 30 */
	const char *ident;	/* "x86_64", "i386", "x32" ... */
	const char *oci;	/* "SCMP_ARCH_X86_64" ... */
	const char *systemd;	/* SystemCallArchitectures=: "x86-64", "x86", "x32" ... */
	const char *const *names;
	unsigned n;
};

#define X32_SYSCALL_BIT 0x40000000

/* The arch of a record (its audit arch and number); NULL when no table has it. */
const struct scmp_arch *scmp_arch_of(uint32_t audit_arch, int64_t nr);
/* The name of nr (x32's bit taken off) in the arch's table, or NULL. */
const char *scmp_name(const struct scmp_arch *a, int64_t nr);
const struct scmp_arch *scmp_arch_by_oci(const char *oci);
/* The arch seccompctl runs on, and its own table order. */
const struct scmp_arch *scmp_native(void);
size_t scmp_arch_index(const struct scmp_arch *a);
size_t scmp_arch_count(void);
const struct scmp_arch *scmp_arch_at(size_t i);
