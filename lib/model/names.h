/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Names of the numbers in records: arches, system calls (the kernel's), signals. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/*
 * One table for every command: the kernel's system call names, per arch, as
 * libseccomp carries them (made when seccompctl is built: gen-seccomp names),
 * which runc, crun and systemd resolve too. libaudit (and so ausearch) names
 * a few otherwise (x86_64's 17 pread, the kernel's pread64; ARM little-endian
 * armeb): its names are taken as aliases only.
 */

struct syscall_extra {
	int64_t nr;
	const char *name;
};

/* One arch's table as libseccomp has it; known 0 when the libseccomp this was
 * built with has no such arch (loongarch64 before 2.6). */
struct syscall_table {
	const char *table;
	int known;
	int64_t base;			/* the lowest number (MIPS: 4000, 5000, 6000) */
	const char *const *names;	/* [nr - base], NULL where the table has none */
	unsigned n;
	const struct syscall_extra *extra;	/* arch-private numbers (ARM's 0xf0001 ...), { 0, NULL } ends */
};

struct arch_info {
	uint32_t audit;		/* AUDIT_ARCH_* as records carry it */
	int x32;		/* x32 shares x86_64's AUDIT_ARCH; its numbers carry bit 30 */
	const char *name;	/* "x86_64", "i386", "x32", "arm", "armeb" ... */
	const char *oci;	/* "SCMP_ARCH_X86_64" ...; NULL when the runtime spec has none */
	const char *systemd;	/* SystemCallArchitectures=: "x86-64" ...; NULL when systemd has none */
	const struct syscall_table *table;
};

#define X32_SYSCALL_BIT 0x40000000

/* The arch of a record (its audit arch, and for x86_64 the number's x32 bit);
 * NULL for an arch this tool does not name. */
const struct arch_info *arch_of(uint32_t audit_arch, int64_t nr);
/* The arch's name, or "unknown(0x...)" of audit_arch into buf. */
const char *arch_text(uint32_t audit_arch, int64_t nr, char *buf, size_t size);
/* By name ("x86_64", "i386", "x32", or a libseccomp, OCI or systemd name). */
const struct arch_info *arch_by_name(const char *name);
const struct arch_info *arch_by_oci(const char *oci);
/* The arch seccompctl runs on. */
const struct arch_info *arch_native(void);
size_t arch_count(void);
const struct arch_info *arch_at(size_t i);
size_t arch_index(const struct arch_info *a);

/* The kernel's name of nr (x32's bit taken off) in the arch's table; NULL
 * where the table has none: a number is never given a wrong name. */
const char *syscall_name(const struct arch_info *a, int64_t nr);
/* The number of a name in the arch's table: the kernel's name, or libaudit's
 * alias of it (*kernel_name, when not NULL, then says the kernel's name).
 * -1 when there is none. */
int64_t syscall_number(const struct arch_info *a, const char *name, const char **kernel_name);

/* "SIGSYS" ... into buf; NULL for 0 or less. */
const char *signal_name(int64_t sig, char *buf, size_t size);
/* SIGSYS or SYS or 31 (SIG0, 0: none sent): the signal's number, -1 when it
 * is no signal. */
int signal_number(const char *name);
