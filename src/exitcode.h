/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* The one list of exit codes; man/seccompctl.8 EXIT STATUS and README mirror it. */
enum exit_code {
	EXIT_DONE = 0,		/* done, and verified where verification was possible */
	EXIT_ERROR = 1,		/* error, or the kernel refused the write */
	EXIT_USAGE = 2,		/* bad option or command, unknown or refused action name */
	EXIT_UNVERIFIED = 3,	/* record missing, mismatched, a concurrent change; a broken trail */
	EXIT_UNPROVEN = 4,	/* verify: the trail is consistent but cannot be proven complete */
};
