// SPDX-License-Identifier: LGPL-2.1-or-later
/* The one name table against libseccomp's own: every (arch, number) pair, every arch. */
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "model/names.h"

/* What libseccomp says of nr on this arch: NULL for none, and for a number
 * it resolves that is not the name's own (it reads MIPS's 0 as 4000, x32's 1
 * as 0x40000001): the kernel never writes those. */
static char *libseccomp_name(uint32_t scmp, int64_t nr)
{
	char *n = seccomp_syscall_resolve_num_arch(scmp, (int)nr);

	if (n && seccomp_syscall_resolve_name_arch(scmp, n) != nr) {
		free(n);
		return NULL;
	}
	return n;
}

static void check_range(const struct arch_info *a, uint32_t scmp, int64_t from, int64_t to, size_t *named)
{
	int64_t nr;

	for (nr = from; nr < to; nr++) {
		char *lib = libseccomp_name(scmp, nr);
		const char *ours = syscall_name(a, nr);

		if (!lib != !ours || (lib && strcmp(lib, ours)))
			fail_msg("%s %lld: libseccomp says %s, seccompctl %s", a->name, (long long)nr, lib ? lib : "(none)",
				 ours ? ours : "(none)");
		if (lib) {
			/* and back: the name is that number in this arch's table */
			if (syscall_number(a, lib, NULL) != nr)
				fail_msg("%s %s: number %lld, not %lld", a->name, lib,
					 (long long)syscall_number(a, lib, NULL), (long long)nr);
			(*named)++;
		}
		free(lib);
	}
}

static void test_every_pair(void **state)
{
	size_t i, arches = 0;

	for (i = 0; i < arch_count(); i++) {
		const struct arch_info *a = arch_at(i);
		uint32_t scmp;
		size_t named = 0;
		int64_t base;

		if (!a->table || !a->table->known)
			continue;	/* the libseccomp built with has no such table */
		scmp = seccomp_arch_resolve_name(a->table->table);
		assert_int_not_equal(scmp, 0);
		base = a->x32 ? X32_SYSCALL_BIT : 0;
		/* every number a table could hold (MIPS from 4000, 5000, 6000), and ARM's private ones */
		check_range(a, scmp, base, base + 8192, &named);
		check_range(a, scmp, base + 0xf0000, base + 0xf0100, &named);
		/* below MIPS's base, nothing (libseccomp reads 0 as 4000) */
		if (named < 250)
			fail_msg("%s: only %zu names compared", a->name, named);
		arches++;
	}
	/* the arches of the issue, at least (loongarch64 needs libseccomp 2.6) */
	assert_true(arches >= 20);
}

static void test_arches(void **state)
{
	char buf[32];

	/* ARM little-endian is arm, big-endian armeb: not libaudit's naming */
	assert_string_equal(arch_of(0x40000028, 0)->name, "arm");
	assert_string_equal(arch_of(0x28, 0)->name, "armeb");
	assert_string_equal(arch_of(0xc000003e, 0x40000001)->name, "x32");
	assert_string_equal(arch_of(0xc000003e, 1)->name, "x86_64");
	assert_string_equal(arch_of(0x40000003, 64)->name, "i386");
	assert_null(arch_of(0x1234, 0));
	assert_string_equal(arch_text(0x1234, 0, buf, sizeof(buf)), "unknown(0x1234)");
	assert_string_equal(syscall_name(arch_of(0x40000028, 0), 0xf0005), "set_tls");
	assert_string_equal(syscall_name(arch_by_name("i386"), 64), "getppid");
	assert_string_equal(syscall_name(arch_by_name("x86_64"), 110), "getppid");
	assert_null(syscall_name(arch_by_name("x86_64"), 99999));
	assert_null(syscall_name(NULL, 17));
}

/* libaudit's names are aliases: taken, and answered with the kernel's. */
static void test_aliases(void **state)
{
	const char *kernel = NULL;

	assert_string_equal(syscall_name(arch_by_name("x86_64"), 17), "pread64");
	assert_int_equal(syscall_number(arch_by_name("x86_64"), "pread", &kernel), 17);
	assert_string_equal(kernel, "pread64");
	assert_int_equal(syscall_number(arch_by_name("x86_64"), "pread64", &kernel), 17);
	assert_null(kernel);
	assert_int_equal(syscall_number(arch_by_name("x86_64"), "no_such_call", NULL), -1);
	assert_int_equal(signal_number("SIGSYS"), 31);
	assert_int_equal(signal_number("SIG0"), 0);
	assert_int_equal(signal_number("NOPE"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_pair),
		cmocka_unit_test(test_arches),
		cmocka_unit_test(test_aliases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
