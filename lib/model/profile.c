// SPDX-License-Identifier: LGPL-2.1-or-later
/* From seccomp events to an allow-list, and what an OCI profile would deny. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/actions.h"
#include "model/array.h"
#include "model/profile.h"

int profile_init(struct profile *p)
{
	memset(p, 0, sizeof(*p));
	p->index = calloc(arch_count() * PROFILE_NR_MAX, sizeof(*p->index));
	return p->index ? 0 : -ENOMEM;
}

void profile_free(struct profile *p)
{
	size_t i, k;

	for (i = 0; i < p->n; i++)
		for (k = 0; k < p->calls[i].nexes; k++)
			free(p->calls[i].exes[k]);
	free(p->calls);
	free(p->index);
	memset(p, 0, sizeof(*p));
}

void profile_lost(struct profile *p, uint64_t n)
{
	p->lost += n;
	p->lost_reports++;
}

/* The slot a call has, made when it is new. */
static struct prof_call *call_for(struct profile *p, uint32_t audit_arch, int64_t nr, const struct arch_info *a)
{
	/* indexed from the table's first number (MIPS: 4000 ...); ARM's private
	 * numbers and those of an arch without a name are looked for */
	int64_t bare = (a && a->x32 ? nr & ~(int64_t)X32_SYSCALL_BIT : nr) - (a ? a->table->base : 0);
	struct prof_call *c;
	size_t i, slot = 0;
	bool indexed = a && bare >= 0 && bare < PROFILE_NR_MAX;

	if (indexed) {
		slot = arch_index(a) * PROFILE_NR_MAX + (size_t)bare;
		if (p->index[slot])
			return &p->calls[p->index[slot] - 1];
	} else {
		for (i = 0; i < p->n; i++)
			if (p->calls[i].audit_arch == audit_arch && p->calls[i].nr == nr)
				return &p->calls[i];
	}
	if (ARRAY_GROW(p->calls, p->cap, p->n) < 0)
		return NULL;
	c = &p->calls[p->n++];
	memset(c, 0, sizeof(*c));
	c->audit_arch = audit_arch;
	c->nr = nr;
	c->arch = a;
	c->name = a ? syscall_name(a, nr) : NULL;
	c->first_ms = c->last_ms = -1;
	if (indexed)
		p->index[slot] = (uint32_t)p->n;
	return c;
}

void profile_add(struct profile *p, const struct event *e)
{
	const struct arch_info *a = e->has_arch ? arch_of(e->arch, e->syscall) : NULL;
	const char *exe = span_has(e->exe) ? event_str(e, e->exe) : "";
	int64_t ms = (int64_t)e->sec * 1000 + e->msec;
	struct prof_call *c;
	size_t k;

	p->events++;
	c = call_for(p, e->has_arch ? e->arch : 0, e->syscall, a);
	if (!c) {
		p->err = -ENOMEM;
		return;
	}
	c->count++;
	if (!e->time_unknown) {
		if (c->first_ms < 0 || ms < c->first_ms)
			c->first_ms = ms;
		if (ms > c->last_ms)
			c->last_ms = ms;
	}
	if (e->action)
		c->actions |= 1U << (e->action - action_table);
	for (k = 0; k < c->nexes; k++)
		if (strcmp(c->exes[k], exe) == 0)
			return;
	if (c->nexes == PROFILE_EXES || strlen(exe) != (span_has(e->exe) ? e->exe.len : 0)) {
		c->more_exes = true;
		return;
	}
	if (!(c->exes[c->nexes] = strdup(exe))) {
		p->err = -ENOMEM;
		return;
	}
	c->nexes++;
}

size_t profile_unnamed(const struct profile *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->n; i++)
		n += !p->calls[i].name;
	return n;
}

/* --- runtimes ----------------------------------------------------------------- */

/* runc's init loads the filter, then: closes what it must not pass on
 * (openat, getdents64, fstatfs, close), tells runc it is ready (write),
 * without noNewPrivileges sets its credentials, and execs. Measured with runc
 * 1.1.5 under a profile whose default is SCMP_ACT_LOG, with and without
 * noNewPrivileges; Go's runtime may make the rest at any moment. */
static const char *const runc_calls[] = {
	"execve", "openat", "getdents64", "fstatfs", "close", "write", "read", "getpid", "getppid",
	"epoll_ctl", "fstat", "newfstatat", "faccessat2", "getcwd", "chdir", "setuid", "setgid",
	"setgroups", "capget", "capset", "prctl",
	"futex", "nanosleep", "sched_yield", "rt_sigreturn", "rt_sigprocmask", "sigaltstack", "tgkill",
	"gettid", "mmap", "munmap", "madvise", "exit", "exit_group", "epoll_pwait", "clock_gettime", NULL,
};

