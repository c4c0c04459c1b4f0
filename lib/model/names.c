// SPDX-License-Identifier: LGPL-2.1-or-later
/* Names of the numbers in records: arches, system calls, signals (see names.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libaudit.h>

#include "model/arch-list.h"
#include "model/names.h"
#include "scmp-names.h"

#define ARCH_INFO(audit, x32, name, table, oci, systemd) { audit, x32, name, oci, systemd, &tab_##table },
static const struct arch_info arches[] = { ARCH_LIST(ARCH_INFO) };
#define NARCHES (sizeof(arches) / sizeof(arches[0]))

const struct arch_info *arch_of(uint32_t audit_arch, int64_t nr)
{
	int x32 = audit_arch == AUDIT_ARCH_X86_64 && nr >= 0 && (nr & X32_SYSCALL_BIT) != 0;
	size_t i;

	for (i = 0; i < NARCHES; i++)
		if (arches[i].audit == audit_arch && arches[i].x32 == x32)
			return &arches[i];
	return NULL;
}

const char *arch_text(uint32_t audit_arch, int64_t nr, char *buf, size_t size)
{
	const struct arch_info *a = arch_of(audit_arch, nr);

	if (a)
		return a->name;
	snprintf(buf, size, "unknown(0x%x)", audit_arch);
	return buf;
}

const struct arch_info *arch_by_name(const char *name)
{
	static const char *const table_names[] = {
#define TABLE_NAME(audit, x32, name, table, oci, systemd) #table,
		ARCH_LIST(TABLE_NAME)
	};
	size_t i;

	for (i = 0; i < NARCHES; i++)
		if (!strcmp(arches[i].name, name) || (arches[i].oci && !strcasecmp(arches[i].oci, name)) ||
		    (arches[i].systemd && !strcmp(arches[i].systemd, name)))
			return &arches[i];
	/* libseccomp's own names where they differ (x86, mipsel64) */
	for (i = 0; i < NARCHES; i++)
		if (!strcmp(table_names[i], name) && strcmp(name, "arm"))
			return &arches[i];
	return NULL;
}

const struct arch_info *arch_by_oci(const char *oci)
{
	size_t i;

	for (i = 0; i < NARCHES; i++)
		if (arches[i].oci && strcmp(arches[i].oci, oci) == 0)
			return &arches[i];
	return NULL;
}

const struct arch_info *arch_native(void)
{
#if defined(__x86_64__) && defined(__ILP32__)
	return arch_by_name("x32");
#elif defined(__x86_64__)
	return arch_by_name("x86_64");
#elif defined(__i386__)
	return arch_by_name("i386");
#elif defined(__aarch64__)
	return arch_by_name("aarch64");
#elif defined(__arm__) && defined(__ARMEB__)
	return arch_by_name("armeb");
#elif defined(__arm__)
	return arch_by_name("arm");
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return arch_by_name("ppc64le");
#elif defined(__powerpc64__)
	return arch_by_name("ppc64");
#elif defined(__s390x__)
	return arch_by_name("s390x");
#elif defined(__riscv) && __riscv_xlen == 64
	return arch_by_name("riscv64");
#elif defined(__loongarch64)
	return arch_by_name("loongarch64");
#else
	return NULL;
#endif
}

size_t arch_count(void)
{
	return NARCHES;
}

const struct arch_info *arch_at(size_t i)
{
	return i < NARCHES ? &arches[i] : NULL;
}

size_t arch_index(const struct arch_info *a)
{
	return (size_t)(a - arches);
}

const char *syscall_name(const struct arch_info *a, int64_t nr)
{
	const struct syscall_table *t = a ? a->table : NULL;
	const struct syscall_extra *x;

	if (!t)
		return NULL;
	if (a->x32)
		nr &= ~(int64_t)X32_SYSCALL_BIT;
	if (nr >= t->base && nr - t->base < (int64_t)t->n)
		return t->names[nr - t->base];
	for (x = t->extra; x->name; x++)
		if (x->nr == nr)
			return x->name;
	return NULL;
}

/* libaudit's machine for an arch it has tables of, or -1. */
static int audit_machine(const struct arch_info *a)
{
	return a->x32 ? -1 : audit_elf_to_machine(a->audit);
}

int64_t syscall_number(const struct arch_info *a, const char *name, const char **kernel_name)
{
	const struct syscall_table *t = a ? a->table : NULL;
	const struct syscall_extra *x;
	const char *unused;
	unsigned i;
	int m, nr;

	if (!kernel_name)
		kernel_name = &unused;
	*kernel_name = NULL;
	if (!t)
		return -1;
	for (i = 0; i < t->n; i++)
		if (t->names[i] && strcmp(t->names[i], name) == 0)
			return (t->base + i) | (a->x32 ? X32_SYSCALL_BIT : 0);
	for (x = t->extra; x->name; x++)
		if (strcmp(x->name, name) == 0)
			return x->nr;
	/* libaudit's name for a number the kernel names otherwise */
	if ((m = audit_machine(a)) >= 0 && (nr = audit_name_to_syscall(name, m)) >= 0 &&
	    (*kernel_name = syscall_name(a, nr)))
		return nr;
	return -1;
}

const char *signal_name(int64_t sig, char *buf, size_t size)
{
	const char *abbrev;

	if (sig <= 0)
		return NULL;
	abbrev = sig < 65 ? sigabbrev_np((int)sig) : NULL;
	if (abbrev)
		snprintf(buf, size, "SIG%s", abbrev);
	else
		snprintf(buf, size, "%lld", (long long)sig);
	return buf;
}

int signal_number(const char *name)
{
	char *end;
	long v;
	int s;

	if (strncmp(name, "SIG", 3) == 0)
		name += 3;
	for (s = 1; s < 65; s++)
		if (sigabbrev_np(s) && strcmp(sigabbrev_np(s), name) == 0)
			return s;
	v = strtol(name, &end, 10);
	return *end || end == name || v < 0 || v > 64 ? -1 : (int)v;
}
