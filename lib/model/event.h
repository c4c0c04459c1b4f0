/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A seccomp event in its one shape, and the assembler that makes it from records. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/actions.h"
#include "model/audit-record.h"
#include "model/workload.h"

/*
 * A seccomp event, in the one shape it keeps from where it is read to where it
 * is printed: the SECCOMP record's fields, interpreted once (arch and syscall
 * names, the action, user and group names), and its bytes (comm, exe, subj,
 * the PROCTITLE record's command line, the records' text for -o raw) in a
 * buffer of its own, so that a copy is one block (event_dup) for the -n ring.
 *
 * The assembler builds events from records: the SECCOMP record and, when the
 * kernel sent them with the same serial, its SYSCALL and PROCTITLE records.
 * Records of one serial come together, so it holds one event and emits it when
 * a record of another serial, its EOE, or the end arrives. Pure: user and
 * group names come from the lookups it is given (os/usernames.c), none
 * with --numeric.
 */

enum source_kind { SOURCE_NETLINK, SOURCE_JOURNAL, SOURCE_FILE, SOURCE_KERNEL, SOURCE_BPF };
extern const char *const source_kind_names[];
int source_kind_from_name(const char *name, enum source_kind *kind);	/* 0 or -EINVAL */
/* Does it show what happens now, with no history (netlink, bpf)? */
static inline bool source_kind_live(enum source_kind k)
{
	return k == SOURCE_NETLINK || k == SOURCE_BPF;
}

/* Bytes inside the event's buffer; absent when off is SPAN_NONE. */
struct span {
	uint32_t off, len;
};
#define SPAN_NONE UINT32_MAX

/* What one event can hold: exe and subj up to PATH_MAX, the kernel's
 * command line (128 bytes on Linux, more from a log), the records' text. */
#define EVENT_RAW_MAX 16384
#define EVENT_HOST_MAX 255
#define EVENT_NAME_MAX 255	/* a container's name, image, a pod's name and namespace */
#define EVENT_BUF_MAX (65 + 4097 + 4097 + 4097 + 3 * 257 + 2 * (EVENT_HOST_MAX + 1) + EVENT_RAW_MAX + 1 + \
		       WORKLOAD_CGROUP_MAX + 1 + 4 * (EVENT_NAME_MAX + 1) + POD_UID_LEN + 1)
/* Every event's buffer has this much past its used bytes, so that a span
 * can be read a word at a time (jp_str_padded). */
#define EVENT_SLACK 8

struct event {
	uint64_t serial, sec;
	uint32_t msec;
	bool serial_unknown, time_unknown;	/* journalctl's audit text */
	bool untrusted;		/* its records' source cannot vouch they are the kernel's */
	int64_t auid, uid, gid, ses, pid, sig, syscall;	/* -1 when absent */
	bool has_arch;		/* older kernels write no arch= */
	uint32_t arch, code;
	int compat;		/* -1 when absent */
	uint64_t ip;
	enum source_kind source;
	/* interpreted once, by the assembler */
	const char *arch_name;		/* the kernel's name, NULL when unknown */
	const char *syscall_name;	/* in the table of the record's own arch, NULL when unknown */
	const struct action_info *action;	/* NULL: a code this tool does not know */
	struct span comm, exe, subj, proctitle;	/* proctitle: arguments separated by NUL */
	struct span user, group, audit_user;	/* names, absent when unset, unknown or --numeric */
	struct span host;		/* the host the record names (node=, syslog, _HOSTNAME), or absent */
	struct span machine_id;		/* the journal's _MACHINE_ID, or absent */
	struct span raw;		/* the records' text, one a line (-o raw) */
	/* the workload (model/workload.h): the cgroup and what it names, the
	 * unit, slice and container id as spans into it; names from the host */
	struct span cgroup, unit, slice, container_id;
	struct span container_name, image, pod_uid, pod_name, pod_namespace;
	uint8_t runtime;	/* enum container_runtime */
	uint8_t qos;		/* enum qos */
	uint8_t workload_why;	/* enum workload_why: WHY_KNOWN when the cgroup is */
	/* a decision seen as it was made (struct decision_seen), not a record */
	bool seen;
	bool certain;		/* seen: the action is known, not one of two the kernel's state allows */
	int8_t logged;		/* seen: the kernel logged it too: 1, 0, -1 cannot say */
	const char *not_logged;	/* seen: why not, or why it cannot say (static); NULL when logged */
	int64_t tid, ret;	/* seen: the thread, and what the call returned */
	uint64_t args[6];	/* seen: the call's arguments */
	uint32_t filters;	/* seen: the task's filters */
	uint32_t other;		/* seen, not certain: the other action it can be */
	int8_t flag_log;	/* seen: the task's filters carry FLAG_LOG: 1 all, 0 none, -1 some */
	uint64_t cgroup_id;	/* seen: cgroup v2 id */
	uint32_t used;
	char buf[];
};

