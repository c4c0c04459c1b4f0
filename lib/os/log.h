/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Messages to the user on stderr, and the first error for --json. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

/*
 * One place for messages to the user. Everything goes to stderr as one line
 * "seccompctl: ...". In JSON mode the first error is also kept, so that main
 * can print {"error": ...} on stdout when no document was written.
 */
void log_setup(bool quiet, bool json);
void p_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void p_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Something happened to a source while following it (rotation, a daemon
 * restart): "seccompctl: note: ..."; silenced by -q only. */
void p_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Information for people; silenced by -q and in JSON mode. */
void p_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *log_first_error(void);
