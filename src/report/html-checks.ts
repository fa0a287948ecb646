import type { ReportModel } from './model.js';
import type { CheckCounts } from './checks-summary.js';
import { escapeHtml as e, fmt } from './html-escape.js';
import { checkMetric } from '../stats/metric-names.js';

/** summary.json's `checks` as a table: one row per `<expect>` name, failing ones marked, and the total. */
export function checksSection(m: ReportModel): string {
  const checks = m.summary.checks;
  if (!checks) return '';
  const row = (name: string, c: CheckCounts, total = false): string => {
    const cls = c.fail > 0 ? ' class="fail"' : ' class="pass"';
    const label = total ? `<th>all checks</th>` : `<th><code>${e(name)}</code></th>`;
    // check.<name>: how long the passing stanza took from the send (no samples without a pass).
    const l = total ? undefined : m.summary.metrics[checkMetric(name)];
    const latency = l && l.count > 0 ? `<td>${fmt(l.p50_ms)}</td><td>${fmt(l.p99_ms)}</td>` : '<td>-</td><td>-</td>';
    return `<tr${cls}>${label}<td>${fmt(c.pass)}</td><td>${fmt(c.fail)}</td><td>${rate(c.rate)}</td>${latency}</tr>`;
  };
  const rows = Object.entries(checks.names).map(([name, c]) => row(name, c));
  return `<section id="checks"><h2>Checks</h2><p>&lt;expect&gt; checks by name: passed when a matching stanza arrived within the check's timeout, failed when none did. Latency: from the request's send to the passing stanza (metric <code>check.&lt;name&gt;</code>). Thresholds read them as <code>rate(checks)</code>, <code>rate(checks.&lt;name&gt;)</code> and <code>p99(check.&lt;name&gt;)</code>.</p>
<table><thead><tr><th>check</th><th>pass</th><th>fail</th><th>rate</th><th>p50 ms</th><th>p99 ms</th></tr></thead><tbody>${rows.join('')}${row('', checks, true)}</tbody></table></section>`;
}

function rate(r: number | null): string {
  return r === null ? '-' : `${fmt(Math.round(r * 1e4) / 100)}%`;
}
