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

/* When, this boot, audit was last switched off ("op=set audit_enabled=0"),
 * in microseconds since the epoch: 1 found, 0 not, -errno. */
int journal_audit_disabled_at(uint64_t *usec);
/* Is this a journal file (*.journal, *.journal~) rather than a log? */
bool journal_is_file(const char *path);
/* Does the local journal hold any audit record at all? */
int journal_has_audit(void);
