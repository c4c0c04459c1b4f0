/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* An OCI seccomp profile as data: the runtime spec's linux.seccomp. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/actions.h"

/* As runc, crun, podman and docker read it; os/ocijson.c loads one from a file. */

struct oci_rule {
	char **names;
	size_t nnames;
	char *action;		/* SCMP_ACT_* */
	bool has_errno;
	uint32_t errno_ret;
	char *args_json;	/* the rule's "args", as JSON text; NULL when it has none */
};

struct oci_profile {
	char *default_action;
	bool has_default_errno;
	uint32_t default_errno;
	char **arches;		/* SCMP_ARCH_* */
	size_t narches;
	char **flags;		/* SECCOMP_FILTER_FLAG_* */
	size_t nflags;
	struct oci_rule *rules;
	size_t nrules;
};

void oci_profile_free(struct oci_profile *p);
/* Is this one of the runtime spec's SCMP_ACT_* names (model/actions.h)? */
bool oci_action_known(const char *action);
/* What a known SCMP_ACT_* does to a call. */
enum action_effect oci_effect(const char *action);
/* The value libseccomp's filter returns for an OCI action (errno EPERM when
 * the profile names none, as runc and crun give): false when unknown. */
bool oci_ret(const char *action, bool has_errno, uint32_t err, uint32_t *ret);

/* What the profile wants for a call by name: its rule's action (ret), or the
 * default (def); args: the rule has argument conditions. */
struct oci_expect {
	uint32_t ret;
	bool args;
	bool listed;
};
void oci_expect(const struct oci_profile *p, const char *name, uint32_t def, struct oci_expect *e);
