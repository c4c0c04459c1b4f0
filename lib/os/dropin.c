// SPDX-License-Identifier: LGPL-2.1-or-later
/* systemd's SystemCallFilter= read from a unit or drop-in, as an OCI profile. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/array.h"
#include "model/actions.h"
#include "os/dropin.h"
#include "os/fileio.h"

struct names {
	char **v;
	size_t n, cap;
};

static int add_name(struct names *ns, const char *name, size_t len)
{
	if (ARRAY_GROW(ns->v, ns->cap, ns->n) < 0)
		return -ENOMEM;
	if (!(ns->v[ns->n] = strndup(name, len)))
		return -ENOMEM;
	ns->n++;
	return 0;
}

static void free_names(struct names *ns)
{
	while (ns->n)
		free(ns->v[--ns->n]);
	free(ns->v);
}

/* One SystemCallFilter= value: its names into ns, *deny for a leading ~. */
static int filter_value(const char *path, const char *v, const char *end, struct names *ns, bool *deny, char *err,
			size_t errsize)
{
	const char *w;
	int r;

	if (v < end && *v == '~') {
		*deny = true;
		v++;
	}
	for (;;) {
		while (v < end && *v == ' ')
			v++;
		if (v == end)
			return 0;
		for (w = v; w < end && *w != ' '; w++)
			;
		if (*v == '@') {
			snprintf(err, errsize, "%s uses the group %.*s: groups are systemd's tables, not known here; "
				 "give the names (seccompctl profile --format=systemd writes them)", path, (int)(w - v), v);
			return -EINVAL;
		}
		if ((r = add_name(ns, v, (size_t)(w - v))) < 0)
			return r;
		v = w;
	}
}

int dropin_profile_load(const char *path, struct oci_profile *p, char *err, size_t errsize)
{
	struct names ns = { 0 };
	const char *line, *nl, *end;
	bool deny = false, any = false;
	uint32_t errnum = 0;
	char *text;
	size_t len;
	int r;

	memset(p, 0, sizeof(*p));
	if ((r = read_full_file(NULL, path, &text, &len)) < 0) {
		snprintf(err, errsize, "cannot read %s: %s", path, strerror(-r));
		return r;
	}
	for (line = text, end = text + len; line < end; line = nl + 1) {
		if (!(nl = memchr(line, '\n', (size_t)(end - line))))
			nl = end;
		if ((size_t)(nl - line) > 22 && !memcmp(line, "SystemCallErrorNumber=", 22)) {
			errnum = (uint32_t)atoi(line + 22);
			if (!errnum && nl - line == 27 && !memcmp(line + 22, "EPERM", 5))
				errnum = EPERM;
		} else if ((size_t)(nl - line) >= 17 && !memcmp(line, "SystemCallFilter=", 17)) {
			any = true;
			if ((r = filter_value(path, line + 17, nl, &ns, &deny, err, errsize)) < 0)
				goto out;
		}
	}
	r = -EINVAL;
	if (!any) {
		snprintf(err, errsize, "%s holds no SystemCallFilter= line", path);
		goto out;
	}
	/* allow-list: listed calls allowed, the rest refused; deny-list: the other way */
	r = -ENOMEM;
	snprintf(err, errsize, "out of memory");
	if (!(p->rules = calloc(1, sizeof(*p->rules))))
		goto out;
	p->nrules = 1;
	if (!(p->default_action = strdup(deny ? ACTION(ALLOW)->oci : errnum ? ACTION(ERRNO)->oci :
						ACTION(KILL_PROCESS)->oci)) ||
	    !(p->rules[0].action = strdup(deny ? (errnum ? ACTION(ERRNO)->oci : ACTION(KILL_PROCESS)->oci) :
					   ACTION(ALLOW)->oci)))
		goto out;
	p->has_default_errno = errnum != 0;
	p->default_errno = errnum;
	p->rules[0].names = ns.v;
	p->rules[0].nnames = ns.n;
	p->rules[0].has_errno = deny && errnum;
	p->rules[0].errno_ret = errnum;
	ns.v = NULL;
	ns.n = 0;
	r = 0;
out:
	free_names(&ns);
	free(text);
	if (r < 0)
		oci_profile_free(p);
	return r;
}
