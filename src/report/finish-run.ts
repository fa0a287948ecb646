import { closeSync, fstatSync, openSync, readSync, ftruncateSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StatsFormatError } from './errors.js';
import { fileSystemErrorText, isFileSystemError } from '../errors.js';
import { readStatsNdjson } from './ndjson.js';
import type { StatsEnd, StatsRead } from './ndjson.js';
import { buildReportModelWithTotals } from './model.js';
import { STATS_FILE, writeRunOutputs } from './write-run.js';
import { readNodesFile } from './nodes-file.js';
import type { RunOutputs } from './write-run.js';
import { evaluateAll } from '../thresholds/thresholds.js';
import type { Threshold } from '../thresholds/thresholds.js';

/**
 * The end of `xload start`: evaluates the thresholds on the finished run's data (exact
 * histograms and the settled delivery accounting, which only the end line has), records
 * the results in stats.ndjson's end line, and writes summary.json and report.html. Keeping
 * the results in the end line means `xload report DIR` rebuilds the same thresholds table.
 * `trippedExpr` marks the abort_on_fail threshold that stopped the run.
 */
export function finishRunOutputs(dir: string, thresholds: readonly Threshold[], trippedExpr?: string): RunOutputs {
  const path = join(dir, STATS_FILE);
  const data = readStatsNdjson(path);
  if (thresholds.length === 0 || data.end === undefined) return writeRunOutputs(dir, { data });
  // One decoding pass serves the thresholds (exact histograms) and the report.
  const nodes = readNodesFile(dir, data.warnings);
  const { model, totals } = buildReportModelWithTotals(nodes ? { ...data, nodes } : data);
  const results = evaluateAll(thresholds, { summary: model.summary, histograms: totals.metrics }).map((r) =>
    r.expr === trippedExpr ? { ...r, ok: false, aborted: true } : r,
  );
  const end: StatsEnd = { ...data.end, thresholds: results };
  let endLineFailure: string | undefined;
  try {
    replaceEndLine(path, end);
  } catch (err) {
    if (!isFileSystemError(err)) throw err;
    endLineFailure = `could not record the thresholds in ${path}: ${fileSystemErrorText(err)}`;
  }
  model.summary.thresholds = results;
  const amended: StatsRead = { ...data, end };
  const out = writeRunOutputs(dir, { data: amended, model });
  if (endLineFailure) out.writeFailures.unshift(endLineFailure);
  return out;
}

/**
 * Rewrites the last line of a closed stats.ndjson (the end line) in place: truncate to the
 * start of that line, append the new one. The run is over, so nobody else writes the file.
 */
export function replaceEndLine(path: string, end: StatsEnd): void {
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 1 << 20);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    // The file ends with "\n"; the end line starts after the newline before that one.
    const prev = tail.lastIndexOf(0x0a, tailLen - 2);
    if (prev < 0) throw new StatsFormatError(path, 'cannot find the end line to record thresholds');
    const lineStart = size - tailLen + prev + 1;
    const old = JSON.parse(tail.subarray(prev + 1).toString('utf8')) as { type?: unknown };
    if (old.type !== 'end') throw new StatsFormatError(path, 'last line is not the end line');
    ftruncateSync(fd, lineStart);
    writeSync(fd, JSON.stringify({ ...end, type: 'end' }) + '\n', lineStart);
  } finally {
    closeSync(fd);
  }
}