/* crun loads the filter in C, then sets capabilities and ids and execs (from
 * its source, libcrun/linux.c: crun refuses this project's test machine). */
static const char *const crun_calls[] = {
	"execve", "execveat", "close", "fcntl", "capget", "capset", "prctl", "setgroups", "setresuid",
	"setresgid", "setuid", "setgid", "umask", "chdir", "fchdir", "write", "getpid", "rt_sigprocmask",
	"exit_group", NULL,
};

int profile_runtime_from_name(const char *name, enum profile_runtime *r)
{
	if (strcmp(name, "none") == 0)
		*r = RUNTIME_NONE;
	else if (strcmp(name, "runc") == 0)
		*r = RUNTIME_RUNC;
	else if (strcmp(name, "crun") == 0)
		*r = RUNTIME_CRUN;
	else
		return -EINVAL;
	return 0;
}

const char *const *profile_runtime_calls(enum profile_runtime r)
{
	static const char *const none[] = { NULL };

	return r == RUNTIME_RUNC ? runc_calls : r == RUNTIME_CRUN ? crun_calls : none;
}

const char *profile_action_from_name(const char *name)
{
	const struct action_info *a = action_by_name(name, strlen(name));

	if (!a)
		a = action_by_oci(name);
	/* what a profile's default may be: a denial, or log while learning; not
	 * allow, nor a tracer's or a supervisor's say, nor ausearch's either kill */
	if (!a || a == ACTION(KILL_EITHER) || (a->effect != EFFECT_DENIES && a != ACTION(LOG)))
		return NULL;
	return a->oci;
}

/* --- names ---------------------------------------------------------------------- */

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static bool allows(const char *action)
{
	return oci_effect(action) == EFFECT_RUNS;
}

/* Does the base let this name through whatever its arguments? */
static bool base_allows(const struct oci_profile *b, const char *name)
{
	size_t i, k;

	if (!b)
		return false;
	for (i = 0; i < b->nrules; i++)
		for (k = 0; k < b->rules[i].nnames; k++)
			if (strcmp(b->rules[i].names[k], name) == 0)
				return !b->rules[i].args_json && allows(b->rules[i].action);
	return allows(b->default_action);
}

const char **profile_names(const struct profile *p, const struct profile_opts *opts, size_t *n)
{
	const char *const *rt = profile_runtime_calls(opts->runtime);
	size_t i, k = 0, nrt = 0;
	const char **names;

	while (rt[nrt])
		nrt++;
	names = calloc(p->n + nrt + 1, sizeof(*names));
	if (!names)
		return NULL;
	for (i = 0; i < p->n; i++)
		if (p->calls[i].name && !base_allows(opts->base, p->calls[i].name))
			names[k++] = p->calls[i].name;
	for (i = 0; i < nrt; i++)
		if (!base_allows(opts->base, rt[i]))
			names[k++] = rt[i];
	qsort(names, k, sizeof(*names), by_name);
	/* one of each */
	for (i = 0, *n = 0; i < k; i++)
		if (!*n || strcmp(names[*n - 1], names[i]))
			names[(*n)++] = names[i];
	names[*n] = NULL;
	return names;
}

/* The arches in the profile: the base's, the native one, every one seen. */
static bool *arches_of(const struct profile *p, const struct profile_opts *opts)
{
	bool *seen = calloc(arch_count(), sizeof(*seen));
	const struct arch_info *a;
	size_t i;

	if (!seen)
		return NULL;
	if ((a = arch_native()))
		seen[arch_index(a)] = true;
	for (i = 0; i < p->n; i++)
		if (p->calls[i].arch && p->calls[i].name && p->calls[i].arch->oci)
			seen[arch_index(p->calls[i].arch)] = true;
	for (i = 0; opts->base && i < opts->base->narches; i++)
		if ((a = arch_by_oci(opts->base->arches[i])))
			seen[arch_index(a)] = true;
	return seen;
}

/* --- OCI ---------------------------------------------------------------------------- */

static void jw_strings(struct out *o, const char *key, char *const *s, size_t n)
{
	size_t i;

	jw_open_arr_k(o, key, strlen(key));
	for (i = 0; i < n; i++)
		jw_str(o, NULL, s[i]);
	jw_close_arr(o);
}

