// SPDX-License-Identifier: LGPL-2.1-or-later
/* OCI seccomp profiles from files, read with json-c. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "os/fileio.h"
#include "os/jsonlines.h"
#include "os/ocijson.h"


static int fail(char *err, size_t size, int code, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t size, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return code;
}

/* An array of strings, copied. */
static int strings(json_object *arr, char ***out, size_t *n, const char *what, char *err, size_t size)
{
	size_t i, len;

	if (!json_object_is_type(arr, json_type_array))
		return fail(err, size, -EINVAL, "%s is not a list", what);
	len = json_object_array_length(arr);
	*out = calloc(len ? len : 1, sizeof(**out));
	if (!*out)
		return fail(err, size, -ENOMEM, "out of memory");
	for (i = 0; i < len; i++) {
		json_object *s = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(s, json_type_string))
			return fail(err, size, -EINVAL, "%s: item %zu is not a string", what, i + 1);
		if (!((*out)[i] = strdup(json_object_get_string(s))))
			return fail(err, size, -ENOMEM, "out of memory");
		*n = i + 1;
	}
	return 0;
}

static int errno_value(json_object *v, uint32_t *out, const char *what, char *err, size_t size)
{
	int64_t x;

	if (!json_object_is_type(v, json_type_int) || (x = json_object_get_int64(v)) < 0 || x > UINT32_MAX)
		return fail(err, size, -EINVAL, "%s is not a number from 0 to 4294967295", what);
	*out = (uint32_t)x;
	return 0;
}

static int rule(json_object *o, size_t idx, struct oci_rule *r, char *err, size_t size)
{
	json_object *v;
	char what[64];
	int e;

	snprintf(what, sizeof(what), "syscalls[%zu]", idx);
	if (!json_object_is_type(o, json_type_object))
		return fail(err, size, -EINVAL, "%s is not an object", what);
	if (!json_object_object_get_ex(o, "names", &v))
		return fail(err, size, -EINVAL, "%s has no names", what);
	snprintf(what, sizeof(what), "syscalls[%zu].names", idx);
	if ((e = strings(v, &r->names, &r->nnames, what, err, size)) < 0)
		return e;
	if (!json_object_object_get_ex(o, "action", &v) || !json_object_is_type(v, json_type_string))
		return fail(err, size, -EINVAL, "syscalls[%zu] has no action", idx);
	if (!oci_action_known(json_object_get_string(v)))
		return fail(err, size, -EINVAL, "syscalls[%zu]: unknown action '%s'", idx, json_object_get_string(v));
	if (!(r->action = strdup(json_object_get_string(v))))
		return fail(err, size, -ENOMEM, "out of memory");
	if (json_object_object_get_ex(o, "errnoRet", &v)) {
		snprintf(what, sizeof(what), "syscalls[%zu].errnoRet", idx);
		if ((e = errno_value(v, &r->errno_ret, what, err, size)) < 0)
			return e;
		r->has_errno = true;
	}
	if (json_object_object_get_ex(o, "args", &v) && json_object_is_type(v, json_type_array) &&
	    json_object_array_length(v) > 0 &&
	    !(r->args_json = strdup(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN))))
		return fail(err, size, -ENOMEM, "out of memory");
	return 0;
}

static int profile(json_object *o, struct oci_profile *p, char *err, size_t size)
{
	json_object *v, *lnx;
	size_t i;
	int e;

	/* a whole config.json: its linux.seccomp */
	if (json_object_object_get_ex(o, "linux", &lnx) && json_object_object_get_ex(lnx, "seccomp", &v))
		o = v;
	if (!json_object_is_type(o, json_type_object))
		return fail(err, size, -EINVAL, "not a seccomp profile (an object with defaultAction)");
	if (!json_object_object_get_ex(o, "defaultAction", &v) || !json_object_is_type(v, json_type_string))
		return fail(err, size, -EINVAL, "no defaultAction: not a seccomp profile");
	if (!oci_action_known(json_object_get_string(v)))
		return fail(err, size, -EINVAL, "unknown defaultAction '%s'", json_object_get_string(v));
	if (!(p->default_action = strdup(json_object_get_string(v))))
		return fail(err, size, -ENOMEM, "out of memory");
	if (json_object_object_get_ex(o, "defaultErrnoRet", &v)) {
		if ((e = errno_value(v, &p->default_errno, "defaultErrnoRet", err, size)) < 0)
			return e;
		p->has_default_errno = true;
	}
	if (json_object_object_get_ex(o, "architectures", &v) &&
	    (e = strings(v, &p->arches, &p->narches, "architectures", err, size)) < 0)
		return e;
	if (json_object_object_get_ex(o, "flags", &v) && (e = strings(v, &p->flags, &p->nflags, "flags", err, size)) < 0)
		return e;
	if (!json_object_object_get_ex(o, "syscalls", &v))
		return 0;
	if (!json_object_is_type(v, json_type_array))
		return fail(err, size, -EINVAL, "syscalls is not a list");
	p->rules = calloc(json_object_array_length(v) + 1, sizeof(*p->rules));
	if (!p->rules)
		return fail(err, size, -ENOMEM, "out of memory");
	for (i = 0; i < json_object_array_length(v); i++) {
		p->nrules = i + 1;
		if ((e = rule(json_object_array_get_idx(v, i), i, &p->rules[i], err, size)) < 0)
			return e;
	}
	return 0;
}

int oci_profile_load(const char *path, struct oci_profile *p, char *err, size_t size)
{
	struct json_tokener *tok;
	json_object *root;
	char *text;
	size_t len, end, n;
	struct stat st;
	ssize_t bad;
	int e, fd;

	memset(p, 0, sizeof(*p));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
		return fail(err, size, -errno, "%s", strerror(errno));
	/* json-c holds some 25 bytes for each byte of JSON: a 63 MB profile
	 * took 1.8 GB; real ones are tens of kilobytes. A file says its size
	 * before it is read; a pipe, after. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > OCI_PROFILE_MAX)
		e = -EFBIG;
	else if ((e = read_full_fd(fd, &text, &len)) == 0 && len > OCI_PROFILE_MAX) {
		free(text);
		e = -EFBIG;
	}
	close(fd);
	if (e == -EFBIG)
		return fail(err, size, e, "too large: seccompctl reads profiles of up to %d MiB (the runtimes' "
			    "default one is about 20 KB)", OCI_PROFILE_MAX >> 20);
	if (e < 0)
		return fail(err, size, e, "%s", strerror(-e));
	if ((bad = json_text_overflow(text, len, &n)) >= 0) {
		e = fail(err, size, -ERANGE, "the number %.*s at byte %zd does not fit 64 bits (refused, not "
			 "clamped)", (int)(n < 40 ? n : 40), text + bad, bad);
		free(text);
		return e;
	}
	tok = json_tokener_new();
	if (!tok) {
		free(text);
		return fail(err, size, -ENOMEM, "out of memory");
	}
	root = json_tokener_parse_ex(tok, text, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (!root || strspn(text + end, " \t\r\n") != len - end) {
		enum json_tokener_error je = json_tokener_get_error(tok);

		e = fail(err, size, -EINVAL, "not JSON: %s at byte %zu",
			 !root && je == json_tokener_continue ? "the text ends too early"
			 : root ? "more after the value" : json_tokener_error_desc(je), end);
		json_object_put(root);
		json_tokener_free(tok);
		free(text);
		return e;
	}
	json_tokener_free(tok);
	free(text);
	e = profile(root, p, err, size);
	json_object_put(root);
	if (e < 0)
		oci_profile_free(p);
	return e;
}