static inline bool span_has(struct span s)
{
	return s.off != SPAN_NONE;
}

static inline const char *event_str(const struct event *e, struct span s)
{
	return e->buf + s.off;
}

/* The event's workload as words (model/workload.h), and in a few of them
 * (workload_label). */
void event_workload_words(const struct event *e, struct workload_words *w);
size_t event_workload_label(const struct event *e, char *buf, size_t size);

/* A copy is event_size() bytes (the slack included), made by event_copy()
 * into memory of that size, or by event_dup() (malloc'd; NULL: no memory). */
size_t event_size(const struct event *e);
void event_copy(struct event *dst, const struct event *e);
struct event *event_dup(const struct event *e);

typedef void (*event_fn)(struct event *e, void *data);

/*
 * A decision seen as the kernel made it (the BPF observer, source bpf),
 * logged or not, in the model's terms: what the kernel side told and what
 * user space added. It becomes an event of the same shape as a record's.
 */
struct decision_seen {
	uint64_t sec;
	uint32_t msec;
	int64_t pid, tid, uid, gid, auid, ses;
	uint32_t arch;
	int64_t syscall;
	int compat;
	uint32_t code;		/* the action's SECCOMP_RET_* with its data (ACTION_CODE_KILL_EITHER) */
	bool certain;		/* the action is known, not one of two */
	uint32_t other;		/* when not certain: the other action it can be */
	int flag_log;		/* the task's filters carry FLAG_LOG: 1 all, 0 none, -1 some */
	int sig;
	int64_t ret;
	uint64_t ip, args[6];
	uint32_t filters;
	const char *comm, *exe;	/* exe NULL: not known (the process has gone) */
	size_t comm_len, exe_len;
	uint64_t cgroup_id;	/* cgroup v2 */
	const char *cgroup;	/* its path, NULL when not found: the workload when the process is gone */
	int logged;		/* 1, 0, -1 cannot say */
	const char *not_logged;	/* static; NULL when logged */
	/* a count (source tally): the key it stands for, as the source tells
	 * its keys apart; NULL for a single decision */
	const void *key;
	size_t key_len;
};

/* What the host knows of a container beyond its cgroup: NULL when not. */
struct container_names {
	enum container_runtime runtime;		/* CRT_NONE: as the path says */
	const char *id;			/* a runtime that names none in its path (plain runc) */
	const char *name, *image, *pod_name, *pod_namespace, *pod_uid;
};

/* The container's runtime: the one the host's files name, where the path
 * names none or only says it is Kubernetes'; else the path's. */
enum container_runtime container_runtime_of(const struct workload *w, const struct container_names *n);

/* Who made a live record: the process's cgroup at the record's time, and
 * what the runtimes keep on disk. */
struct workload_lookup {
	/* the cgroup path of pid when it made a record at sec.msec, into buf
	 * (NUL-ended): its length, what it names (*w, offsets into the path)
	 * and the names the host keeps (*names, NULL members when none); or
	 * -1 with *why */
	int (*resolve)(void *ctx, int64_t pid, uint64_t sec, uint32_t msec, char *buf, size_t size,
		       enum workload_why *why, struct workload *w, struct container_names *names);
	void *ctx;
};

/* Names of ids: NULL when unset (-1, 4294967295) or unknown. */
struct id_names {
	const char *(*user)(int64_t uid);
	const char *(*group)(int64_t gid);
};

struct assembler {
	struct event *ev;	/* the one being built, EVENT_BUF_MAX of buffer */
	bool have;
	bool keep_raw;		/* copy each record's text into the event (-o raw) */
	const struct id_names *names;	/* NULL: numbers only (--numeric) */
	const struct workload_lookup *workload;	/* live sources: who made the record; NULL: none */
	const char *local_host;		/* live sources: this host's name, for records that name none */
	enum source_kind source;
	uint64_t malformed;	/* SECCOMP records without pid, syscall or code */
	uint64_t interpreted;	/* of them ausearch -i's text: local times, names for numbers */
	uint64_t no_arch;	/* without arch= (older kernels): numbers without names */
	const char *seen_cgroup;	/* assembler_seen: the kernel's cgroup, when the process is not there to ask */
	char raw[EVENT_RAW_MAX];	/* the records' text while the event grows */
	size_t raw_len;
	event_fn emit;
	void *data;
};

int assembler_init(struct assembler *a, enum source_kind source, event_fn emit, void *data);
void assembler_free(struct assembler *a);
/* text: the record as the source had it (an audit.log line), or NULL to
 * write it from the record when -o raw asks for it. */
void assembler_feed(struct assembler *a, const struct audit_record *r, const char *text, size_t text_len);
void assembler_flush(struct assembler *a);
/* A decision seen: an event of its own at once (after what is held). */
void assembler_seen(struct assembler *a, const struct decision_seen *s);
