import type { ReportModel } from './model.js';
import type { CheckCounts } from './checks-summary.js';
import { escapeHtml as e, fmt } from './html-escape.js';

/** summary.json's `checks` as a table: one row per `<expect>` name, failing ones marked, and the total. */
export function checksSection(m: ReportModel): string {
  const checks = m.summary.checks;
  if (!checks) return '';
  const row = (name: string, c: CheckCounts, total = false): string => {
    const cls = c.fail > 0 ? ' class="fail"' : ' class="pass"';
    const label = total ? `<th>all checks</th>` : `<th><code>${e(name)}</code></th>`;
    return `<tr${cls}>${label}<td>${fmt(c.pass)}</td><td>${fmt(c.fail)}</td><td>${rate(c.rate)}</td></tr>`;
  };
  const rows = Object.entries(checks.names).map(([name, c]) => row(name, c));
  return `<section id="checks"><h2>Checks</h2><p>&lt;expect&gt; checks by name: passed when a matching stanza arrived within the check's timeout, failed when none did. Thresholds read them as <code>rate(checks)</code> and <code>rate(checks.&lt;name&gt;)</code>.</p>
<table><thead><tr><th>check</th><th>pass</th><th>fail</th><th>rate</th></tr></thead><tbody>${rows.join('')}${row('', checks, true)}</tbody></table></section>`;
}

function rate(r: number | null): string {
  return r === null ? '-' : `${fmt(Math.round(r * 1e4) / 100)}%`;
}
