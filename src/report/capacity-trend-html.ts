/**
 * The nightly trend of a capacity report (pure): the capacity found on each past night of
 * the same scenario and axis (dates on x), the lowest failing level, the rolling median of
 * the last 7 good runs (what `--max-drop` compares with) and this run's drop floor, as an
 * inline SVG like the level curve beside it (no script, opens anywhere), then a table.
 */
import type { CapacityTrend } from './capacity-types.js';
import { escapeHtml } from './html-escape.js';
import { trendPoints, type TrendPoint } from './capacity-trend.js';

const W = 640;
const H = 260;
const M = 40;

export function renderTrendHtml(trend: CapacityTrend, unit: string): string {
  const pts = trendPoints(trend);
  if (pts.length === 0) return '';
  const floor = trend.baseline === null ? null : trend.baseline * (1 - trend.max_drop);
  const values = pts.flatMap((p) => [p.found, p.lowestFail, p.median]).filter((v): v is number => v !== null);
  const yMax = Math.max(...values, floor ?? 0) * 1.1 || 1;
  const t0 = Math.min(...pts.map((p) => p.atMs));
  const t1 = Math.max(...pts.map((p) => p.atMs));
  // One night alone (or several at one time) sits in the middle.
  // Points keep clear of the y axis; runs minutes apart (a test, a retry) get seconds on the labels.
  const pad = 14;
  const x = (t: number) => (t1 > t0 ? M + pad + ((t - t0) / (t1 - t0)) * (W - 2 * M - 2 * pad) : W / 2);
  const label = (ms: number) =>
    new Date(ms)
      .toISOString()
      .slice(0, t1 - t0 < 3_600_000 ? 19 : 16)
      .replace('T', ' ');
  const y = (v: number) => H - M - (v / yMax) * (H - 2 * M);
  const xy = (p: TrendPoint, v: number) => `${x(p.atMs).toFixed(1)},${y(v).toFixed(1)}`;
  const goodLine = pts.filter((p) => p.kind === 'good').map((p) => xy(p, p.found!));
  const medianLine = pts.filter((p) => p.median !== null).map((p) => xy(p, p.median!));
  const svg = [
    `<svg class="trend" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="capacity found per night">`,
    `<line x1="${M}" y1="${H - M}" x2="${W - M}" y2="${H - M}" stroke="#888"/><line x1="${M}" y1="${M}" x2="${M}" y2="${H - M}" stroke="#888"/>`,
    `<text x="${M}" y="${H - 22}">${escapeHtml(label(t0))}</text>`,
    t1 > t0 ? `<text x="${W - M}" y="${H - 22}" text-anchor="end">${escapeHtml(label(t1))}</text>` : '',
    `<text x="8" y="${M - 12}">capacity found (${escapeHtml(unit)}), 0 … ${round(yMax)}</text>`,
    goodLine.length > 1 ? `<polyline class="trend-found" fill="none" stroke="#2a2" points="${goodLine.join(' ')}"/>` : '',
    medianLine.length > 0
      ? `<polyline class="trend-median" fill="none" stroke="#d80" stroke-dasharray="6 4" points="${medianLine.join(' ')}"/>`
      : '',
    // A dash at each night's median too: a line of one point draws nothing.
    ...pts
      .filter((p) => p.median !== null)
      .map(
        (p) =>
          `<line class="trend-median-mark" x1="${(x(p.atMs) - 6).toFixed(1)}" y1="${y(p.median!).toFixed(1)}" x2="${(x(p.atMs) + 6).toFixed(1)}" y2="${y(p.median!).toFixed(1)}" stroke="#d80" stroke-width="2"><title>median before: ${round(p.median!)} ${escapeHtml(unit)}</title></line>`,
      ),
    floor === null
      ? ''
      : `<line class="trend-floor" x1="${M}" y1="${y(floor).toFixed(1)}" x2="${W - M}" y2="${y(floor).toFixed(1)}" stroke="#c22" stroke-dasharray="2 4"><title>--max-drop floor ${round(floor)} ${escapeHtml(unit)}</title></line>`,
    ...pts.map((p) => failMark(p, x, y)),
    ...pts.map((p) => point(p, x, y, unit)),
    '</svg>',
  ].join('');
  const legend =
    `<p class="legend">● capacity found · ○ still passing at --max-level (a lower bound) · ✕ no figure (start failed, generator-limited, unconfirmed, …) · ` +
    `– lowest failing level · <span style="color:#d80">- -</span> median of the last 7 good runs before each night` +
    `${floor === null ? '' : ` · <span style="color:#c22">···</span> this run's --max-drop floor (${round(floor)} ${escapeHtml(unit)})`}; the larger ring is this run.</p>`;
  const rows = [...pts]
    .reverse()
    .map(
      (p) =>
        `<tr class="${p.kind}${p.current ? ' current' : ''}"><td>${escapeHtml(p.date)}</td><td>${escapeHtml(p.verdict)}</td><td>${num(p.found)}</td><td>${num(p.lowestFail)}</td><td>${num(p.median)}</td><td>${escapeHtml(p.serverVersion ?? '-')}</td></tr>`,
    )
    .join('\n');
  const gate =
    trend.baseline === null
      ? 'no good run before this one: nothing compared'
      : `median of the last ${trend.baseline_runs} good run${trend.baseline_runs === 1 ? '' : 's'} ${round(trend.baseline)} ${escapeHtml(unit)}, --max-drop ${round(trend.max_drop * 100)}%: ${trend.dropped ? '<b>capacity dropped</b>' : 'no drop'}`;
  return `<h2>Trend over past nights</h2>
<p>${trend.entries.length} run${trend.entries.length === 1 ? '' : 's'} of this scenario and axis; ${gate}.</p>
${svg}
${legend}
<table class="trend"><tr><th>date</th><th>verdict</th><th>found</th><th>lowest fail</th><th>median before</th><th>server</th></tr>
${rows}
</table>`;
}

