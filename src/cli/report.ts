import { join, resolve } from 'node:path';
import { defineCommand } from './command.js';
import { ExitCode } from './exit-codes.js';
import { XloadError } from '../errors.js';
import { REPORT_FILE, writeRunOutputs } from '../report/write-run.js';
import { capacityFolderSummary, rebuildCapacityReport } from '../report/capacity-folder.js';
import { writePngs } from '../report/png.js';

interface ReportArgs {
  dir: string;
  png: boolean;
}

/** Input problems `report` answers with exit code badInput (a one-line message, no stack). */
const BAD_INPUT = new Set(['stats_missing', 'stats_format', 'bad_histogram', 'not_a_file', 'file_too_large']);

/** `xload report DIR`: rebuild DIR/report.html and DIR/summary.json from DIR/stats.ndjson. */
export const reportCommand = defineCommand<ReportArgs>({
  command: 'report <dir>',
  describe: 'rebuild report.html and summary.json of a run from its stats.ndjson',
  builder: (y) =>
    y.positional('dir', { type: 'string', demandOption: true, describe: 'run directory (reports/<run-id>)' }).option('png', {
      type: 'boolean',
      default: false,
      describe: 'also write each chart as DIR/png/<chart>.png (needs the optional chartjs-node-canvas)',
    }),
  run: async (args, io) => {
    // yargs has already printed the usage error, but main()'s fail() lets the handler run.
    if (typeof args.dir !== 'string') return ExitCode.usage;
    const dir = resolve(io.cwd, args.dir);
    // A capacity run folder has no stats.ndjson of its own (its levels do): redraw its page from summary.json.
    const capacity = capacityFolderSummary(dir);
    if (capacity) {
      const failures = rebuildCapacityReport(dir, capacity);
      for (const f of failures) io.stderr.write(`xload: ${f}\n`);
      if (failures.length > 0) return ExitCode.usage;
      io.stdout.write(`${join(dir, REPORT_FILE)}\n`);
      return ExitCode.ok;
    }
    try {
      const out = writeRunOutputs(dir);
      for (const w of out.warnings) io.stderr.write(`xload: warning: ${w}\n`);
      if (out.writeFailures.length > 0) {
        for (const f of out.writeFailures) io.stderr.write(`xload: ${f}\n`);
        return ExitCode.usage;
      }
      io.stdout.write(`${out.summaryPath}\n${out.htmlPath}\n`);
      if (args.png) {
        for (const f of await writePngs(dir, out.model)) io.stdout.write(`${f}\n`);
      }
      return ExitCode.ok;
    } catch (err) {
      if (err instanceof XloadError && err.code === 'png_unavailable') {
        // The HTML report and summary.json are written; only the PNGs could not be.
        io.stderr.write(`xload: ${err.message}\n`);
        return ExitCode.usage;
      }
      if (err instanceof XloadError && BAD_INPUT.has(err.code)) {
        io.stderr.write(`xload: ${err.message}\n`);
        return ExitCode.badInput;
      }
      throw err;
    }
  },
});
