/**
 * The flags every command that runs load shares (`start`, `capacity`): where the run folder
 * goes, how many worker threads, the stats interval, the reply timeout, progress lines and
 * the seed. One table and one range check, so the two commands cannot drift apart.
 */
import type { Argv } from 'yargs';
import type { RangeName } from '../ranges.js';

export interface RunArgs {
  workers?: number;
  'log-dir'?: string;
  out?: string;
  interval: number;
  'request-timeout': number;
  progress: number;
  seed?: number;
}

export type FlagRow = readonly [flag: string, value: unknown, range: RangeName];

/** Adds the shared run flags; `progressDefault` is seconds between console progress lines (0: none). */
export function runOptions<T>(y: Argv<T>, progressDefault: number): Argv<T & RunArgs> {
  return y
    .option('workers', { type: 'number', describe: 'worker threads (shards); default: CPU cores' })
    .option('log-dir', {
      alias: 'l',
      type: 'string',
      describe: 'put the run folder <run-id>/ under DIR (default ./reports), as Tsung -l',
    })
    .option('out', { type: 'string', describe: 'write the run files exactly into DIR (for scripts and CI)' })
    .option('interval', { type: 'number', default: 1, describe: 'stats interval, seconds' })
    .option('request-timeout', { type: 'number', default: 30, describe: 'reply timeout for acked requests, seconds' })
    .option('progress', { type: 'number', default: progressDefault, describe: 'seconds between console progress lines (0: none)' })
    .option('seed', { type: 'number', describe: 'random seed (default: the scenario seed option, else random)' }) as Argv<T & RunArgs>;
}

/** The shared flags' range checks, for checkFlags(); `afterWorkers` keeps a command's own rows in its order. */
export function runFlagRows(args: RunArgs, afterWorkers: readonly FlagRow[] = []): FlagRow[] {
  return [
    ['workers', args.workers, 'threads'],
    ...afterWorkers,
    ['interval', args.interval, 'positiveSeconds'],
    ['request-timeout', args['request-timeout'], 'positiveSeconds'],
    ['progress', args.progress, 'seconds'],
    ['seed', args.seed, 'seed'],
  ];
}
