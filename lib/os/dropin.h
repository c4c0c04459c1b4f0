/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* systemd's SystemCallFilter= read from a unit or drop-in, as an OCI profile. */
#pragma once

#include <stddef.h>

#include "model/oci.h"

/*
 * The lines SystemCallFilter= (an allow-list, or a deny-list after ~) and
 * SystemCallErrorNumber= of a unit file or drop-in, as the OCI profile of
 * explicit names they stand for: allowed names and the rest refused (with
 * the errno, else killed), or the other way. Groups (@system-service) are
 * systemd's own tables: a file that uses one is refused, with a sentence
 * that says so.
 */

/* 0, or -errno with a sentence in err. */
int dropin_profile_load(const char *path, struct oci_profile *p, char *err, size_t errsize);
