import type { ReportModel } from './model.js';
import type { NodeReportRow } from './nodes-file.js';
import { escapeHtml as e, fmt } from './html-escape.js';
import { COUNTER } from '../stats/metric-names.js';

/** The header's clock line: how far a cross-agent latency can be off, or null on one box. */
export function clockLine(m: ReportModel): string | null {
  const c = m.summary.clock;
  if (!c) return null;
  return `cross-agent latencies are corrected to within ± ${fmt(c.max_uncertainty_ms)} ms (${c.agents} agent${c.agents === 1 ? '' : 's'}; largest clock offset corrected ${fmt(c.max_offset_ms)} ms)`;
}

/**
 * One row per node (agent, child process, the coordinator's own threads) of a run on
 * several: what each did, whether it stayed, and its clock correction.
 */
export function nodesSection(m: ReportModel): string {
  const rows = m.nodes;
  if (!rows || rows.length === 0) return '';
  const head = [
    'node',
    'status',
    'users started',
    'finished',
    'failed',
    'messages sent',
    'received',
    'errors',
    'clock offset (ms)',
    'drift (ms/min)',
  ];
  const body = rows.map((r) => {
    const c = (k: string): string => `<td>${fmt(r.counters[k] ?? 0)}</td>`;
    const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
    return `<tr${r.status === 'lost' ? ' class="fail"' : ''}><th>${e(`${r.kind} ${r.name}`)}</th><td>${e(status(r))}</td>${c(COUNTER.usersStarted)}${c(COUNTER.usersFinished)}${c(COUNTER.usersFailed)}${c(COUNTER.messagesSent)}${c(COUNTER.messagesDelivered)}<td>${fmt(errors)}</td><td>${e(clock(r))}</td><td>${r.clock_drift_ms_per_min === undefined ? '' : fmt(r.clock_drift_ms_per_min)}</td></tr>`;
  });
  return `<section id="nodes"><h2>Nodes</h2><p>"received": stamped messages delivered to users on that node. Clock: the node's clock minus the coordinator's, ± the bound on that estimate (half the best probe round trip), re-estimated every second through the run.</p>
<table><thead><tr>${head.map((h) => `<th>${e(h)}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></section>`;
}

function status(r: NodeReportRow): string {
  if (r.status === 'ok') return 'ok';
  const at = r.lost_at ? ` at ${r.lost_at}` : '';
  return `LOST${at}: ${r.reason ?? ''}${r.users_lost ? ` (${r.users_lost} users lost)` : ''}`;
}

function clock(r: NodeReportRow): string {
  if (r.clock_offset_ms === undefined) return r.kind === 'agent' ? '' : '0 (reference)';
  return `${fmt(r.clock_offset_ms)} ± ${fmt(r.clock_uncertainty_ms ?? 0)}`;
}
