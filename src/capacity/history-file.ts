/**
 * `--history DIR`: reads DIR/capacity-history.jsonl, judges the drop, appends this run, and
 * returns the entries report.html draws as the trend.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CapacitySummary, CapacityTrend } from '../report/capacity-types.js';
import { trendOf } from '../report/capacity-trend.js';
import { checkDrop, entryOf, parseHistory, type DropCheck } from './history.js';

export const HISTORY_FILE = 'capacity-history.jsonl';

export function recordHistory(
  dir: string,
  c: CapacitySummary,
  meta: { scenario: Buffer; xloadVersion: string; maxDrop: number; date: Date },
): { check: DropCheck; trend: CapacityTrend } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, HISTORY_FILE);
  const past = existsSync(path) ? parseHistory(readFileSync(path, 'utf8')).entries : [];
  const scenarioHash = createHash('sha256').update(meta.scenario).digest('hex').slice(0, 16);
  const now = entryOf(c, { date: meta.date, xloadVersion: meta.xloadVersion, scenarioHash, serverVersion: c.server_version ?? null });
  const check = checkDrop(past, now, meta.maxDrop);
  appendFileSync(path, JSON.stringify(now) + '\n');
  const trend = trendOf(past, now, {
    baseline: check.baseline,
    baseline_runs: check.compared,
    max_drop: meta.maxDrop,
    dropped: check.dropped,
  });
  return { check, trend };
}
