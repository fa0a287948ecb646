/**
 * The nightly trend (pure): which history entries a capacity report keeps, and the points
 * its chart draws. The median here is the one `--max-drop` compares with (capacity/history.ts).
 */
import type { CapacityHistoryEntry, CapacityTrend } from './capacity-types.js';

/** The drop gate's baseline: the median of this many latest good runs. */
export const HISTORY_WINDOW = 7;
/** How many entries summary.json keeps for the chart (about a month of nights). */
export const TREND_ENTRIES = 30;

/** A run that produced a capacity figure (`max-level` only bounds it from below). */
export function isGoodEntry(e: CapacityHistoryEntry): e is CapacityHistoryEntry & { found: number } {
  return e.verdict === 'found' && e.found !== null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length / 2;
  return v.length % 2 ? v[Math.floor(mid)]! : (v[mid - 1]! + v[mid]!) / 2;
}

/** The entries of `now`'s scenario and axis, `now` last, cut to the latest TREND_ENTRIES. */
export function trendOf(
  past: readonly CapacityHistoryEntry[],
  now: CapacityHistoryEntry,
  gate: { baseline: number | null; baseline_runs: number; max_drop: number; dropped: boolean },
): CapacityTrend {
  const same = past.filter((e) => e.scenario_hash === now.scenario_hash && e.axis === now.axis);
  return { entries: [...same, now].slice(-TREND_ENTRIES), ...gate };
}

/** good: a figure; bound: still passing at --max-level (a lower bound); none: no figure (failed start, generator-limited, ...). */
export type TrendKind = 'good' | 'bound' | 'none';

export interface TrendPoint {
  atMs: number;
  date: string;
  kind: TrendKind;
  verdict: CapacityHistoryEntry['verdict'];
  found: number | null;
  lowestFail: number | null;
  /** Median of the last HISTORY_WINDOW good runs before this one: the line the drop gate compared it with. */
  median: number | null;
  current: boolean;
  serverVersion: string | null;
}

/** One point per entry, in date order; the last entry is the current run. */
export function trendPoints(trend: CapacityTrend): TrendPoint[] {
  const good: number[] = [];
  return trend.entries.map((e, i) => {
    const p: TrendPoint = {
      atMs: Date.parse(e.date),
      date: e.date,
      kind: isGoodEntry(e) ? 'good' : e.verdict === 'max-level' && e.found !== null ? 'bound' : 'none',
      verdict: e.verdict,
      found: e.found,
      lowestFail: e.lowest_fail,
      median: median(good.slice(-HISTORY_WINDOW)),
      current: i === trend.entries.length - 1,
      serverVersion: e.server_version,
    };
    if (isGoodEntry(e)) good.push(e.found);
    return p;
  });
}
