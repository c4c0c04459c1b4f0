// SPDX-License-Identifier: LGPL-2.1-or-later
/* An OCI seccomp profile as data: its action names, and freeing it. */
#include <stdlib.h>
#include <string.h>

#include "model/oci.h"

static const char *const actions[] = {
	"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
	"SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY", NULL,
};

bool oci_action_known(const char *action)
{
	size_t i;

	for (i = 0; actions[i]; i++)
		if (strcmp(actions[i], action) == 0)
			return true;
	return false;
}

static void free_strings(char **s, size_t n)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		free(s[i]);
	free(s);
}

void oci_profile_free(struct oci_profile *p)
{
	size_t i;

	free(p->default_action);
	free_strings(p->arches, p->narches);
	free_strings(p->flags, p->nflags);
	for (i = 0; p->rules && i < p->nrules; i++) {
		free_strings(p->rules[i].names, p->rules[i].nnames);
		free(p->rules[i].action);
		free(p->rules[i].args_json);
	}
	free(p->rules);
	memset(p, 0, sizeof(*p));
}
