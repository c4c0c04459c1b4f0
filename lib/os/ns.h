/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* 1: this process is in the initial namespace of that kind ("net", "user"),
 * 0: it is not, -errno: cannot tell. */
int ns_is_initial(const char *kind);
