/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "actions.h"

/*
 * The record parser: bytes in, structs out, no I/O and no allocation.
 * Everything points into the caller's buffer.
 */

#define AUDIT_TYPE_SYSCALL 1300
#define AUDIT_TYPE_CONFIG_CHANGE 1305
#define AUDIT_TYPE_EOE 1320
#define AUDIT_TYPE_PROCTITLE 1327
#define AUDIT_TYPE_SECCOMP 1326

struct audit_record {
	uint32_t type;
	uint64_t sec;
	uint32_t msec;
	uint64_t serial;
	const char *fields;
	size_t fields_len;
};

/* A netlink payload "audit(SEC.MS:SERIAL): fields"; trailing NULs and
 * newlines are dropped. -EINVAL when the header is not there. */
int record_parse_payload(uint32_t type, const char *buf, size_t len, struct audit_record *r);

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
bool field_is(const struct field *f, const char *key);
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