void profile_write_oci(struct out *o, const struct profile *p, const struct profile_opts *opts)
{
	const struct oci_profile *b = opts->base;
	const char *def = opts->default_action ? opts->default_action : b ? b->default_action : "SCMP_ACT_ERRNO";
	bool *arches = arches_of(p, opts), log_flag = opts->log_denied;
	const char **names;
	size_t n, i, k;

	names = profile_names(p, opts, &n);
	if (!arches || !names) {
		free(arches);
		free(names);
		o->err = o->err ? o->err : -ENOMEM;
		return;
	}
	jw_open_obj(o, NULL);
	jw_own_str(o, "defaultAction", def);
	if (strcmp(def, "SCMP_ACT_ERRNO") == 0)
		jw_uint(o, "defaultErrnoRet", b && b->has_default_errno && !opts->default_action ? b->default_errno : 1);
	jw_open_arr(o, "architectures");
	for (i = 0; i < arch_count(); i++)
		if (arches[i] && arch_at(i)->oci)
			jw_own_str(o, NULL, arch_at(i)->oci);
	jw_close_arr(o);
	jw_open_arr(o, "flags");
	for (i = 0; b && i < b->nflags; i++) {
		jw_str(o, NULL, b->flags[i]);
		log_flag &= strcmp(b->flags[i], "SECCOMP_FILTER_FLAG_LOG") != 0;
	}
	if (log_flag)
		jw_own_str(o, NULL, "SECCOMP_FILTER_FLAG_LOG");
	jw_close_arr(o);
	jw_open_arr(o, "syscalls");
	for (i = 0; b && i < b->nrules; i++) {
		const struct oci_rule *r = &b->rules[i];

		jw_open_obj(o, NULL);
		jw_strings(o, "names", r->names, r->nnames);
		jw_str(o, "action", r->action);
		if (r->has_errno)
			jw_uint(o, "errnoRet", r->errno_ret);
		if (r->args_json)
			jw_raw(o, "args", r->args_json);
		jw_close_obj(o);
	}
	if (n) {
		jw_open_obj(o, NULL);
		jw_open_arr(o, "names");
		for (k = 0; k < n; k++)
			jw_own_str(o, NULL, names[k]);
		jw_close_arr(o);
		jw_own_str(o, "action", "SCMP_ACT_ALLOW");
		jw_close_obj(o);
	}
	jw_close_arr(o);
	jw_close_obj(o);
	jw_end(o);
	free(arches);
	free(names);
}

/* --- systemd ---------------------------------------------------------------------- */

/* systemd has no base to add to: the base's allowed names and the profile's, once each. */
static const char **systemd_names(const struct profile *p, const struct profile_opts *opts, size_t *n)
{
	struct profile_opts all = *opts;
	const struct oci_profile *b = opts->base;
	const char **own, **names;
	size_t nown, nb = 0, i, k;

	all.base = NULL;
	if (!(own = profile_names(p, &all, &nown)))
		return NULL;
	for (i = 0; b && i < b->nrules; i++)
		nb += b->rules[i].nnames;
	if (!(names = calloc(nown + nb + 1, sizeof(*names)))) {
		free(own);
		return NULL;
	}
	memcpy(names, own, nown * sizeof(*names));
	free(own);
	*n = nown;
	for (i = 0; b && i < b->nrules; i++)
		for (k = 0; !b->rules[i].args_json && allows(b->rules[i].action) && k < b->rules[i].nnames; k++)
			names[(*n)++] = b->rules[i].names[k];
	qsort(names, *n, sizeof(*names), by_name);
	for (i = 0, k = 0; i < *n; i++)
		if (!k || strcmp(names[k - 1], names[i]))
			names[k++] = names[i];
	names[k] = NULL;
	*n = k;
	return names;
}

void profile_write_systemd(struct out *o, const struct profile *p, const struct profile_opts *opts)
{
	const char *def = opts->default_action ? opts->default_action : "SCMP_ACT_ERRNO";
	const struct arch_info *native = arch_native();
	bool *arches = arches_of(p, opts);
	const char **names = systemd_names(p, opts, &(size_t){ 0 });
	size_t n = 0, i, k;

	if (!arches || !names) {
		free(arches);
		free(names);
		o->err = o->err ? o->err : -ENOMEM;
		return;
	}
	while (names[n])
		n++;
	out_printf(o, "# Written by seccompctl profile from %llu records%s%s: %zu system calls.\n",
		   (unsigned long long)p->events, opts->source ? " of " : "", opts->source ? opts->source : "", n);
	out_puts(o, "[Service]\nSystemCallArchitectures=");
	for (i = 0, k = 0; i < arch_count(); i++)
		if (arches[i] && (arch_at(i) == native || arch_at(i)->systemd))
			out_printf(o, "%s%s", k++ ? " " : "", arch_at(i) == native ? "native" : arch_at(i)->systemd);
	out_putc(o, '\n');
	if (!n) {
		/* an empty SystemCallFilter= resets the filter: it would allow everything */
		out_puts(o, "# No system call recorded: systemd cannot say 'deny everything', and an empty\n"
			    "# SystemCallFilter= would turn the filter off. Nothing to set.\n");
		free(arches);
		free(names);
		return;
	}
	/* log: nothing denied, what the list lacks logged (SystemCallLog=~) */
	out_puts(o, strcmp(def, "SCMP_ACT_LOG") == 0 ? "SystemCallLog=~" : "SystemCallFilter=");
	for (k = 0; k < n; k++)
		out_printf(o, "%s%s", k ? " " : "", names[k]);
	out_putc(o, '\n');
	if (strcmp(def, "SCMP_ACT_ERRNO") == 0)
		out_puts(o, "SystemCallErrorNumber=EPERM\n");
	else if (strcmp(def, "SCMP_ACT_KILL_THREAD") == 0 || strcmp(def, "SCMP_ACT_KILL") == 0)
		out_puts(o, "# systemd kills the whole process (SIGSYS) for a call the filter denies\n");
	free(arches);
	free(names);
}

