/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The test helpers' one filter: getppid() gets an action, every other call runs. */
#pragma once

/*
 * Raw classic BPF, no libseccomp: the tests must not depend on a library
 * whose behaviour they check. Calls of another arch than the helper's own
 * run. SECCOMP_RET_ALLOW as the action makes an allow-all filter.
 */
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__x86_64__)
#define HELPER_ARCH AUDIT_ARCH_X86_64
#elif defined(__i386__)
#define HELPER_ARCH AUDIT_ARCH_I386
#elif defined(__aarch64__)
#define HELPER_ARCH AUDIT_ARCH_AARCH64
#else
#error "add this architecture's AUDIT_ARCH"
#endif

/* no_new_privs, then the filter with flags: what seccomp(2) returns (a
 * listener's descriptor with SECCOMP_FILTER_FLAG_NEW_LISTENER), -1 */
static inline int getppid_filter(unsigned int ret, unsigned int flags)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, HELPER_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_getppid, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, ret),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}
