/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* OCI seccomp profiles from files, read with json-c. */
#pragma once

#include <stddef.h>

#include "model/oci.h"

/* The largest profile read: what json-c costs stays near 100 MB. */
#define OCI_PROFILE_MAX (4 << 20)

/* A file that holds either the runtime spec's linux.seccomp object or a
 * whole config.json. 0, or -errno with a sentence in err (which field is
 * wrong, and why); -EFBIG past OCI_PROFILE_MAX, -ERANGE for an integer that
 * does not fit 64 bits (json-c would clamp it). */
int oci_profile_load(const char *path, struct oci_profile *p, char *err, size_t errsize);
