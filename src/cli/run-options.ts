/**
 * The flags every command that runs load shares (`start`, `capacity`): where the run folder
 * goes, how many worker threads, the stats interval, the reply timeout, progress lines and
 * the seed. One table and one range check, so the two commands cannot drift apart.
 */
import type { Argv } from 'yargs';
import type { RangeName } from '../ranges.js';
import { checkOutputFile, OutputPathError, prepareOutputFolder } from './output-paths.js';

export interface RunArgs {
  workers?: number;
  'log-dir'?: string;
  out?: string;
  force?: boolean;
  interval: number;
  'request-timeout': number;
  progress: number;
  seed?: number;
}

export type FlagRow = readonly [flag: string, value: unknown, range: RangeName];

/** Adds the shared run flags; `progressDefault` is seconds between console progress lines (0: none). */
export function runOptions<T>(y: Argv<T>, progressDefault: number): Argv<T & RunArgs> {
  return y
    .option('workers', {
      type: 'number',
      describe:
        "worker threads (shards); 0: one shard on the main thread; default: start, from the plan's load up to the CPU cores; capacity, the CPU cores",
    })
    .option('log-dir', {
      alias: 'l',
      type: 'string',
      describe: 'put the run folder <run-id>/ under DIR (default ./reports), as Tsung -l',
    })
    .option('out', { type: 'string', describe: 'write the run files exactly into DIR (for scripts and CI)' })
    .option('force', { type: 'boolean', describe: 'with --out: write over the earlier run in DIR (refused without it)' })
    .option('interval', { type: 'number', default: 1, describe: 'stats interval, seconds' })
    .option('request-timeout', { type: 'number', default: 30, describe: 'reply timeout for acked requests, seconds' })
    .option('progress', { type: 'number', default: progressDefault, describe: 'seconds between console progress lines (0: none)' })
    .option('seed', { type: 'number', describe: 'random seed (default: the scenario seed option, else random)' }) as Argv<T & RunArgs>;
}

/** The shared flags' range checks, for checkFlags(); `afterWorkers` keeps a command's own rows in its order. */
export function runFlagRows(args: RunArgs, afterWorkers: readonly FlagRow[] = []): FlagRow[] {
  return [
    ['workers', args.workers, 'workers'],
    ...afterWorkers,
    ['interval', args.interval, 'positiveSeconds'],
    ['request-timeout', args['request-timeout'], 'positiveSeconds'],
    ['progress', args.progress, 'seconds'],
    ['seed', args.seed, 'seed'],
  ];
}

/**
 * The run's output paths checked before anything runs (nothing is created):
 * `--out`, `-l`/`--log-dir` (default ./reports) and the extra files (`--junit`). Returns the
 * one-line message for exit 2, or undefined.
 */
export function checkRunPaths(
  args: RunArgs,
  cwd: string,
  files: readonly (readonly [flag: string, path: string | undefined])[] = [],
): string | undefined {
  try {
    if (args.out !== undefined) prepareOutputFolder({ flag: '--out', path: args.out, cwd, runFolder: true, force: args.force === true });
    else
      prepareOutputFolder({
        flag: args['log-dir'] !== undefined ? '--log-dir' : 'the run folder base',
        path: args['log-dir'] ?? 'reports',
        cwd,
      });
    for (const [flag, path] of files) if (path !== undefined) checkOutputFile(flag, path, cwd);
    return undefined;
  } catch (err) {
    if (err instanceof OutputPathError) return err.message;
    throw err;
  }
}
