// SPDX-License-Identifier: LGPL-2.1-or-later
/* tail's and verify's metrics in the Prometheus text format (see metrics.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/metrics.h"

void metrics_init(struct metrics *m, const struct action_vocab *v)
{
	memset(m, 0, sizeof(*m));
	m->vocab = v;
	m->change_ms = -1;
	m->paper_trail = -1;
}

void metrics_free(struct metrics *m)
{
	size_t i;

	for (i = 0; i < m->nseries; i++)
		free(m->series[i].exe);
	m->nseries = 0;
	for (i = 0; i < m->nworkloads; i++)
		free(m->workloads[i].workload);
	m->nworkloads = 0;
}

static void workload_event(struct metrics *m, const struct event *e)
{
	uint32_t action = e->code & SECCOMP_RET_ACTION_FULL;
	char wl[EVENT_NAME_MAX + 32];
	size_t i;

	event_workload_label(e, wl, sizeof(wl));
	for (i = 0; i < m->nworkloads; i++)
		if ((m->workloads[i].code & SECCOMP_RET_ACTION_FULL) == action && !strcmp(m->workloads[i].workload, wl)) {
			m->workloads[i].count++;
			return;
		}
	if (m->nworkloads == METRICS_WORKLOADS_MAX || !(m->workloads[i].workload = strdup(wl))) {
		m->other_workloads++;
		return;
	}
	m->workloads[i].code = e->code;
	m->workloads[i].count = 1;
	m->nworkloads++;
}

void metrics_event(struct metrics *m, const struct event *e)
{
	const char *exe = span_has(e->exe) ? event_str(e, e->exe) : "";
	size_t len = span_has(e->exe) ? e->exe.len : 0, i;
	uint32_t arch = e->has_arch ? e->arch : 0, action = e->code & SECCOMP_RET_ACTION_FULL;
	struct metrics_series *s;

	m->by_action[e->action ? (size_t)(e->action - action_table) : ACTIONS_MAX]++;
	workload_event(m, e);
	for (i = 0; i < m->nseries; i++) {
		s = &m->series[i];
		if (s->nr == e->syscall && (s->code & SECCOMP_RET_ACTION_FULL) == action && s->arch == arch &&
		    s->exe_len == len &&
		    !memcmp(s->exe, exe, len)) {
			s->count++;
			return;
		}
	}
	if (m->nseries == METRICS_SERIES_MAX || !(exe = strndup(exe, len))) {
		m->other++;
		return;
	}
	s = &m->series[m->nseries++];
	s->exe = (char *)exe;
	s->exe_len = len;
	s->arch = arch;
	s->code = e->code;
	s->nr = e->syscall;
	s->arch_name = e->arch_name;
	s->syscall_name = e->syscall_name;
	s->count = 1;
}

void metrics_lost(struct metrics *m, const char *cause, uint64_t records)
{
	size_t i;

	for (i = 0; i < m->nlost && strcmp(m->lost[i].cause, cause); i++)
		;
	if (i == m->nlost) {
		if (m->nlost == METRICS_CAUSES_MAX)
			return;
		m->nlost++;
		m->lost[i].cause = cause;
	}
	m->lost[i].records += records;
	m->lost[i].reports++;
}

void metrics_label(struct out *o, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		n = utf8_seq_len(p + i, len - i);
		if (n == 0 || (n == 1 && (p[i] < 0x20 || p[i] == 0x7f) && p[i] != '\n')) {
			out_puts(o, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
			continue;
		}
		if (p[i] == '\\' || p[i] == '"')
			out_putc(o, '\\');
		if (p[i] == '\n')
			out_puts(o, "\\n");
		else
			out_put(o, p + i, n);
		i += n;
	}
}

static void help(struct out *o, const char *name, const char *type, const char *text)
{
	out_printf(o, "# HELP %s %s\n# TYPE %s %s\n", name, text, name, type);
}

void metrics_format(const struct metrics *m, struct out *o)
{
	char buf[32];
	size_t i;

	help(o, "seccompctl_records_total", "counter", "SECCOMP records read, by action.");
	for (i = 0; i < action_table_len; i++)
		if (strcmp(action_table[i].name, "allow"))	/* never logged */
			out_printf(o, "seccompctl_records_total{action=\"%s\"} %llu\n", action_table[i].name,
				   (unsigned long long)m->by_action[i]);
	if (m->by_action[ACTIONS_MAX])
		out_printf(o, "seccompctl_records_total{action=\"unknown\"} %llu\n",
			   (unsigned long long)m->by_action[ACTIONS_MAX]);
	help(o, "seccompctl_records_detail_total", "counter",
	     "SECCOMP records by action, arch, syscall and executable: the first 200 label sets seen, the rest "
	     "counted with every label \"other\".");
	for (i = 0; i < m->nseries; i++) {
		const struct metrics_series *s = &m->series[i];

		out_puts(o, "seccompctl_records_detail_total{action=\"");
		out_puts(o, action_text(s->code, buf, sizeof(buf)));
		out_puts(o, "\",arch=\"");
		if (s->arch_name)
			out_puts(o, s->arch_name);
		else
			out_printf(o, "%x", s->arch);
		out_puts(o, "\",syscall=\"");
		if (s->syscall_name)
			out_puts(o, s->syscall_name);
		else
			out_printf(o, "%lld", (long long)s->nr);
		out_puts(o, "\",exe=\"");
		metrics_label(o, s->exe, s->exe_len);
		out_printf(o, "\"} %llu\n", (unsigned long long)s->count);
	}
	out_printf(o, "seccompctl_records_detail_total{action=\"other\",arch=\"other\",syscall=\"other\",exe=\"other\"} "
		   "%llu\n", (unsigned long long)m->other);
	help(o, "seccompctl_records_workload_total", "counter",
	     "SECCOMP records by action and workload (the container as runtime:name or its short id, else the "
	     "systemd unit; \"\" when not known): the first 100 label sets seen, the rest counted as \"other\".");
	for (i = 0; i < m->nworkloads; i++) {
		out_puts(o, "seccompctl_records_workload_total{action=\"");
		out_puts(o, action_text(m->workloads[i].code, buf, sizeof(buf)));
		out_puts(o, "\",workload=\"");
		metrics_label(o, m->workloads[i].workload, strlen(m->workloads[i].workload));
		out_printf(o, "\"} %llu\n", (unsigned long long)m->workloads[i].count);
	}
	out_printf(o, "seccompctl_records_workload_total{action=\"other\",workload=\"other\"} %llu\n",
		   (unsigned long long)m->other_workloads);
	help(o, "seccompctl_records_lost_total", "counter",
	     "Records the host dropped, by cause, where the count is known (see seccompctl_losses_total).");
	for (i = 0; i < m->nlost; i++)
		out_printf(o, "seccompctl_records_lost_total{cause=\"%s\"} %llu\n", m->lost[i].cause,
			   (unsigned long long)m->lost[i].records);
	help(o, "seccompctl_losses_total", "counter", "Times the host said it dropped records, by cause.");
	for (i = 0; i < m->nlost; i++)
		out_printf(o, "seccompctl_losses_total{cause=\"%s\"} %llu\n", m->lost[i].cause,
			   (unsigned long long)m->lost[i].reports);
	if (m->change_ms >= 0) {
		help(o, "seccompctl_actions_logged_change_timestamp_seconds", "gauge",
		     "When actions_logged last changed, from the last op=seccomp-logging record read.");
		out_printf(o, "seccompctl_actions_logged_change_timestamp_seconds %lld.%03lld\n",
			   (long long)(m->change_ms / 1000), (long long)(m->change_ms % 1000));
	}
	if (m->logged_known && m->vocab) {
		help(o, "seccompctl_action_logged", "gauge", "1 when the kernel logs this action (actions_logged), 0 not.");
		for (i = 0; i < m->vocab->n; i++)
			if (strcmp(m->vocab->names[i], "allow"))
				out_printf(o, "seccompctl_action_logged{action=\"%s\"} %d\n", m->vocab->names[i],
					   (m->logged >> i) & 1 ? 1 : 0);
	}
	if (m->paper_trail >= 0) {
		help(o, "seccompctl_paper_trail", "gauge",
		     "1 when changes to actions_logged leave an audit record someone keeps (status's verdict), 0 not.");
		out_printf(o, "seccompctl_paper_trail %d\n", m->paper_trail);
	}
	help(o, "seccompctl_metrics_timestamp_seconds", "gauge", "When seccompctl wrote this file.");
	snprintf(buf, sizeof(buf), "%lld.%03lld", (long long)(m->written_ms / 1000), (long long)(m->written_ms % 1000));
	out_printf(o, "seccompctl_metrics_timestamp_seconds %s\n", buf);
}
