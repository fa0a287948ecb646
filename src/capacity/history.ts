/**
 * Nightly capacity history (pure part): one JSON line per search result, and whether the
 * capacity dropped beyond `--max-drop` against the median of the last 7 good runs of the
 * same scenario and axis.
 */
import type { CapacityHistoryEntry, CapacitySummary } from '../report/capacity-types.js';
import { HISTORY_WINDOW, isGoodEntry, median } from '../report/capacity-trend.js';

/** One line of the history file (the type lives with the summary types: report.html draws them). */
export type HistoryEntry = CapacityHistoryEntry;

/** Runs that produced a capacity figure. (`max-level` is only a lower bound: never a baseline, never a drop.) */
export const isGood = isGoodEntry;

export { HISTORY_WINDOW };

export interface DropCheck {
  dropped: boolean;
  /** Median of the last good runs compared against; null when there is none yet. */
  baseline: number | null;
  compared: number;
  line: string;
}

/**
 * Compares `now` with the median of the last HISTORY_WINDOW good entries of `past` on the
 * same scenario and axis. A start level that fails where earlier nights found a figure is
 * a drop too (the capacity fell below the start). Generator-limited or interrupted runs say
 * nothing about the server, and a search still passing at --max-level only bounds it from
 * below: neither is ever a drop.
 */
export function checkDrop(past: readonly HistoryEntry[], now: HistoryEntry, maxDrop: number): DropCheck {
  const same = past
    .filter((e) => e.scenario_hash === now.scenario_hash && e.axis === now.axis)
    .filter(isGood)
    .slice(-HISTORY_WINDOW);
  const values = same.map((e) => e.found);
  const baseline = median(values);
  if (baseline === null)
    return { dropped: false, baseline: null, compared: 0, line: 'history: first good run of this scenario and axis, nothing to compare' };
  const floor = baseline * (1 - maxDrop);
  const pctText = `${Math.round(maxDrop * 1000) / 10}%`;
  if (now.verdict === 'start-failed') {
    return {
      dropped: true,
      baseline,
      compared: values.length,
      line: `history: CAPACITY DROPPED: the start level fails; median of the last ${values.length} good runs is ${baseline} ${now.unit}`,
    };
  }
  if (!isGood(now))
    return {
      dropped: false,
      baseline,
      compared: values.length,
      line: `history: ${now.verdict}, not compared (median of the last ${values.length} good runs: ${baseline} ${now.unit})`,
    };
  const change = (now.found - baseline) / baseline;
  const changeText = `${change >= 0 ? '+' : ''}${Math.round(change * 1000) / 10}%`;
  if (now.found < floor) {
    return {
      dropped: true,
      baseline,
      compared: values.length,
      line: `history: CAPACITY DROPPED ${changeText}: ${now.found} against a median of ${baseline} ${now.unit} over the last ${values.length} good runs (--max-drop ${pctText})`,
    };
  }
  return {
    dropped: false,
    baseline,
    compared: values.length,
    line: `history: ${now.found} ${now.unit}, ${changeText} against the median ${baseline} of the last ${values.length} good runs (--max-drop ${pctText})`,
  };
}

/** Lines of a history file; a line that does not parse is skipped (and counted). */
export function parseHistory(text: string): { entries: HistoryEntry[]; skipped: number } {
  const entries: HistoryEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v = JSON.parse(line) as Partial<HistoryEntry>;
      if (typeof v.date === 'string' && typeof v.verdict === 'string' && typeof v.scenario_hash === 'string')
        entries.push(v as HistoryEntry);
      else skipped += 1;
    } catch {
      skipped += 1;
    }
  }
  return { entries, skipped };
}

export function entryOf(
  c: CapacitySummary,
  meta: { date: Date; xloadVersion: string; scenarioHash: string; serverVersion: string | null },
): HistoryEntry {
  return {
    date: meta.date.toISOString(),
    axis: c.axis,
    unit: c.unit,
    verdict: c.verdict,
    found: c.highest_pass,
    lowest_fail: c.lowest_fail,
    first_broken_gate: c.first_broken_gate,
    slos: c.slos,
    xload_version: meta.xloadVersion,
    scenario_hash: meta.scenarioHash,
    server_version: meta.serverVersion,
  };
}
