import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { XloadError } from '../errors.js';
import { NotAFileError, notAFileKind, READ_LIMITS, readRegularTextSync } from '../read-regular-file.js';
import { buildReportModel } from './model.js';
import { readStatsNdjson } from './ndjson.js';
import type { PercentileCurve } from './distribution.js';
import { READABLE_SUMMARY_SCHEMAS } from './summary-types.js';
import type { Summary } from './summary-types.js';
import { STATS_FILE, SUMMARY_FILE } from './write-run.js';

/** One side of a comparison: its summary and, when its stats.ndjson was there, its latency curves. */
export interface CompareSide {
  /** How the run is called in tables and charts (its folder name). */
  label: string;
  path: string;
  summary: Summary;
  /** HDR percentile curves per metric; from summary.json alone, the few percentiles it holds. */
  curves: Record<string, PercentileCurve>;
  /** What was odd about the input (truncated stats, only a summary, ...). */
  warnings: string[];
}

/** summary.json is not one xload wrote, or is of a schema this version does not read. */
export class SummaryFormatError extends XloadError {
  constructor(path: string, detail: string) {
    super('summary_format', `${path}: ${detail}`);
  }
}

/**
 * Reads a run for `xload compare`: a run folder (its stats.ndjson, else its summary.json), a
 * summary.json, or a stats.ndjson. stats.ndjson is preferred: it has the full histograms and
 * works for a killed run that never wrote summary.json.
 */
export function loadCompareSide(path: string): CompareSide {
  let dir = path;
  let file: string | undefined;
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.isFile()) {
      dir = dirname(path);
      file = path;
    } else if (!st.isDirectory()) {
      throw new NotAFileError(path, notAFileKind(st) ?? 'not a file');
    }
  }
  const label = basename(dir) || dir;
  const statsPath = file?.endsWith('.ndjson') ? file : file === undefined ? join(dir, STATS_FILE) : undefined;
  if (statsPath !== undefined && existsSync(statsPath)) {
    const model = buildReportModel(readStatsNdjson(statsPath));
    return { label, path, summary: model.summary, curves: model.distributions, warnings: model.warnings };
  }
  const summaryPath = file ?? join(dir, SUMMARY_FILE);
  let text: string;
  try {
    text = readRegularTextSync(summaryPath, READ_LIMITS.summaryJson);
  } catch (err) {
    if (err instanceof XloadError) throw err;
    throw new XloadError('stats_missing', `${path}: neither ${STATS_FILE} nor ${SUMMARY_FILE} found`);
  }
  const summary = parseSummary(text, summaryPath);
  return {
    label,
    path,
    summary,
    curves: curvesFromSummary(summary),
    warnings: [`${label}: only ${SUMMARY_FILE} (no ${STATS_FILE}): latency curves have 5 points`],
  };
}

export function parseSummary(text: string, path: string): Summary {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw new SummaryFormatError(path, 'not JSON');
  }
  const schema = (obj as { schema?: unknown } | null)?.schema;
  if (typeof schema !== 'string' || !READABLE_SUMMARY_SCHEMAS.includes(schema)) {
    throw new SummaryFormatError(
      path,
      `unknown schema ${JSON.stringify(schema)} (this xload reads ${READABLE_SUMMARY_SCHEMAS.join(', ')})`,
    );
  }
  const s = obj as Summary;
  for (const k of ['users', 'messages', 'metrics', 'counters', 'errors'] as const) {
    if (typeof s[k] !== 'object' || s[k] === null) throw new SummaryFormatError(path, `"${k}" is missing`);
  }
  s.thresholds ??= [];
  // Written before /3: no samples, not an error.
  if (typeof s.error_samples !== 'object' || s.error_samples === null) s.error_samples = {};
  return s;
}

function curvesFromSummary(s: Summary): Record<string, PercentileCurve> {
  const out: Record<string, PercentileCurve> = {};
  for (const [name, m] of Object.entries(s.metrics)) {
    if (m.count === 0) continue;
    out[name] = { percentile: [0, 50, 90, 99, 99.9, 100], value_ms: [m.min_ms, m.p50_ms, m.p90_ms, m.p99_ms, m.p999_ms, m.max_ms] };
  }
  return out;
}
