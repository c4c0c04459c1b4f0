// SPDX-License-Identifier: LGPL-2.1-or-later
#include <errno.h>
#include <string.h>

#include "common.h"
#include "config.h"
#include "exitcode.h"
#include "log.h"
#include "output.h"
#include "sysctl.h"

int load_vocab(struct action_vocab *v)
{
	int r = seccomp_read_avail(SYSCTL_ROOT, v);

	if (r == -ENOENT) {
		p_err("%s/%s does not exist: this kernel has no seccomp logging controls "
		      "(Linux 4.14 or later with CONFIG_SECCOMP_FILTER needed)", SYSCTL_ROOT, ACTIONS_AVAIL);
		return EXIT_ERROR;
	}
	if (r == -EINVAL) {
		p_err("%s/%s holds no list of action names this tool can read", SYSCTL_ROOT, ACTIONS_AVAIL);
		return EXIT_ERROR;
	}
	if (r < 0) {
		p_err("cannot read %s/%s: %s", SYSCTL_ROOT, ACTIONS_AVAIL, strerror(-r));
		return EXIT_ERROR;
	}
	return 0;
}

int load_logged(const struct action_vocab *v, action_set *logged)
{
	int r = seccomp_read_logged(SYSCTL_ROOT, v, logged);

	if (r == -EINVAL) {
		p_err("%s/%s holds a name that is not in actions_avail", SYSCTL_ROOT, ACTIONS_LOGGED);
		return EXIT_ERROR;
	}
	if (r < 0) {
		p_err("cannot read %s/%s: %s", SYSCTL_ROOT, ACTIONS_LOGGED, strerror(-r));
		return EXIT_ERROR;
	}
	return 0;
}

void jw_action_set(const char *key, const struct action_vocab *v, action_set set)
{
	size_t i;

	jw_open_arr(key);
	for (i = 0; i < v->n; i++)
		if (set & (1U << i))
			jw_str(NULL, v->names[i]);
	jw_close_arr();
}

const char *set_text(const struct action_vocab *v, action_set set, char sep, char *buf, size_t size)
{
	if (!set)
		snprintf(buf, size, "(none)");
	else
		set_format(v, set, sep, buf, size);
	return buf;
}
