// SPDX-License-Identifier: LGPL-2.1-or-later
/* Self-confinement: the seccomp allow-list and the capability drop. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/ioctl.h>

#include <cap-ng.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "os/log.h"
#include "os/sandbox.h"
#include "sandbox-bpf.h"

static bool disabled;

void sandbox_disable(void)
{
	disabled = true;
}

bool sandbox_active(void)
{
	return !disabled;
}

int sandbox_drop_caps(const int *keep)
{
	if (disabled)
		return 0;
	capng_clear(CAPNG_SELECT_BOTH);
	for (; *keep >= 0; keep++)
		if (capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, (unsigned int)*keep) < 0)
			return -EINVAL;
	/* without CAP_SETPCAP the bounding set stays; effective and permitted go */
	return capng_apply(CAPNG_SELECT_CAPS) < 0 ? -EPERM : 0;
}

int sandbox_install(enum sandbox_profile profile)
{
	static const struct {
		const unsigned char *code;
		size_t len;
	} programs[] = {
		[SANDBOX_READ] = { sandbox_bpf_read, sizeof(sandbox_bpf_read) },
		[SANDBOX_PERSIST] = { sandbox_bpf_persist, sizeof(sandbox_bpf_persist) },
		[SANDBOX_NAMES] = { sandbox_bpf_names, sizeof(sandbox_bpf_names) },
		[SANDBOX_RECORD] = { sandbox_bpf_record, sizeof(sandbox_bpf_record) },
		[SANDBOX_OBSERVE] = { sandbox_bpf_observe, sizeof(sandbox_bpf_observe) },
		[SANDBOX_OBSERVE_PERSIST] = { sandbox_bpf_observe_persist, sizeof(sandbox_bpf_observe_persist) },
		[SANDBOX_OBSERVE_TTY] = { sandbox_bpf_observe_tty, sizeof(sandbox_bpf_observe_tty) },
	};
	struct sock_fprog prog;
	long r;

	if (disabled)
		return 0;
	prog.len = (unsigned short)(programs[profile].len / sizeof(struct sock_filter));
	prog.filter = (struct sock_filter *)(uintptr_t)programs[profile].code;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	/* log what is refused, and cover every thread */
	r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG, &prog);
	if (r < 0)
		return -errno;
	return r > 0 ? -EBUSY : 0;	/* a thread that could not follow */
}

void sandbox_enter(enum sandbox_profile profile, const int *keep)
{
	int r;

	if (disabled)
		return;
	r = sandbox_drop_caps(keep);
	if (r < 0)
		p_warn("cannot drop capabilities (%s); going on", strerror(-r));
	r = sandbox_install(profile);
	if (r < 0)
		p_warn("cannot install the seccomp sandbox (%s); going on (--no-sandbox silences this)",
		       strerror(-r));
}

int seccomp_log_everything(void)
{
	/* one instruction: every system call is let through, and logged */
	static struct sock_filter log_all[] = { BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_LOG) };
	struct sock_fprog prog = { .len = 1, .filter = log_all };

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0)
		return 0;
	if (errno != EACCES)
		return -errno;
	/* without CAP_SYS_ADMIN the kernel wants no_new_privs first */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) == 0 ? 0 : -errno;
}
