import type { ReportModel } from './model.js';
import type { ErrorSample } from '../stats/error-samples.js';
import { escapeHtml as e, fmt } from './html-escape.js';
import { formatThresholdValue } from '../thresholds/format.js';
import { clockLine } from './html-nodes.js';

/** The run's identity: what ran, against what, when, how it ended. */
export function headerSection(m: ReportModel): string {
  const s = m.summary;
  const status = m.run.live ? 'running' : s.status;
  const rows: [string, string][] = [
    ['Scenario', m.run.scenario],
    ['Server', m.run.servers.join(', ') || '(not recorded)'],
    ['Started', s.started],
    ['Duration', `${fmt(s.duration_s)} s`],
    ['Status', status],
    ['xload version', m.run.xload_version],
    ['Workers', String(m.run.workers)],
    ['Run id', m.run.run_id],
  ];
  if (m.run.reason !== undefined) rows.push(['Reason', m.run.reason]);
  const clock = clockLine(m);
  if (clock !== null) rows.push(['Clocks', clock]);
  const body = rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(v)}</td></tr>`).join('');
  return `<section id="run"><h1>xload report <span class="status status-${e(status)}">${e(status)}</span></h1>
<table class="kv">${body}</table></section>`;
}

/** One row per metric: count, min, mean, p50, p90, p99, p99.9, max (ms). */
export function metricsSection(m: ReportModel): string {
  const names = Object.keys(m.summary.metrics);
  const rows = names.map((n) => {
    const x = m.summary.metrics[n];
    if (x === undefined) return '';
    const cells = [x.count, x.min_ms, x.mean_ms, x.p50_ms, x.p90_ms, x.p99_ms, x.p999_ms, x.max_ms].map((v) => `<td>${fmt(v)}</td>`);
    return `<tr><th>${e(n)}</th>${cells.join('')}</tr>`;
  });
  const table =
    names.length === 0
      ? '<p>No latency was recorded.</p>'
      : `<table><thead><tr><th>metric</th><th>count</th><th>min</th><th>mean</th><th>p50</th><th>p90</th><th>p99</th><th>p99.9</th><th>max</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section id="metrics"><h2>Latency (ms)</h2>${table}</section>`;
}

/** Stamped-message accounting, with a warning when anything was lost or is unaccounted for. */
export function messagesSection(m: ReportModel): string {
  const x = m.summary.messages;
  const u = m.summary.users;
  let warn = '';
  if (x.lost > 0) {
    warn = `<p class="warn">${fmt(x.lost)} message(s) were LOST (${fmt((100 * x.lost) / Math.max(1, x.sent))}% of sent): sent but never delivered.</p>`;
  } else if (x.in_flight > 0) {
    warn = `<p class="warn">${fmt(x.in_flight)} message(s) were still in flight when the run ${m.summary.status === 'completed' ? 'ended' : 'stopped'}: whether they were lost is unknown.</p>`;
  }
  if (x.duplicated > 0) warn += `<p class="warn">${fmt(x.duplicated)} message(s) were delivered more than once.</p>`;
  const cells = (o: Record<string, number>): string =>
    `<tr>${Object.keys(o)
      .map((k) => `<th>${e(k)}</th>`)
      .join('')}</tr><tr>${Object.values(o)
      .map((v) => `<td>${fmt(v)}</td>`)
      .join('')}</tr>`;
  return `<section id="messages"><h2>Messages</h2>${warn}<table>${cells({ ...x })}</table>
<h2>Users</h2><table>${cells({ ...u })}</table></section>`;
}

/** Errors by class with count, first-seen time, and under each class its first occurrences. */
export function errorsSection(m: ReportModel): string {
  if (m.errors.length === 0) return '<section id="errors"><h2>Errors</h2><p>No errors.</p></section>';
  const rows = m.errors
    .map(
      (r) =>
        `<tr><th>${e(r.class)}</th><td>${fmt(r.count)}</td><td>${fmt(r.first_seen_s)} s</td><td>${e(r.first_seen)}</td></tr>${sampleRows(r.samples)}`,
    )
    .join('');
  return `<section id="errors"><h2>Errors</h2><table><thead><tr><th>class</th><th>count</th><th>first seen</th><th>at</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** Thresholds with pass/fail. */
export function thresholdsSection(m: ReportModel): string {
  const t = m.summary.thresholds;
  if (t.length === 0) {
    const why = m.run.live ? 'Thresholds are evaluated when the run ends.' : 'No thresholds were evaluated.';
    return `<section id="thresholds"><h2>Thresholds</h2><p>${why}</p></section>`;
  }
  const rows = t
    .map(
      (r) =>
        `<tr class="${r.ok ? 'pass' : 'fail'}"><th>${e(r.expr)}</th><td>${e(formatThresholdValue(r))}</td><td>${r.ok ? 'pass' : r.aborted ? 'FAIL (aborted the run)' : 'FAIL'}</td></tr>`,
    )
    .join('');
  const failed = t.filter((r) => !r.ok).length;
  const verdict = failed === 0 ? '<p>All thresholds passed.</p>' : `<p class="warn">${failed} of ${t.length} threshold(s) failed.</p>`;
  return `<section id="thresholds"><h2>Thresholds</h2>${verdict}<table><thead><tr><th>threshold</th><th>value</th><th>result</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** Counters over the whole run. */
export function countersSection(m: ReportModel): string {
  const rows = Object.entries(m.summary.counters)
    .map(([k, v]) => `<tr><th>${e(k)}</th><td>${fmt(v)}</td></tr>`)
    .join('');
  return `<section id="counters"><h2>Counters</h2><table class="kv">${rows}</table></section>`;
}

/** Problems met while reading the data. */
export function warningsSection(m: ReportModel): string {
  if (m.warnings.length === 0) return '';
  return `<section id="warnings"><h2>Data warnings</h2><ul>${m.warnings.map((w) => `<li class="warn">${e(w)}</li>`).join('')}</ul></section>`;
}

/** One row per error sample, spanning the table: request, scenario line, user, time, the server's element. */
function sampleRows(samples: readonly ErrorSample[]): string {
  return samples
    .map((x) => {
      const head = `${x.request ?? '(no request)'}${x.where === null ? '' : ` at ${x.where}`}, user ${x.user}, ${new Date(x.at).toISOString()}: ${x.message}`;
      const server = x.server === null ? '' : `<pre>${e(x.server)}</pre>`;
      return `<tr class="error-sample"><td colspan="4"><div>${e(head)}</div>${server}</td></tr>`;
    })
    .join('');
}
