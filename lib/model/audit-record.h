/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The audit record parser: bytes in, structs out, no I/O, no allocation. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "model/actions.h"

/*
 * The record parser: bytes in, structs out, no I/O and no allocation.
 * Everything points into the caller's buffer.
 */

#define AUDIT_TYPE_SYSCALL 1300
#define AUDIT_TYPE_CONFIG_CHANGE 1305
#define AUDIT_TYPE_EOE 1320
#define AUDIT_TYPE_PROCTITLE 1327
#define AUDIT_TYPE_SECCOMP 1326
#define AUDIT_TYPE_DAEMON_START 1200
#define AUDIT_TYPE_DAEMON_END 1201
#define AUDIT_TYPE_DAEMON_ABORT 1202
#define AUDIT_TYPE_DAEMON_ROTATE 1205
#define AUDIT_TYPE_ANOM_ABEND 1701

/* "SECCOMP" -> 1326, "UNKNOWN[1326]" -> 1326; 0 when unknown. */
uint32_t record_type_from_name(const char *name, size_t len);
/* 1326 -> "SECCOMP"; NULL when this parser does not name it. */
const char *record_type_name(uint32_t type);

/* A record's time is the kernel's coarse clock: at most this much earlier
 * than the call it tells of (a tick, at the lowest HZ, and a ms of rounding). */
#define RECORD_CLOCK_SLACK_MS 11

struct audit_record {
	uint32_t type;
	uint64_t sec;
	uint32_t msec;
	uint64_t serial;
	const char *fields;
	size_t fields_len;
	/* journalctl's text of the audit transport has no serial, and its time
	 * only when a date was pasted with it */
	bool serial_unknown, time_unknown;
	/* ausearch -i's text: values are names (uid=root, arch=x86_64,
	 * syscall=getppid, code=kill) and the time was local */
	bool interpreted;
	/* the host that made it, where the record says (node=, a syslog host, a
	 * journal's _HOSTNAME); NULL when it does not */
	const char *host;
	size_t host_len;
	/* the process's cgroup where the source stored it (the journal's
	 * _SYSTEMD_CGROUP); NULL when it did not */
	const char *cgroup;
	size_t cgroup_len;
	const char *unit;		/* _SYSTEMD_UNIT, for an entry that stored no cgroup */
	size_t unit_len;
	const char *machine_id;		/* the journal's _MACHINE_ID */
	size_t machine_id_len;
	/* the source cannot vouch that the kernel or auditd wrote it (a syslog
	 * tag, a file others can write): shown, never taken as proof */
	bool untrusted;
};

/* A netlink payload "audit(SEC.MS:SERIAL): fields"; trailing NULs and
 * newlines are dropped. ausearch -i's "audit(MM/DD/YY HH:MM:SS.mmm:SERIAL) :"
 * too (a local time, read in the time zone of TZ). -EINVAL when the header
 * is not there. */
int record_parse_payload(uint32_t type, const char *buf, size_t len, struct audit_record *r);

/* An audit.log line: [node=N ]type=T msg=audit(SEC.MS:SERIAL): fields[0x1d enriched]
 * (T a name, UNKNOWN[n], or a number). auditd's interpretation after 0x1d is
 * dropped; node= is the record's host. -EINVAL for anything else. */
int record_parse_line(const char *line, size_t len, struct audit_record *r);

struct field {
	const char *key;
	size_t klen;
	const char *val;
	size_t vlen;
	bool quoted;
};

struct field_iter {
	const char *p, *end;
};

void field_iter_init(struct field_iter *it, const char *s, size_t len);
/* Next key=value. Unquoted values run to the next " key=" so that values with
 * spaces (AppArmor subj) stay whole. Stops at auditd's 0x1d separator. */
bool field_next(struct field_iter *it, struct field *f);
/* Inline so that strlen and memcmp of a literal key fold away: it runs per field. */
static inline bool field_is(const struct field *f, const char *key)
{
	size_t n = __builtin_strlen(key);

	return f->klen == n && __builtin_memcmp(f->key, key, n) == 0;
}
/* First field named key, or false. */
bool record_field(const struct audit_record *r, const char *key, struct field *f);

/* The value as bytes: quotes removed, upper-case hex of an untrusted string
 * decoded. Returns the decoded length (may hold NUL bytes); out is
 * NUL-terminated and truncated to size - 1. */
size_t field_decode(const struct field *f, char *out, size_t size);
int field_u64(const struct field *f, uint64_t *v);
int field_s64(const struct field *f, int64_t *v);

/* CONFIG_CHANGE op=seccomp-logging actions=NEW old-actions=OLD res=R */
struct logging_change {
	uint64_t serial;
	uint64_t sec;
	uint32_t msec;
	action_set actions, old_actions;
	bool actions_known, old_known;	/* false for "?" */
	int res;
};

/* -ENOENT: not a seccomp-logging record; -EINVAL: malformed or unknown names. */
int record_logging_change(const struct action_vocab *v, const struct audit_record *r,
			  struct logging_change *c);

/* Who made a syscall: the SYSCALL record of the same serial. */
struct syscall_who {
	uint64_t serial;
	int64_t pid, uid, auid;
	bool success;
	int64_t exit;
	char comm[64];
	size_t comm_len;
	char exe[4096];
	size_t exe_len;
};

int record_syscall_who(const struct audit_record *r, struct syscall_who *w);

#define AUDIT_ID_UNSET 4294967295LL

/* A SECCOMP record (type 1326): who hit which action on which syscall.
 * comm, exe and subj are the raw values (field_decode turns them into
 * bytes); their klen is 0 when absent. */
struct seccomp_rec {
	uint64_t serial, sec;
	uint32_t msec;
	int64_t auid, uid, gid, ses, pid, sig;	/* -1 when absent */
	bool has_arch;		/* older kernels write no arch= */
	uint32_t arch;
	int64_t syscall;
	int compat;		/* -1 when absent */
	uint64_t ip;
	uint32_t code;
	struct field comm, exe, subj;
	/* ausearch -i's text names ids instead (uid=root): the names, klen 0
	 * when a number or absent */
	struct field auid_name, uid_name, gid_name;
};

/* -ENOENT: not a SECCOMP record; -EINVAL: pid, syscall or code missing or
 * not a number. An interpreted record's names become numbers again through
 * the same tables (arch=aarch64, syscall=msync, sig=SIGSYS, code=log; kill
 * is ACTION_CODE_KILL_EITHER); a syscall name that no table can turn back
 * (no arch, an arch ausearch did not know) leaves syscall -1. */
int record_seccomp(const struct audit_record *r, struct seccomp_rec *s);
int field_hex(const struct field *f, uint64_t *v);
