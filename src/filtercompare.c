// SPDX-License-Identifier: LGPL-2.1-or-later
/* filters --compare: a live filter against an OCI profile or a systemd drop-in. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "exitcode.h"
#include "filterview.h"
#include "model/names.h"
#include "model/oci.h"
#include "os/dropin.h"
#include "os/log.h"
#include "os/ocijson.h"

static int load_profile(const char *file, struct oci_profile *p)
{
	char err[512];
	int r;

	if (strstr(file, ".conf") || strstr(file, ".service") || strstr(file, ".d/"))
		r = dropin_profile_load(file, p, err, sizeof(err));
	else
		r = oci_profile_load(file, p, err, sizeof(err));
	if (r < 0) {
		p_err("%s", r == -ENOMEM ? "out of memory" : err);
		return r == -ENOENT || r == -EACCES ? EXIT_ERROR : EXIT_USAGE;
	}
	return 0;
}

/* The profile and its default's value, and what was found so far. */
struct compare {
	struct out *o;
	struct oci_profile p;
	uint32_t def;
	size_t diffs, stub;
};

static void difference(struct compare *c, const struct arch_info *ai, const char *name, int64_t nr,
		       const struct oci_expect *ex, const struct decision *d)
{
	char want[64], got[64];

	c->diffs++;
	action_ret_text(ex->ret, want, sizeof(want));
	if (d->kind == DEC_FIXED)
		action_ret_text(d->ret, got, sizeof(got));
	else
		snprintf(got, sizeof(got), "%s", d->kind == DEC_ARGS ? "depends on arguments" : "not evaluated");
	if (c->o->json) {
		jw_open_obj(c->o, NULL);
		jw_own_str(c->o, "arch", ai->name);
		jw_str(c->o, "syscall", name);
		jw_int(c->o, "nr", nr);
		jw_own_str(c->o, "profile", want);
		jw_own_str(c->o, "filter", got);
		jw_close_obj(c->o);
	} else {
		out_printf(c->o, "  %-10s %-24s profile %s%s, filter %s\n", ai->name, name, want,
			   ex->args ? " (with argument conditions)" : "", got);
	}
}

/* One arch of a stack against the profile, call by call of its table. */
static void compare_arch(struct compare *c, const struct stack_entry *e, const struct arch_info *ai)
{
	const struct syscall_table *t = ai->table;
	bool in_profile = c->p.narches == 0 ? ai == arch_native() : false;
	int64_t top_listed = -1, nr;
	struct oci_expect ex;
	struct decision d;
	bool differs;
	size_t k;

	for (k = 0; k < c->p.narches; k++)
		in_profile |= ai->oci && strcmp(c->p.arches[k], ai->oci) == 0;
	if (!in_profile || !t)
		return;
	/* runc answers calls newer than any the profile names with ENOSYS */
	for (k = 0; k < t->n; k++) {
		if (!t->names[k])
			continue;
		oci_expect(&c->p, t->names[k], c->def, &ex);
		if (ex.listed)
			top_listed = t->base + (int64_t)k;
	}
	for (k = 0; k < t->n; k++) {
		if (!t->names[k])
			continue;
		nr = (t->base + (int64_t)k) | (ai->x32 ? X32_SYSCALL_BIT : 0);
		oci_expect(&c->p, t->names[k], c->def, &ex);
		stack_decide(&e->stack, ai->audit, (uint32_t)nr, &d);
		if (ex.args)
			differs = d.kind == DEC_FIXED && d.ret != ex.ret && d.ret != c->def;
		else
			differs = d.kind != DEC_FIXED || d.ret != ex.ret;
		if (differs && !ex.listed && d.kind == DEC_FIXED && d.ret == (SECCOMP_RET_ERRNO | ENOSYS) &&
		    t->base + (int64_t)k > top_listed)
			c->stub++;
		else if (differs)
			difference(c, ai, t->names[k], nr, &ex, &d);
	}
}

int filterview_compare(struct filterview *fv, struct out *o, const char *file)
{
	struct compare c = { .o = o };
	size_t i, a, before;
	int r;

	if ((r = load_profile(file, &c.p)))
		return r;
	if (!oci_ret(c.p.default_action, c.p.has_default_errno, c.p.default_errno, &c.def)) {
		p_err("%s: default action %s is not one seccompctl knows", file, c.p.default_action);
		oci_profile_free(&c.p);
		return EXIT_USAGE;
	}
	if (o->json) {
		jw_open_obj(o, NULL);
		jw_str(o, "profile", file);
		jw_open_arr(o, "stacks");
	}
	for (i = 0; i < fv->set.nstacks; i++) {
		const struct stack_entry *e = &fv->set.stacks[i];

		before = c.diffs;
		if (o->json) {
			jw_open_obj(o, NULL);
			jw_own_str(o, "id", e->id);
			filterview_json_tasks(o, fv, e);
			jw_open_arr(o, "differences");
		} else {
			out_printf(o, "stack %zu (%s) against %s:", i + 1, e->id, file);
			filterview_text_tasks(o, fv, e);
		}
		for (a = 0; a < arch_count(); a++)
			compare_arch(&c, e, arch_at(a));
		if (o->json) {
			jw_close_arr(o);
			jw_close_obj(o);
		} else if (c.diffs == before) {
			out_printf(o, "  no difference\n");
		}
	}
	if (o->json) {
		jw_close_arr(o);
		jw_uint(o, "differences", c.diffs);
		jw_uint(o, "runc_enosys", c.stub);
		jw_close_obj(o);
		jw_end(o);
	} else if (c.stub) {
		out_printf(o, "(%zu calls newer than any the profile names answer ENOSYS: runc's stub, not a difference)\n",
			   c.stub);
	}
	oci_profile_free(&c.p);
	if (!fv->set.nstacks) {
		p_err("no filter was read to compare");
		return fv->exit ? fv->exit : EXIT_ERROR;
	}
	return c.diffs ? EXIT_UNVERIFIED : fv->exit;
}
