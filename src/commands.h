/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The commands main lists. */
#pragma once

#include "cli.h"

extern const struct cmd cmd_show;
extern const struct cmd cmd_get;
extern const struct cmd cmd_set;
extern const struct cmd cmd_enable;
extern const struct cmd cmd_disable;
extern const struct cmd cmd_reset;
extern const struct cmd cmd_tail;
extern const struct cmd cmd_top;
extern const struct cmd cmd_verify;
extern const struct cmd cmd_status;
extern const struct cmd cmd_profile;
extern const struct cmd cmd_record;
extern const struct cmd cmd_filters;
