import { resolve } from 'node:path';
import { defineCommand } from './command.js';
import { ExitCode } from './exit-codes.js';
import { XloadError } from '../errors.js';
import { checkFlags } from '../ranges.js';
import { loadCompareSide } from '../report/compare-load.js';
import { compareRuns } from '../report/compare.js';
import { renderCompareText } from '../report/compare-text.js';
import { renderCompareHtml } from '../report/compare-html.js';
import { writeOrSay } from '../report/write-run.js';
import { checkOutputFile, OutputPathError } from './output-paths.js';

interface CompareArgs {
  a: string;
  b: string;
  'max-regression': number;
  'min-change-ms': number;
  html?: string;
  json: boolean;
}

/** Input problems compare answers with exit code badInput. */
const BAD_INPUT = new Set(['stats_missing', 'stats_format', 'bad_histogram', 'summary_format', 'not_a_file', 'file_too_large']);

/** `xload compare A B`: B (new) against A (baseline); exit 98 on a regression. */
export const compareCommand = defineCommand<CompareArgs>({
  command: 'compare <a> <b>',
  describe: 'compare run B against baseline run A (run folders, summary.json or stats.ndjson); exit 98 on regression',
  builder: (y) =>
    y
      .positional('a', { type: 'string', demandOption: true, describe: 'baseline run (e.g. the last good nightly run)' })
      .positional('b', { type: 'string', demandOption: true, describe: 'new run' })
      .option('max-regression', {
        type: 'number',
        default: 10,
        describe: 'a gated figure that gets worse by more than this % is a regression',
      })
      .option('min-change-ms', { type: 'number', default: 1, describe: 'latency changes smaller than this (ms) are never regressions' })
      .option('html', { type: 'string', describe: "also write the comparison, with both runs' latency curves, as a page to FILE" })
      .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON instead of a table' }),
  run: async (args, io) => {
    if (typeof args.a !== 'string' || typeof args.b !== 'string') return ExitCode.usage;
    const badFlag = checkFlags([
      ['max-regression', args['max-regression'], 'percentChange'],
      ['min-change-ms', args['min-change-ms'], 'durationMs'],
    ]);
    if (badFlag) {
      io.stderr.write(`xload: ${badFlag}\n`);
      return ExitCode.usage;
    }
    if (args.html !== undefined) {
      try {
        checkOutputFile('--html', args.html, io.cwd);
      } catch (err) {
        if (!(err instanceof OutputPathError)) throw err;
        io.stderr.write(`xload: ${err.message}\n`);
        return ExitCode.usage;
      }
    }
    let sides;
    try {
      sides = [loadCompareSide(resolve(io.cwd, args.a)), loadCompareSide(resolve(io.cwd, args.b))] as const;
    } catch (err) {
      if (err instanceof XloadError && BAD_INPUT.has(err.code)) {
        io.stderr.write(`xload: ${err.message}\n`);
        return ExitCode.badInput;
      }
      throw err;
    }
    const [a, b] = sides;
    const c = compareRuns(a, b, { maxRegressionPct: args['max-regression'], minChangeMs: args['min-change-ms'] });
    if (args.json)
      io.stdout.write(`${JSON.stringify(c, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v), 2)}\n`);
    else io.stdout.write(renderCompareText(c));
    if (args.html) {
      const path = resolve(io.cwd, args.html);
      const failure = writeOrSay(path, () => renderCompareHtml(c, { a: a.curves, b: b.curves }));
      // The comparison's verdict stands (it is printed above); the page's failure is said.
      io.stderr.write(failure ? `xload: --html: ${failure}\n` : `xload: comparison page: ${path}\n`);
    }
    return c.regressions > 0 ? ExitCode.regression : ExitCode.ok;
  },
});
