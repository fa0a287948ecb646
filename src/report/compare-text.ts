import { formatChange } from './compare.js';
import type { Comparison, CompareRow } from './compare.js';

const TITLES: Record<CompareRow['section'], string> = {
  latency: 'latency (ms)',
  messages: 'messages',
  users: 'users',
  errors: 'errors',
  checks: 'checks (<expect>)',
  counters: 'counters',
  servers: 'servers (monitors)',
};

/** The comparison as a plain-text table for the console and CI logs. Pure. */
export function renderCompareText(c: Comparison): string {
  const out: string[] = [];
  out.push(`A (baseline): ${c.a.label}  ${c.a.started}  ${c.a.status}`);
  out.push(`B (new):      ${c.b.label}  ${c.b.started}  ${c.b.status}`);
  for (const w of c.warnings) out.push(`warning: ${w}`);
  const table: string[][] = [];
  let section: string | undefined;
  let prev: CompareRow | undefined;
  for (const r of c.rows) {
    if (r.section !== section) {
      section = r.section;
      table.push([TITLES[r.section], 'stat', 'A', 'B', 'change', '']);
    }
    // A metric's statistics follow each other; its name is printed once.
    const same = prev !== undefined && prev.section === r.section && prev.name === r.name;
    prev = r;
    table.push([
      same ? '' : `  ${r.name}`,
      r.stat,
      num(r.a),
      num(r.b),
      formatChange(r.changePct),
      r.regression ? `REGRESSION (> ${c.options.maxRegressionPct}%)` : '',
    ]);
  }
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  out.push('');
  for (const row of table) {
    const cells = row.slice(0, 5).map((cell, i) => (i === 0 || i === 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)));
    out.push(`${cells.join('  ')}  ${row[5] ?? ''}`.trimEnd());
  }
  out.push('');
  out.push(
    c.regressions === 0
      ? `no regression beyond ${c.options.maxRegressionPct}%`
      : `${c.regressions} REGRESSION(S) beyond ${c.options.maxRegressionPct}% (latency changes under ${c.options.minChangeMs} ms not counted)`,
  );
  return out.join('\n') + '\n';
}

function num(v: number | null): string {
  if (v === null) return '-';
  return Number.isInteger(v) ? String(v) : v.toFixed(3);
}