function point(p: TrendPoint, x: (t: number) => number, y: (v: number) => number, unit: string): string {
  const cx = x(p.atMs).toFixed(1);
  const title = `<title>${escapeHtml(p.date)}: ${escapeHtml(p.verdict)}, found ${num(p.found)} ${escapeHtml(unit)}${p.current ? ' (this run)' : ''}</title>`;
  const cls = `trend-point ${p.kind}${p.current ? ' current' : ''}`;
  const ring = p.current ? `<circle cx="${cx}" cy="${y(p.found ?? 0).toFixed(1)}" r="8" fill="none" stroke="#000"/>` : '';
  if (p.kind === 'none') {
    // No figure: a cross on the axis (or at what it held before giving up).
    const cy = y(p.found ?? 0);
    return `${ring}<path class="${cls}" d="M${Number(cx) - 4},${(cy - 4).toFixed(1)}l8,8m0,-8l-8,8" stroke="#c22" stroke-width="2">${title}</path>`;
  }
  const fill = p.kind === 'good' ? '#2a2' : 'none';
  return `${ring}<circle class="${cls}" cx="${cx}" cy="${y(p.found!).toFixed(1)}" r="4" fill="${fill}" stroke="#2a2" stroke-width="2">${title}</circle>`;
}

function failMark(p: TrendPoint, x: (t: number) => number, y: (v: number) => number): string {
  if (p.lowestFail === null) return '';
  const cx = x(p.atMs);
  const cy = y(p.lowestFail).toFixed(1);
  return `<line class="trend-fail" x1="${(cx - 5).toFixed(1)}" y1="${cy}" x2="${(cx + 5).toFixed(1)}" y2="${cy}" stroke="#a55" stroke-width="2"><title>lowest failing level ${p.lowestFail}</title></line>`;
}

function num(v: number | null): string {
  return v === null ? '-' : String(round(v));
}
function round(v: number): number {
  return Math.round(v * 100) / 100;
}
