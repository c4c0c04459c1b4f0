/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* From seccomp events to an allow-list, and what an OCI profile would deny. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/event.h"
#include "model/oci.h"
#include "model/writer.h"
#include "model/names.h"

/*
 * From seccomp events to an allow-list: every (arch, system call) a record
 * shows, with counts, first and last time, executables and actions; written
 * as an OCI profile, systemd SystemCallFilter= lines or seccompctl's JSON;
 * and the other way round, the calls an OCI profile would deny. Pure: fed
 * events, written to a struct out.
 */

#define PROFILE_EXES 8

struct prof_call {
	uint32_t audit_arch;
	int64_t nr;
	const struct arch_info *arch;	/* NULL: an arch with no table */
	const char *name;		/* libseccomp's name, NULL when it has none */
	uint64_t count;
	int64_t first_ms, last_ms;
	uint32_t actions;		/* bit i: action_table[i] */
	char *exes[PROFILE_EXES];	/* the first few executables */
	size_t nexes;
	bool more_exes;
};

struct profile {
	struct prof_call *calls;
	size_t n, cap;
	uint32_t *index;	/* known arches: [arch * PROFILE_NR_MAX + nr], 1 + the call's place */
	uint64_t events;
	uint64_t lost, lost_reports;	/* what the source said it dropped */
	int err;			/* -ENOMEM: a call could not be kept */
};

#define PROFILE_NR_MAX 1024

/* The runtimes whose own calls after they load the filter a profile must allow. */
enum profile_runtime { RUNTIME_NONE, RUNTIME_RUNC, RUNTIME_CRUN };

enum profile_format { FORMAT_OCI, FORMAT_SYSTEMD, FORMAT_JSON };

struct profile_opts {
	enum profile_format format;
	const char *default_action;	/* SCMP_ACT_ERRNO (the default), SCMP_ACT_KILL_PROCESS, SCMP_ACT_LOG ... */
	bool log_denied;		/* SECCOMP_FILTER_FLAG_LOG: what the default denies is logged */
	enum profile_runtime runtime;
	const struct oci_profile *base;	/* learn on top of it */
	const char *source;		/* said in the output */
};

int profile_init(struct profile *p);
void profile_free(struct profile *p);
void profile_add(struct profile *p, const struct event *e);
void profile_lost(struct profile *p, uint64_t n);

/* Calls that have no name libseccomp knows: they cannot be put in a profile. */
size_t profile_unnamed(const struct profile *p);
/* Names the profile adds to its base (all of them without a base), sorted, in
 * a NULL-ended array the caller frees (not the strings). */
const char **profile_names(const struct profile *p, const struct profile_opts *opts, size_t *n);

int profile_runtime_from_name(const char *name, enum profile_runtime *r);
/* What a runtime calls after loading the filter, before the container's exec. */
const char *const *profile_runtime_calls(enum profile_runtime r);
/* "errno" -> SCMP_ACT_ERRNO ...; NULL for a name that is no action. */
const char *profile_action_from_name(const char *name);

void profile_write_oci(struct out *o, const struct profile *p, const struct profile_opts *opts);
void profile_write_systemd(struct out *o, const struct profile *p, const struct profile_opts *opts);
void profile_write_json(struct out *o, const struct profile *p, const struct profile_opts *opts);

/* What an OCI profile does with a call. */
enum oci_verdict { OCI_ALLOWED, OCI_DENIED, OCI_DEPENDS };
/* What an action's effect means for a recorded call. */
enum oci_verdict oci_verdict_of(enum action_effect effect);
enum oci_verdict oci_judge(const struct oci_profile *op, const struct arch_info *arch, const char *name,
			   const char **action);
