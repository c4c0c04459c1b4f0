// SPDX-License-Identifier: LGPL-2.1-or-later
/* Numbers of records into names: arches, system calls, signals. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libaudit.h>

#include "model/actions.h"
#include "model/interpret.h"
#include "model/audit-record.h"

const char *arch_name(uint32_t arch)
{
	int machine = audit_elf_to_machine(arch);

	return machine < 0 ? NULL : audit_machine_to_name(machine);
}

int arch_from_name(const char *name, uint32_t *arch)
{
	int machine = audit_name_to_machine(name);
	char *end;
	unsigned long v;

	if (machine >= 0) {
		v = audit_machine_to_elf(machine);
		if (v) {
			*arch = (uint32_t)v;
			return 0;
		}
	}
	errno = 0;
	v = strtoul(name, &end, 16);
	if (errno || *end || end == name || v > UINT32_MAX)
		return -EINVAL;
	*arch = (uint32_t)v;
	return 0;
}

/* A storm is one arch and a handful of syscalls: remember what libaudit said. */
#define SYSCALL_CACHE_NR 1024
#define SYSCALL_CACHE_ARCHES 4
static const char UNKNOWN_NAME[] = "";

static struct {
	uint32_t arch;
	const char *names[SYSCALL_CACHE_NR];
} syscall_cache[SYSCALL_CACHE_ARCHES];
static size_t syscall_cache_used;

const char *syscall_name(uint32_t arch, int64_t nr)
{
	const char **slot = NULL, *name;
	int machine;
	size_t i;

	if (nr < 0 || nr > INT32_MAX)
		return NULL;
	if (nr < SYSCALL_CACHE_NR) {
		for (i = 0; i < syscall_cache_used; i++)
			if (syscall_cache[i].arch == arch)
				break;
		if (i == syscall_cache_used && i < SYSCALL_CACHE_ARCHES) {
			syscall_cache[i].arch = arch;
			syscall_cache_used++;
		}
		if (i < syscall_cache_used) {
			slot = &syscall_cache[i].names[nr];
			if (*slot)
				return *slot == UNKNOWN_NAME ? NULL : *slot;
		}
	}
	machine = audit_elf_to_machine(arch);
	name = machine < 0 ? NULL : audit_syscall_to_name((int)nr, machine);
	if (slot)
		*slot = name ? name : UNKNOWN_NAME;
	return name;
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

