// SPDX-License-Identifier: LGPL-2.1-or-later
/* Messages to the user on stderr, and the first error for --json. */
#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "os/log.h"
#include "os/output.h"

static bool log_quiet;
static bool log_json;
static char first_error[512];
static pthread_mutex_t first_lock = PTHREAD_MUTEX_INITIALIZER;	/* tail reads ahead in a thread */

void log_setup(bool quiet, bool json)
{
	log_quiet = quiet;
	log_json = json;
}

/* Messages may carry bytes from records or arguments: escape them on the way out. */
static void emit(const char *prefix, const char *fmt, va_list ap, bool keep)
{
	char msg[2048], escaped[8192];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (keep) {
		pthread_mutex_lock(&first_lock);
		if (!first_error[0]) {
			size_t n = strnlen(msg, sizeof(first_error) - 1);

			memcpy(first_error, msg, n);
			first_error[n] = '\0';
		}
		pthread_mutex_unlock(&first_lock);
	}
	/* one write, so that lines of two threads never mix */
	fprintf(stderr, "seccompctl: %s%s\n", prefix ? prefix : "",
		text_escape(escaped, sizeof(escaped), msg, strlen(msg)));
}

void p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, fmt, ap, true);
	va_end(ap);
}

void p_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit("warning: ", fmt, ap, false);
	va_end(ap);
}

void p_note(const char *fmt, ...)
{
	va_list ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	emit("note: ", fmt, ap, false);
	va_end(ap);
}

void p_info(const char *fmt, ...)
{
	va_list ap;

	if (log_quiet || log_json)
		return;
	va_start(ap, fmt);
	emit(NULL, fmt, ap, false);
	va_end(ap);
}

const char *log_first_error(void)
{
	return first_error[0] ? first_error : NULL;
}
