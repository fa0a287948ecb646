import { rmSync, writeFileSync } from 'node:fs';
import { fileSystemErrorText, isFileSystemError } from '../errors.js';
import { join } from 'node:path';
import { buildReportModel } from './model.js';
import type { ReportModel } from './model.js';
import { renderHtml } from './html.js';
import type { RenderOptions } from './html.js';
import { readStatsNdjson } from './ndjson.js';
import type { StatsRead } from './ndjson.js';
import type { Summary } from './summary-types.js';
import { readNodesFile } from './nodes-file.js';

/** Where the outputs went, what the summary says, and what was odd in the data. */
export interface RunOutputs {
  summaryPath: string;
  htmlPath: string;
  summary: Summary;
  warnings: string[];
  /** What report.html shows (for further outputs such as --png). */
  model: ReportModel;
  /**
   * Writes that failed (a full disk, a read-only folder), one line each: the summary above is
   * still right, so the caller says these and keeps its exit code.
   */
  writeFailures: string[];
}

export const STATS_FILE = 'stats.ndjson';
export const SUMMARY_FILE = 'summary.json';
export const REPORT_FILE = 'report.html';

/**
 * Writes DIR/summary.json and DIR/report.html from DIR/stats.ndjson. The live run calls this
 * after closing its NdjsonWriter and `xload report DIR` calls it on an old run: one path, so a
 * rebuilt report equals the one the run wrote. Pass `data` to skip re-reading the file.
 */
export function writeRunOutputs(dir: string, opts: RenderOptions & { data?: StatsRead; model?: ReportModel } = {}): RunOutputs {
  const data = opts.data ?? readStatsNdjson(join(dir, STATS_FILE));
  const nodes = opts.model ? undefined : readNodesFile(dir, data.warnings);
  const model = opts.model ?? buildReportModel(nodes ? { ...data, nodes } : data);
  const summaryPath = join(dir, SUMMARY_FILE);
  const htmlPath = join(dir, REPORT_FILE);
  const writeFailures = [
    writeOrSay(summaryPath, () => JSON.stringify(model.summary, null, 2) + '\n'),
    writeOrSay(htmlPath, () => renderHtml(model, opts.chartJs === undefined ? {} : { chartJs: opts.chartJs })),
  ].filter((f) => f !== undefined);
  return { summaryPath, htmlPath, summary: model.summary, warnings: data.warnings, model, writeFailures };
}

/**
 * Writes one output file; a file-system failure (ENOSPC, EROFS, EACCES…) is returned as one
 * line instead of thrown, and a half-written file is removed. Returns undefined when written.
 */
export function writeOrSay(path: string, text: () => string | Uint8Array): string | undefined {
  try {
    writeFileSync(path, text());
    return undefined;
  } catch (err) {
    if (!isFileSystemError(err)) throw err;
    try {
      rmSync(path, { force: true });
    } catch {
      // Nothing more to do: the failure is said.
    }
    return `could not write ${path}: ${fileSystemErrorText(err)}`;
  }
}
