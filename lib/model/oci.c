// SPDX-License-Identifier: LGPL-2.1-or-later
/* An OCI seccomp profile as data: its action names, and freeing it. */
#include <stdlib.h>
#include <string.h>

#include "model/actions.h"
#include "model/oci.h"

bool oci_action_known(const char *action)
{
	return action_by_oci(action) != NULL;
}

enum action_effect oci_effect(const char *action)
{
	const struct action_info *a = action_by_oci(action);

	return a ? a->effect : EFFECT_DENIES;
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
