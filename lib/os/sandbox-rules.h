/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The sandbox's allow-lists in libseccomp's terms, built into BPF at build time. */
#pragma once

#include <seccomp.h>

#include "os/sandbox.h"

/* Add the rules of a profile to a libseccomp filter. 0 or -errno. */
int sandbox_rules(scmp_filter_ctx ctx, enum sandbox_profile profile);
