/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

/*
 * The only module that includes sd-journal: audit records that journald
 * stored (_TRANSPORT=audit), SECCOMP and the SYSCALL and PROCTITLE records
 * that may share its serial, turned back into audit records.
 */

struct journal_src;

enum journal_want {
	JOURNAL_SECCOMP,	/* SECCOMP records, and SYSCALL and PROCTITLE ones */
	JOURNAL_CHANGES,	/* op=seccomp-logging CONFIG_CHANGE records */
};

/* dir: -D; files: --file journal files; boot: NULL (every boot), "current",
 * "all" or a boot id. -errno, or -EINVAL for a bad boot id. */
int journal_open(struct journal_src **out, enum journal_want want, const char *dir,
		 const char *const *files, size_t nfiles, const char *boot);
/* The boot id of the entry journal_next returned last. */
int journal_entry_boot(struct journal_src *j, char id[33]);
/* The SYSCALL record of serial in that boot, into r (valid until the next call). */
int journal_find_syscall(struct journal_src *j, const char *boot, uint64_t serial, struct audit_record *r);
/* Does the journal hold this boot from its first minute? */
int journal_boot_covers_start(struct journal_src *j, const char *boot);
/* When, this boot, audit was last switched off ("op=set audit_enabled=0"),
 * in microseconds since the epoch: 1 found, 0 not, -errno. */
int journal_audit_disabled_at(uint64_t *usec);
/* The running boot's id. */
void journal_current_boot(char id[33]);
/* Is this the running boot? */
int journal_boot_is_current(const char *boot);
void journal_close(struct journal_src *j);
/* Start at the first entry at or after since_ms (-1: the beginning). */
int journal_seek(struct journal_src *j, int64_t since_ms);
/* 1: a record into r (valid until the next call); 0: none now; -errno. */
int journal_next(struct journal_src *j, struct audit_record *r);
/* Wait up to timeout_ms for new entries: 1 maybe some, 0 none, -errno. */
int journal_wait(struct journal_src *j, int timeout_ms);
/* Is this a journal file (*.journal, *.journal~) rather than an audit log? */
bool journal_is_file(const char *path);
/* Does the local journal hold any audit record at all? */
int journal_has_audit(void);
/* Entries that were not audit records of a shape we read. */
uint64_t journal_skipped(const struct journal_src *j);
