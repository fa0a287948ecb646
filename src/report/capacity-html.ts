/**
 * report.html of a capacity run folder (pure): the verdict, p99 latency against the level
 * as an inline SVG (no script, opens anywhere), and the curve table with a link to each
 * level's own report; with `--history`, the trend over past nights (capacity-trend-html.ts).
 */
import type { CapacityLevel, CapacitySummary } from './capacity-types.js';
import { escapeHtml } from './html-escape.js';
import { renderTrendHtml } from './capacity-trend-html.js';

const W = 640;
const H = 260;
const M = 40;

/** "bisect 2/3" for the second hold of a level held three times (`--trials`). */
export function kindCell(l: Pick<CapacityLevel, 'kind' | 'trial'>): string {
  return l.trial ? `${l.kind} ${l.trial.n}/${l.trial.of}` : l.kind;
}

export function renderCapacityHtml(c: CapacitySummary, bestDir?: string): string {
  const levels = c.searches.flatMap((s) => s.levels).filter((l) => l.outcome !== 'interrupted');
  const head =
    c.verdict === 'generator-limited'
      ? `generator-limited at ${c.generator_limited_at} ${c.unit}: no capacity figure`
      : c.verdict === 'start-failed'
        ? `the start level ${c.lowest_fail} ${c.unit} fails (${c.fail_gate ?? ''})`
        : `highest passing level ${c.highest_pass ?? 'none'} ${c.unit}, lowest failing level ${c.lowest_fail ?? 'none'}`;
  // With <monitoring>, what the server used at each level: the curve's other half.
  const monitored = levels.some((l) => l.servers !== undefined);
  const rows = levels
    .map(
      (l) =>
        `<tr class="${l.outcome}"><td>${l.level}</td><td>${kindCell(l)}</td><td>${l.outcome}</td><td>${n(l.latency_ms.p50)}</td><td>${n(l.latency_ms.p99)}</td><td>${l.errors}</td><td>${l.achieved.users_per_s}</td><td>${l.achieved.messages_per_s}</td>${monitored ? `<td>${serverCell(l)}</td>` : ''}<td>${escapeHtml(l.gate ?? '')}</td><td>${cooldownCell(l)}</td><td><a href="${escapeHtml(l.dir)}/report.html">report</a></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xload capacity: ${escapeHtml(c.axis)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:right}
tr.fail td,tr.generator-limited td,.unsettled{color:#a00}svg{border:1px solid #ccc}</style></head><body>
<h1>Capacity: ${escapeHtml(c.axis)}</h1>
<p><b>${escapeHtml(c.verdict)}</b>: ${escapeHtml(head)}${c.first_broken_gate ? `; first broken gate: <code>${escapeHtml(c.first_broken_gate)}</code>` : ''}</p>
<p>Server: ${escapeHtml(c.server_version ?? 'unknown')}; SLOs: ${c.slos.map((s) => `<code>${escapeHtml(s)}</code>`).join(', ') || 'none'}${c.repeat ? `; ${c.searches.length} searches, median ${c.repeat.median ?? '-'}, spread ${c.repeat.spread ?? '-'}` : ''}</p>
${chart(levels, c.unit)}
<table><tr><th>level</th><th>kind</th><th>result</th><th>p50 ms</th><th>p99 ms</th><th>errors</th><th>users/s</th><th>msg/s</th>${monitored ? '<th>server (mean / max)</th>' : ''}<th>gate</th><th>cooldown</th><th></th></tr>
${rows}
</table>
${c.history ? renderTrendHtml(c.history, c.unit) : ''}
${bestDir ? `<p>Summary numbers above the table come from <a href="${escapeHtml(bestDir)}/report.html">${escapeHtml(bestDir)}</a>.</p>` : ''}
</body></html>
`;
}

/** p99 latency (y) against the level (x), one dot per level: green pass, red otherwise. */
function chart(levels: readonly CapacityLevel[], unit: string): string {
  const pts = levels.filter((l) => l.latency_ms.p99 !== null);
  if (pts.length === 0) return '<p>No latency samples to chart.</p>';
  const xMax = Math.max(...pts.map((l) => l.level)) * 1.05;
  const yMax = Math.max(...pts.map((l) => l.latency_ms.p99!)) * 1.1 || 1;
  const x = (v: number) => M + (v / xMax) * (W - 2 * M);
  const y = (v: number) => H - M - (v / yMax) * (H - 2 * M);
  const sorted = [...pts].sort((a, b) => a.level - b.level);
  const line = sorted.map((l) => `${x(l.level).toFixed(1)},${y(l.latency_ms.p99!).toFixed(1)}`).join(' ');
  const dots = pts
    .map(
      (l) =>
        `<circle cx="${x(l.level).toFixed(1)}" cy="${y(l.latency_ms.p99!).toFixed(1)}" r="4" fill="${l.outcome === 'pass' ? '#2a2' : '#c22'}"><title>${l.level}: p99 ${l.latency_ms.p99} ms, ${l.outcome}</title></circle>`,
    )
    .join('');
  return `<svg width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="p99 latency against level">
<line x1="${M}" y1="${H - M}" x2="${W - M}" y2="${H - M}" stroke="#888"/><line x1="${M}" y1="${M}" x2="${M}" y2="${H - M}" stroke="#888"/>
<text x="${W / 2}" y="${H - 8}" text-anchor="middle">level (${escapeHtml(unit)}), 0 … ${round(xMax)}</text>
<text x="8" y="${M - 12}">p99 xmpp_msg_latency ms, 0 … ${round(yMax)}</text>
<polyline fill="none" stroke="#66a" points="${line}"/>${dots}</svg>`;
}

/** Per monitor: CPU mean / max and the largest RSS or used memory seen during the level. */
function serverCell(l: CapacityLevel): string {
  if (!l.servers) return '-';
  return Object.entries(l.servers)
    .map(([id, s]) => {
      const cpu = s.series['cpu'];
      const mem = s.series['rss_bytes'] ?? s.series['mem_used_bytes'];
      const parts = [
        cpu ? `cpu ${round(cpu.mean)} / ${round(cpu.max)}%` : '',
        mem ? `${s.series['rss_bytes'] ? 'rss' : 'mem'} ${round(mem.max / 1048576)} MiB` : '',
      ].filter(Boolean);
      return `${escapeHtml(id)}: ${parts.join(', ') || 'no cpu/memory series'}${s.gaps > 0 ? ` (${s.gaps} gaps)` : ''}`;
    })
    .join('<br>');
}

/** "3.2 s", and whether the monitored CPU settled (or, before this level, had not). */
function cooldownCell(l: CapacityLevel): string {
  const c = l.cooldown;
  const before = l.started_unsettled ? ' (started unsettled)' : '';
  if (!c) return before.trim();
  if (c.cpu === null) return `${c.waited_s} s${before}`;
  const cpu = Object.entries(c.cpu)
    .map(([id, v]) => `${id} ${v.last ?? '-'}% (idle ${v.idle}%)`)
    .join(', ');
  const verdict = c.timed_out ? 'timed out, server did not settle' : c.settled ? 'settled' : 'not settled';
  return `<span class="${c.settled ? 'settled' : 'unsettled'}" title="${escapeHtml(cpu)}">${c.waited_s} s, ${verdict}</span>${before}`;
}

function n(v: number | null): string {
  return v === null ? '-' : String(Math.round(v * 10) / 10);
}
function round(v: number): number {
  return Math.round(v * 10) / 10;
}
