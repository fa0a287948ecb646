/**
 * Nightly capacity history (pure part): one JSON line per search result, and whether the
 * capacity dropped beyond `--max-drop` against the median of the last 7 good runs of the
 * same scenario and axis.
 */
import type { CapacitySummary } from '../report/capacity-types.js';

export interface HistoryEntry {
  date: string;
  axis: CapacitySummary['axis'];
  unit: string;
  verdict: CapacitySummary['verdict'];
  /** The highest passing level (the median one with --repeat); null without a figure. */
  found: number | null;
  lowest_fail: number | null;
  first_broken_gate: string | null;
  slos: string[];
  xload_version: string;
  /** sha256 of the scenario file as given (first 16 hex digits). */
  scenario_hash: string;
  /** The server's software by XEP-0092 ("ejabberd 23.01"); null when the probe got no answer. */
  server_version: string | null;
}

/** Runs that produced a capacity figure. (`max-level` is only a lower bound: never a baseline, never a drop.) */
export function isGood(e: HistoryEntry): e is HistoryEntry & { found: number } {
  return e.verdict === 'found' && e.found !== null;
}

export const HISTORY_WINDOW = 7;

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
  const same = past.filter((e) => e.scenario_hash === now.scenario_hash && e.axis === now.axis && isGood(e)).slice(-HISTORY_WINDOW);
  const values = same.map((e) => e.found!).sort((a, b) => a - b);
  if (values.length === 0)
    return { dropped: false, baseline: null, compared: 0, line: 'history: first good run of this scenario and axis, nothing to compare' };
  const mid = values.length / 2;
  const baseline = values.length % 2 ? values[Math.floor(mid)]! : (values[mid - 1]! + values[mid]!) / 2;
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
