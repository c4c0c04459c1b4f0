/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The journal as a source (the only module that includes sd-journal). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source/source.h"

/*
 * The only module that includes sd-journal: the journal as a source of audit
 * records (source_journal_open in source.h), and what status and verify ask
 * of it beside.
 */

/* Does the journal (the source's files) hold this boot from its first minute?
 * 1, 0, or -errno (-ENOENT for a source that is not the journal). */
int journal_boot_covers_start(struct source *s, const char *boot);
/* When, this boot, audit was last switched off ("op=set audit_enabled=0"),
 * in microseconds since the epoch: 1 found, 0 not, -errno. */
int journal_audit_disabled_at(uint64_t *usec);
/* The running boot's id ("" when it cannot be read). */
void journal_current_boot(char id[33]);
/* Is this the running boot? */
int journal_boot_is_current(const char *boot);
/* Is this a journal file (*.journal, *.journal~) rather than a log? */
bool journal_is_file(const char *path);
/* Does the local journal hold any audit record at all? */
int journal_has_audit(void);
