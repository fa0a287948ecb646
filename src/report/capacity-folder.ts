/**
 * The files of a capacity run folder's top: summary.json (the best level's run summary with
 * `capacity` added, so readers of summary.json keep working) and report.html. `xload
 * report DIR` on such a folder (it has no stats.ndjson of its own: the levels have theirs)
 * redraws report.html from summary.json, trend included.
 */
import { existsSync } from 'node:fs';
import { READ_LIMITS, readRegularTextSync } from '../read-regular-file.js';
import { join } from 'node:path';
import type { CapacityLevel, CapacitySummary } from './capacity-types.js';
import { renderCapacityHtml } from './capacity-html.js';
import type { Summary } from './summary-types.js';
import { REPORT_FILE, SUMMARY_FILE, writeOrSay } from './write-run.js';

/** The level whose run summary speaks for the folder: the longest hold at the highest pass, else the highest pass, else the last. */
export function bestLevel(capacity: CapacitySummary): CapacityLevel | undefined {
  const levels = capacity.searches.flatMap((s) => s.levels);
  return (
    [...levels].filter((l) => l.outcome === 'pass' && l.level === capacity.highest_pass).sort((a, b) => b.hold_s - a.hold_s)[0] ??
    [...levels].filter((l) => l.outcome === 'pass').sort((a, b) => b.level - a.level)[0] ??
    levels.at(-1)
  );
}

/** Writes DIR/summary.json and DIR/report.html; returns the write failures, one line each. */
export function writeCapacityFolder(dir: string, capacity: CapacitySummary): string[] {
  const best = bestLevel(capacity);
  const from = best ? join(dir, best.dir, SUMMARY_FILE) : undefined;
  const base = from && existsSync(from) ? (JSON.parse(readRegularTextSync(from, READ_LIMITS.summaryJson)) as Summary) : undefined;
  const summary = base ? { ...base, capacity } : { capacity };
  return [
    writeOrSay(join(dir, SUMMARY_FILE), () => JSON.stringify(summary, null, 2) + '\n'),
    writeOrSay(join(dir, REPORT_FILE), () => renderCapacityHtml(capacity, best?.dir)),
  ].filter((f): f is string => f !== undefined);
}

/** The `capacity` section of DIR/summary.json when DIR is a capacity run folder (no stats.ndjson of its own). */
export function capacityFolderSummary(dir: string): CapacitySummary | undefined {
  const path = join(dir, SUMMARY_FILE);
  if (existsSync(join(dir, 'stats.ndjson')) || !existsSync(path)) return undefined;
  try {
    return (JSON.parse(readRegularTextSync(path, READ_LIMITS.summaryJson)) as Partial<Summary>).capacity;
  } catch {
    return undefined;
  }
}

/** Redraws DIR/report.html of a capacity run folder; returns the write failures. */
export function rebuildCapacityReport(dir: string, capacity: CapacitySummary): string[] {
  const f = writeOrSay(join(dir, REPORT_FILE), () => renderCapacityHtml(capacity, bestLevel(capacity)?.dir));
  return f === undefined ? [] : [f];
}
