import type { CompareSide } from './compare-load.js';

/** Which direction of change is worse, for the rows that are gated. */
type Worse = 'higher' | 'lower';

/** One line of the comparison: a statistic of both runs and the change. */
export interface CompareRow {
  section: 'latency' | 'messages' | 'users' | 'errors' | 'checks' | 'counters' | 'servers';
  /** Metric or field name (`xmpp_msg_latency`, `lost`, `timeout`, `stanzas_sent`). */
  name: string;
  /** Statistic for latency rows (`p99`), else `count`. */
  stat: string;
  a: number | null;
  b: number | null;
  /** (b - a) / a in %; Infinity when a is 0 and b is not; null when one side lacks the row. */
  changePct: number | null;
  /** Gated rows can be regressions; others are shown for context. */
  worse?: Worse;
  regression: boolean;
}

export interface CompareOptions {
  /** A gated statistic that gets worse by more than this % is a regression (default 10). */
  maxRegressionPct: number;
  /** Latency changes smaller than this many ms are never regressions (noise on sub-ms latencies). */
  minChangeMs: number;
}

export interface Comparison {
  a: { label: string; path: string; scenario: string; started: string; status: string };
  b: { label: string; path: string; scenario: string; started: string; status: string };
  options: CompareOptions;
  rows: CompareRow[];
  regressions: number;
  /** Things the reader must know (different scenarios, a killed run, a missing metric). */
  warnings: string[];
}

/** Latency statistics shown, and which are gated: max and min are one sample each, too noisy to gate. */
const LATENCY_STATS: [string, keyof CompareSide['summary']['metrics'][string], boolean][] = [
  ['count', 'count', false],
  ['min', 'min_ms', false],
  ['mean', 'mean_ms', true],
  ['p50', 'p50_ms', true],
  ['p90', 'p90_ms', true],
  ['p99', 'p99_ms', true],
  ['p99.9', 'p999_ms', true],
  ['max', 'max_ms', false],
];

/**
 * Compares run B (new) against run A (baseline): every metric's percentiles, the message and
 * user accounting, errors by class, checks and counters, with the change in %. Gated rows (latency
 * percentiles and mean; lost, duplicated, failed users, errors, failed checks) that get worse by more than
 * `maxRegressionPct` are regressions. Pure.
 */
