// SPDX-License-Identifier: LGPL-2.1-or-later
/* Every way records are lost, said in one place and one wording. */
#include <stdio.h>
#include <string.h>

#include "model/lost.h"

const char *lost_sentence(const char *cause, uint64_t n, uint64_t times, char *buf, size_t size)
{
	unsigned long long c = (unsigned long long)n, k = (unsigned long long)times;

	if (strcmp(cause, "printk_ratelimit") == 0)
		snprintf(buf, size, "the kernel's printk rate limit dropped %llu records (%llu times "
			 "'kauditd_printk_skb: callbacks suppressed')", c, k);
	else if (strcmp(cause, "kernel_lost") == 0)
		snprintf(buf, size, "the kernel's lost counter rose by %llu (backlog full or rate limit): those records "
			 "reached no one", c);
	else if (strcmp(cause, "journald_missed") == 0)
		snprintf(buf, size, "systemd-journald missed %llu kernel messages (the kernel log overran it)", c);
	else if (strcmp(cause, "rotated_away") == 0)
		snprintf(buf, size, "the log the cursor pointed into was rotated away while seccompctl was stopped: "
			 "records after the cursor that were only in it are lost (how many cannot be known)");
	else if (strcmp(cause, "log_truncated") == 0)
		snprintf(buf, size, "the log the cursor pointed into is shorter than the cursor: it was truncated "
			 "while seccompctl was stopped, and what it held after the cursor is lost");
	else if (strcmp(cause, "cursor_gone") == 0)
		snprintf(buf, size, "the journal no longer holds the entry of the cursor (vacuumed or rotated "
			 "away): entries after it that went with it are lost");
	else if (strcmp(cause, "reboot") == 0)
		snprintf(buf, size, "the host rebooted since the cursor: records of the old boot after it are "
			 "not in this source (how many cannot be known)");
	else if (strcmp(cause, "not_running") == 0)
		snprintf(buf, size, "%llu audit events happened while seccompctl was not reading netlink (the "
			 "kernel's serials jumped): their SECCOMP records among them are lost, netlink cannot give "
			 "them again", c);
	else if (strcmp(cause, "truncated") == 0)
		snprintf(buf, size, "%llu audit datagrams were longer than the reader's %d-byte slot and cut: "
			 "their records were dropped", c, LOST_SLOT_BYTES);
	else if (strcmp(cause, "overrun") == 0)
		snprintf(buf, size, "the audit socket overran %llu times: records were lost (a larger --rcvbuf "
			 "helps)", k);
	else if (strcmp(cause, "proc_events") == 0)
		snprintf(buf, size, "the kernel's process events overran %llu times: records of processes the "
			 "command started may be missing", k);
	else if (strcmp(cause, "kmsg_overwritten") == 0)
		snprintf(buf, size, "%llu kernel log messages were overwritten before they were read", c);
	else if (strcmp(cause, "reported") == 0)
		snprintf(buf, size, "the input says %llu records were lost, for a cause this seccompctl does not "
			 "know", c);
	else
		snprintf(buf, size, "the kernel said %llu times that it dropped audit records (%s), not how many", k,
			 strcmp(cause, "backlog_limit") == 0 ? "backlog limit exceeded" :
			 strcmp(cause, "rate_limit") == 0 ? "rate limit exceeded" : "kauditd hold queue overflow");
	return buf;
}

static const char *const causes[] = {
	"printk_ratelimit", "kernel_lost", "journald_missed", "rotated_away", "log_truncated", "cursor_gone",
	"reboot", "not_running", "truncated", "overrun", "proc_events", "kmsg_overwritten", "backlog_limit",
	"rate_limit", "hold_queue", "reported",
};

size_t lost_cause_count(void)
{
	return sizeof(causes) / sizeof(causes[0]);
}

const char *lost_cause_at(size_t i)
{
	return i < lost_cause_count() ? causes[i] : NULL;
}

const char *lost_cause(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (strlen(causes[i]) == len && memcmp(causes[i], name, len) == 0)
			return causes[i];
	return "reported";
}
