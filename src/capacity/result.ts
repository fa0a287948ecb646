/** The capacity section from the searches, and its console lines (pure). */
import type { CapacitySearchRecord, CapacitySummary } from '../report/capacity-types.js';
import { kindCell } from '../report/capacity-html.js';

export type CapacityHead = Omit<
  CapacitySummary,
  'verdict' | 'highest_pass' | 'lowest_fail' | 'fail_gate' | 'first_broken_gate' | 'generator_limited_at' | 'repeat' | 'searches'
>;

/** The median search speaks for the run; `repeat` says how far the others were. */
export function capacitySummary(head: CapacityHead, searches: readonly CapacitySearchRecord[]): CapacitySummary {
  if (searches.length === 0) throw new RangeError('no search ran');
  const found = searches.map((s) => s.highest_pass);
  const values = found.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const median =
    values.length === 0
      ? null
      : values.length % 2 === 1
        ? values[(values.length - 1) / 2]!
        : (values[values.length / 2 - 1]! + values[values.length / 2]!) / 2;
  // The search whose figure is closest to the median gives the gates and bounds.
  const speaker =
    median === null
      ? searches[0]!
      : [...searches].sort((a, b) => Math.abs((a.highest_pass ?? Infinity) - median) - Math.abs((b.highest_pass ?? Infinity) - median))[0]!;
  const out: CapacitySummary = {
    ...head,
    verdict: speaker.verdict,
    highest_pass: searches.length > 1 ? median : speaker.highest_pass,
    lowest_fail: speaker.lowest_fail,
    fail_gate: speaker.fail_gate,
    first_broken_gate: speaker.first_broken_gate,
    generator_limited_at: speaker.generator_limited_at,
    searches: [...searches],
  };
  if (searches.length > 1) {
    const min = values[0] ?? null;
    const max = values.at(-1) ?? null;
    out.repeat = { found, median, min, max, spread: median && min !== null && max !== null ? round((max - min) / median) : null };
  }
  return out;
}

/** What `xload capacity` prints at the end. */
export function renderCapacity(c: CapacitySummary): string[] {
  const u = c.unit;
  const lines: string[] = [];
  lines.push(`capacity (${c.axis}, SLOs: ${c.slos.join('; ') || 'none'}):`);
  switch (c.verdict) {
    case 'start-failed':
      lines.push(`  the start level ${c.lowest_fail} ${u} already fails (${c.fail_gate}): lower --start`);
      break;
    case 'generator-limited':
      lines.push(
        `  generator-limited at ${c.generator_limited_at} ${u}: xload saturated before the server; no capacity figure (add workers, processes or agents)`,
      );
      if (c.highest_pass !== null) lines.push(`  (the server held ${c.highest_pass} ${u} before that)`);
      break;
    default:
      lines.push(
        `  ${verdictWord(c.verdict)}: highest passing level ${c.highest_pass ?? 'none'} ${u}, lowest failing level ${c.lowest_fail ?? 'none'} ${c.lowest_fail === null ? '' : u}`.trimEnd(),
      );
  }
  if (c.first_broken_gate)
    lines.push(
      `  first broken gate: ${c.first_broken_gate}${c.fail_gate && c.fail_gate !== c.first_broken_gate ? ` (at the lowest fail: ${c.fail_gate})` : ''}`,
    );
  if (c.repeat)
    lines.push(
      `  ${c.searches.length} searches: ${c.repeat.found.map((f) => f ?? '-').join(', ')}; median ${c.repeat.median ?? '-'} ${u}, spread ${c.repeat.spread === null ? '-' : `${Math.round(c.repeat.spread * 1000) / 10}%`}`,
    );
  lines.push(
    `  ${pad('level', 10)}${pad('kind', 11)}${pad('result', 19)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('errors', 8)}${pad('users/s', 9)}${pad('msg/s', 8)}gate`,
  );
  for (const s of c.searches) {
    for (const l of s.levels) {
      lines.push(
        `  ${pad(String(l.level), 10)}${pad(kindCell(l), 11)}${pad(l.outcome, 19)}${pad(num(l.latency_ms.p50), 9)}${pad(num(l.latency_ms.p99), 9)}${pad(String(l.errors), 8)}${pad(String(l.achieved.users_per_s), 9)}${pad(String(l.achieved.messages_per_s), 8)}${l.gate ?? ''}`,
      );
    }
  }
  return lines;
}

function verdictWord(v: CapacitySummary['verdict']): string {
  return {
    found: 'found',
    'max-level': 'still passing at --max-level',
    'level-budget': 'level budget spent',
    unconfirmed: 'not confirmed',
    interrupted: 'interrupted, found so far',
    'start-failed': '',
    'generator-limited': '',
  }[v];
}
function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}
function num(v: number | null): string {
  return v === null ? '-' : String(Math.round(v * 10) / 10);
}
function round(v: number): number {
  return Math.round(v * 1e4) / 1e4;
}
