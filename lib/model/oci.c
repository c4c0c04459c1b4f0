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

bool oci_ret(const char *action, bool has_errno, uint32_t err, uint32_t *ret)
{
	const struct action_info *a = action_by_oci(action);

	if (a)
		*ret = action_oci_ret(a, has_errno, err);
	return a != NULL;
}

void oci_expect(const struct oci_profile *p, const char *name, uint32_t def, struct oci_expect *e)
{
	size_t i, k;

	e->ret = def;
	e->args = false;
	e->listed = false;
	for (i = 0; i < p->nrules; i++)
		for (k = 0; k < p->rules[i].nnames; k++)
			if (strcmp(p->rules[i].names[k], name) == 0 &&
			    oci_ret(p->rules[i].action, p->rules[i].has_errno, p->rules[i].errno_ret, &e->ret)) {
				e->listed = true;
				e->args = p->rules[i].args_json != NULL;
				return;
			}
}
