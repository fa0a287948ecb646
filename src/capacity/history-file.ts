/**
 * `--history DIR`: reads DIR/capacity-history.jsonl, judges the drop, appends this run, and
 * returns the entries report.html draws as the trend. The folder is checked before the search
 * (cli/output-paths.ts, checkAppendFolder); a file call that fails here, at the end, is said in
 * one line and the search keeps its verdict and exit code (issue 13).
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { NotAFileError, FileTooLargeError, READ_LIMITS, readErrorText, readRegularTextSync } from '../read-regular-file.js';
import { join } from 'node:path';
import type { CapacitySummary, CapacityTrend } from '../report/capacity-types.js';
import { trendOf } from '../report/capacity-trend.js';
import { fileSystemErrorText, isFileSystemError } from '../errors.js';
import { checkDrop, entryOf, parseHistory, type DropCheck } from './history.js';

export const HISTORY_FILE = 'capacity-history.jsonl';

/** What recording a result gave: the drop check and trend, or why the history could not be read. */
export type HistoryRecord =
  | {
      ok: true;
      check: DropCheck;
      trend: CapacityTrend;
      /** Set when this run's entry could not be appended (the check against the past still holds). */
      writeFailure?: string;
    }
  | { ok: false; failure: string };

export function recordHistory(
  dir: string,
  c: CapacitySummary,
  meta: { scenario: Buffer; xloadVersion: string; maxDrop: number; date: Date },
): HistoryRecord {
  const path = join(dir, HISTORY_FILE);
  let text = '';
  try {
    if (existsSync(path)) text = readRegularTextSync(path, READ_LIMITS.capacityHistory);
  } catch (err) {
    if (!(err instanceof NotAFileError || err instanceof FileTooLargeError || isFileSystemError(err))) throw err;
    return { ok: false, failure: `could not read the history ${path}: ${readErrorText(err)}` };
  }
  const past = parseHistory(text).entries;
  const scenarioHash = createHash('sha256').update(meta.scenario).digest('hex').slice(0, 16);
  const now = entryOf(c, { date: meta.date, xloadVersion: meta.xloadVersion, scenarioHash, serverVersion: c.server_version ?? null });
  const check = checkDrop(past, now, meta.maxDrop);
  const trend = trendOf(past, now, {
    baseline: check.baseline,
    baseline_runs: check.compared,
    max_drop: meta.maxDrop,
    dropped: check.dropped,
  });
  try {
    mkdirSync(dir, { recursive: true });
    appendFileSync(path, JSON.stringify(now) + '\n');
  } catch (err) {
    if (!isFileSystemError(err)) throw err;
    return { ok: true, check, trend, writeFailure: `could not add this run to the history ${path}: ${fileSystemErrorText(err)}` };
  }
  return { ok: true, check, trend };
}

/**
 * What the console says of a recorded history, and whether the run counts as a drop (exit
 * 97). A history that could not be read or written is an `error:` line, never an exit code of
 * its own: the search's verdict stands.
 */
export function historyReport(r: HistoryRecord): { lines: string[]; dropped: boolean } {
  if (!r.ok) return { lines: [`error: ${r.failure}; this run is not compared with past runs`], dropped: false };
  const lines = [r.check.line];
  if (r.writeFailure) lines.push(`error: ${r.writeFailure}; the next runs will not count it`);
  return { lines, dropped: r.check.dropped };
}