/* --- seccompctl's own ----------------------------------------------------------------- */

void profile_write_json(struct out *o, const struct profile *p, const struct profile_opts *opts)
{
	char t[40], nr[32];
	size_t i, k;
	int a;

	jw_open_obj(o, NULL);
	jw_uint(o, "records", p->events);
	jw_str(o, "source", opts->source);
	jw_uint(o, "lost", p->lost);
	jw_uint(o, "lost_reports", p->lost_reports);
	jw_open_arr(o, "syscalls");
	for (i = 0; i < p->n; i++) {
		const struct prof_call *c = &p->calls[i];

		jw_open_obj(o, NULL);
		/* a record without arch has none: null */
		jw_own_str(o, "arch", c->arch ? c->arch->name
					     : c->audit_arch ? arch_text(c->audit_arch, c->nr, nr, sizeof(nr)) : NULL);
		jw_own_str(o, "name", c->name);
		if (c->nr >= 0)
			jw_int(o, "nr", c->nr);
		else
			jw_null(o, "nr");
		jw_uint(o, "count", c->count);
		if (c->first_ms >= 0) {
			fmt_time_iso(t, sizeof(t), (uint64_t)c->first_ms / 1000, (uint32_t)(c->first_ms % 1000));
			jw_own_str(o, "first", t);
			fmt_time_iso(t, sizeof(t), (uint64_t)c->last_ms / 1000, (uint32_t)(c->last_ms % 1000));
			jw_own_str(o, "last", t);
		} else {
			jw_null(o, "first");
			jw_null(o, "last");
		}
		jw_open_arr(o, "exes");
		for (k = 0; k < c->nexes; k++)
			jw_str(o, NULL, c->exes[k]);
		jw_close_arr(o);
		jw_bool(o, "more_exes", c->more_exes);
		jw_open_arr(o, "actions");
		for (a = 0; a < 32; a++)
			if (c->actions & (1U << a))
				jw_own_str(o, NULL, action_table[a].name);
		jw_close_arr(o);
		jw_close_obj(o);
	}
	jw_close_arr(o);
	jw_close_obj(o);
	jw_end(o);
}

/* --- what a profile does with a call ------------------------------------------------- */

enum oci_verdict oci_judge(const struct oci_profile *op, const struct arch_info *arch, const char *name,
			   const char **action)
{
	bool conditional = false;
	size_t i, k;

	/* an arch the filter does not hold: the runtime's filter kills it */
	if (arch && op->narches && arch != arch_native()) {
		for (i = 0; i < op->narches && (!arch->oci || strcmp(op->arches[i], arch->oci)); i++)
			;
		if (i == op->narches) {
			*action = "bad arch (SCMP_ACT_KILL)";
			return OCI_DENIED;
		}
	}
	for (i = 0; name && i < op->nrules; i++)
		for (k = 0; k < op->rules[i].nnames; k++) {
			if (strcmp(op->rules[i].names[k], name))
				continue;
			*action = op->rules[i].action;
			if (op->rules[i].args_json) {
				conditional = true;	/* it depends on arguments records do not carry */
				continue;
			}
			return oci_verdict_of(oci_effect(op->rules[i].action));
		}
	if (conditional)
		return OCI_DEPENDS;
	*action = op->default_action;
	return allows(op->default_action) ? OCI_ALLOWED : OCI_DENIED;
}

enum oci_verdict oci_verdict_of(enum action_effect effect)
{
	/* trace and user_notif: a tracer or a supervisor decides */
	return effect == EFFECT_RUNS ? OCI_ALLOWED : effect == EFFECT_DEFERS ? OCI_DEPENDS : OCI_DENIED;
}
