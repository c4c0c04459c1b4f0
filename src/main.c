// SPDX-License-Identifier: LGPL-2.1-or-later
/* seccompctl: the command table. */
#include <locale.h>

#include "cli.h"
#include "commands.h"

static const struct cmd *const commands[] = {
	&cmd_status,
	&cmd_show,
	&cmd_get,
	&cmd_set,
	&cmd_enable,
	&cmd_disable,
	&cmd_reset,
	&cmd_tail,
	&cmd_top,
	&cmd_verify,
	&cmd_profile,
	&cmd_record,
	&cmd_filters,
	NULL
};

int main(int argc, const char **argv)
{
	setlocale(LC_TIME, "");
	return cli_main(commands, argc, argv);
}
