/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Every arch seccompctl names: the one list, read by names.c and by gen-seccomp. */
#pragma once

#include <linux/audit.h>

/*
 * ARCH(audit, x32, name, table, oci, systemd):
 *   audit    AUDIT_ARCH_* as a record's arch= carries it
 *   x32      1 for x32, which shares x86_64's AUDIT_ARCH (its numbers carry bit 30)
 *   name     the kernel's and libseccomp's name, as seccompctl shows it
 *   table    libseccomp's name of the syscall table (seccomp_arch_resolve_name),
 *            as a word (armeb takes arm's numbers, which are the same)
 *   oci      SCMP_ARCH_* of the runtime spec, NULL when it has none
 *   systemd  SystemCallArchitectures=, NULL when it has none
 */
#define ARCH_LIST(ARCH) \
	ARCH(AUDIT_ARCH_X86_64, 0, "x86_64", x86_64, "SCMP_ARCH_X86_64", "x86-64") \
	ARCH(AUDIT_ARCH_I386, 0, "i386", x86, "SCMP_ARCH_X86", "x86") \
	ARCH(AUDIT_ARCH_X86_64, 1, "x32", x32, "SCMP_ARCH_X32", "x32") \
	ARCH(AUDIT_ARCH_AARCH64, 0, "aarch64", aarch64, "SCMP_ARCH_AARCH64", "arm64") \
	ARCH(AUDIT_ARCH_ARM, 0, "arm", arm, "SCMP_ARCH_ARM", "arm") \
	ARCH(AUDIT_ARCH_ARMEB, 0, "armeb", arm, NULL, NULL) \
	ARCH(AUDIT_ARCH_PPC, 0, "ppc", ppc, "SCMP_ARCH_PPC", "ppc") \
	ARCH(AUDIT_ARCH_PPC64, 0, "ppc64", ppc64, "SCMP_ARCH_PPC64", "ppc64") \
	ARCH(AUDIT_ARCH_PPC64LE, 0, "ppc64le", ppc64le, "SCMP_ARCH_PPC64LE", "ppc64-le") \
	ARCH(AUDIT_ARCH_S390, 0, "s390", s390, "SCMP_ARCH_S390", "s390") \
	ARCH(AUDIT_ARCH_S390X, 0, "s390x", s390x, "SCMP_ARCH_S390X", "s390x") \
	ARCH(AUDIT_ARCH_MIPS, 0, "mips", mips, "SCMP_ARCH_MIPS", "mips") \
	ARCH(AUDIT_ARCH_MIPSEL, 0, "mipsel", mipsel, "SCMP_ARCH_MIPSEL", "mips-le") \
	ARCH(AUDIT_ARCH_MIPS64, 0, "mips64", mips64, "SCMP_ARCH_MIPS64", "mips64") \
	ARCH(AUDIT_ARCH_MIPSEL64, 0, "mips64el", mipsel64, "SCMP_ARCH_MIPSEL64", "mips64-le") \
	ARCH(AUDIT_ARCH_MIPS64N32, 0, "mips64n32", mips64n32, "SCMP_ARCH_MIPS64N32", "mips64-n32") \
	ARCH(AUDIT_ARCH_MIPSEL64N32, 0, "mips64eln32", mipsel64n32, "SCMP_ARCH_MIPSEL64N32", "mips64-le-n32") \
	ARCH(AUDIT_ARCH_RISCV64, 0, "riscv64", riscv64, "SCMP_ARCH_RISCV64", "riscv64") \
	ARCH(AUDIT_ARCH_LOONGARCH64, 0, "loongarch64", loongarch64, "SCMP_ARCH_LOONGARCH64", "loongarch64") \
	ARCH(AUDIT_ARCH_PARISC, 0, "parisc", parisc, "SCMP_ARCH_PARISC", "parisc") \
	ARCH(AUDIT_ARCH_PARISC64, 0, "parisc64", parisc64, "SCMP_ARCH_PARISC64", "parisc64")
