// SPDX-License-Identifier: LGPL-2.1-or-later
/* System call names per arch, as libseccomp (and so runc and systemd) has them. */
#include <string.h>

#include "model/scnames.h"
#include "scmp-names.h"

#define NARCHES (sizeof(scmp_arches) / sizeof(scmp_arches[0]))

const struct scmp_arch *scmp_arch_of(uint32_t audit_arch, int64_t nr)
{
	int x32 = nr >= 0 && (nr & X32_SYSCALL_BIT) != 0;
	size_t i;

	for (i = 0; i < NARCHES; i++)
		if (scmp_arches[i].audit == audit_arch && scmp_arches[i].x32 == x32)
			return &scmp_arches[i];
	return NULL;
}

const char *scmp_name(const struct scmp_arch *a, int64_t nr)
{
	if (a->x32)
		nr &= ~(int64_t)X32_SYSCALL_BIT;
	if (nr < 0 || nr >= a->n)
		return NULL;
	return a->names[nr];
}

const struct scmp_arch *scmp_arch_by_oci(const char *oci)
{
	size_t i;

	for (i = 0; i < NARCHES; i++)
		if (strcmp(scmp_arches[i].oci, oci) == 0)
			return &scmp_arches[i];
	return NULL;
}

const struct scmp_arch *scmp_native(void)
{
#if defined(__x86_64__) && defined(__ILP32__)
	return scmp_arch_by_oci("SCMP_ARCH_X32");
#elif defined(__x86_64__)
	return scmp_arch_by_oci("SCMP_ARCH_X86_64");
#elif defined(__i386__)
	return scmp_arch_by_oci("SCMP_ARCH_X86");
#elif defined(__aarch64__)
	return scmp_arch_by_oci("SCMP_ARCH_AARCH64");
#elif defined(__arm__)
	return scmp_arch_by_oci("SCMP_ARCH_ARM");
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return scmp_arch_by_oci("SCMP_ARCH_PPC64LE");
#elif defined(__s390x__)
	return scmp_arch_by_oci("SCMP_ARCH_S390X");
#elif defined(__riscv) && __riscv_xlen == 64
	return scmp_arch_by_oci("SCMP_ARCH_RISCV64");
#else
	return NULL;
#endif
}

size_t scmp_arch_index(const struct scmp_arch *a)
{
	return (size_t)(a - scmp_arches);
}

size_t scmp_arch_count(void)
{
	return NARCHES;
}

const struct scmp_arch *scmp_arch_at(size_t i)
{
	return i < NARCHES ? &scmp_arches[i] : NULL;
}