export function compareRuns(a: CompareSide, b: CompareSide, opts: CompareOptions): Comparison {
  const rows: CompareRow[] = [];
  const warnings = [...a.warnings, ...b.warnings];
  const sa = a.summary;
  const sb = b.summary;
  if (sa.scenario !== sb.scenario)
    warnings.push(`the runs are of different scenarios (${sa.scenario} vs ${sb.scenario}): compare with care`);
  for (const [label, s] of [
    [a.label, sa],
    [b.label, sb],
  ] as const) {
    if (s.status !== 'completed') warnings.push(`${label} did not complete (status ${s.status})`);
  }
  const metrics = union(Object.keys(sa.metrics), Object.keys(sb.metrics));
  for (const name of metrics) {
    const ma = sa.metrics[name];
    const mb = sb.metrics[name];
    if (!ma || !mb) warnings.push(`${name} is only in ${ma ? a.label : b.label}`);
    for (const [stat, key, gated] of LATENCY_STATS) {
      const row = makeRow('latency', name, stat, ma ? ma[key] : null, mb ? mb[key] : null, gated ? 'higher' : undefined, opts);
      if (row.regression && row.a !== null && row.b !== null && row.b - row.a < opts.minChangeMs) row.regression = false;
      rows.push(row);
    }
  }
  const gatedMessages: Record<string, Worse> = { lost: 'higher', duplicated: 'higher' };
  for (const k of Object.keys(sa.messages) as (keyof typeof sa.messages)[])
    rows.push(makeRow('messages', k, 'count', sa.messages[k], sb.messages[k] ?? null, gatedMessages[k], opts));
  for (const k of Object.keys(sa.users) as (keyof typeof sa.users)[])
    rows.push(makeRow('users', k, 'count', sa.users[k], sb.users[k] ?? null, k === 'failed' ? 'higher' : undefined, opts));
  const total = (e: Record<string, number>) => Object.values(e).reduce((x, y) => x + y, 0);
  rows.push(makeRow('errors', 'all', 'count', total(sa.errors), total(sb.errors), 'higher', opts));
  for (const cls of union(Object.keys(sa.errors), Object.keys(sb.errors))) {
    rows.push(makeRow('errors', cls, 'count', sa.errors[cls] ?? 0, sb.errors[cls] ?? 0, 'higher', opts));
  }
  // `<expect>` checks (issue 16): a check failing where it did not is a regression, as an error class is.
  if (sa.checks || sb.checks) {
    const ca = sa.checks;
    const cb = sb.checks;
    const names = union(Object.keys(ca?.names ?? {}), Object.keys(cb?.names ?? {}));
    for (const [name, x, y] of [['all', ca, cb] as const, ...names.map((n) => [n, ca?.names[n], cb?.names[n]] as const)]) {
      rows.push(makeRow('checks', name, 'fail', x?.fail ?? 0, y?.fail ?? 0, 'higher', opts));
      rows.push(makeRow('checks', name, 'pass', x?.pass ?? 0, y?.pass ?? 0, undefined, opts));
    }
  }
  for (const k of union(Object.keys(sa.counters), Object.keys(sb.counters))) {
    rows.push(makeRow('counters', k, 'count', sa.counters[k] ?? null, sb.counters[k] ?? null, undefined, opts));
  }
  // Server monitors (summary /3) side by side, for context: a busier server is no regression by itself.
  const va = sa.servers ?? {};
  const vb = sb.servers ?? {};
  for (const id of union(Object.keys(va), Object.keys(vb))) {
    for (const series of union(Object.keys(va[id]?.series ?? {}), Object.keys(vb[id]?.series ?? {}))) {
      for (const stat of ['mean', 'max'] as const) {
        rows.push(
          makeRow(
            'servers',
            `${id}.${series}`,
            stat,
            va[id]?.series[series]?.[stat] ?? null,
            vb[id]?.series[series]?.[stat] ?? null,
            undefined,
            opts,
          ),
        );
      }
    }
  }
  const side = (x: CompareSide) => ({
    label: x.label,
    path: x.path,
    scenario: x.summary.scenario,
    started: x.summary.started,
    status: x.summary.status,
  });
  return { a: side(a), b: side(b), options: opts, rows, regressions: rows.filter((r) => r.regression).length, warnings };
}

function makeRow(
  section: CompareRow['section'],
  name: string,
  stat: string,
  a: number | null,
  b: number | null,
  worse: Worse | undefined,
  opts: CompareOptions,
): CompareRow {
  const changePct =
    a === null || b === null ? null : a === b ? 0 : a === 0 ? (b > 0 ? Infinity : -Infinity) : ((b - a) / Math.abs(a)) * 100;
  const worsened = changePct !== null && worse !== undefined && (worse === 'higher' ? changePct : -changePct) > opts.maxRegressionPct;
  const row: CompareRow = { section, name, stat, a, b, changePct: changePct === null ? null : round(changePct), regression: worsened };
  if (worse) row.worse = worse;
  return row;
}

function union(x: string[], y: string[]): string[] {
  return [...new Set([...x, ...y])].sort();
}

function round(v: number): number {
  return Number.isFinite(v) ? Math.round(v * 100) / 100 : v;
}

/** A change for people: "+12.5%", "-3%", "new" (from 0), "n/a". */
export function formatChange(pct: number | null): string {
  if (pct === null) return 'n/a';
  if (pct === Infinity) return 'new';
  if (pct === -Infinity) return 'gone';
  return `${pct > 0 ? '+' : ''}${pct}%`;
}
