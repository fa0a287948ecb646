import type { Plan } from '../../scenario/plan.js';
import type { RunStatus } from '../../report/summary-types.js';
import { OutputChain } from '../../output/chain.js';
import { NodesOutput } from '../../output/nodes.js';
import { ConsoleProgressOutput } from '../../output/progress.js';
import { StatsFileOutput } from '../../output/stats-file.js';
import type { RunOutput, RunSource } from '../../output/types.js';
import { describeNodes } from './console-lines.js';
import { storyOps } from '../../scenario/story-ops.js';
import { RunCoordinator } from './coordinator.js';
import type { DeliveryTotals } from './delivery.js';
import { openNodes, type ClusterOptions } from './open-nodes.js';

/** How a run is driven; all times in ms. */
export interface RunOptions {
  runId: string;
  /** The run folder (already created): stats.ndjson goes there. */
  dir: string;
  /** Worker threads of the local node; 0: its one shard on this thread. */
  workers: number;
  intervalMs: number;
  /** `--duration`, or the plan's `<load duration>`; absent = until the load is over. */
  durationMs?: number;
  requestTimeoutMs: number;
  progressEveryMs: number;
  seed: number;
  xloadVersion: string;
  /** One line for the console (progress, warnings). */
  log: (line: string) => void;
  /** Subscribe to stop requests (Ctrl-C, SIGTERM, SIGHUP: the signal's name); returns an unsubscribe function. */
  onInterrupt?: (handler: (signal?: string) => void) => () => void;
  /** Agents and child processes; absent = this process's worker threads only. */
  cluster?: ClusterOptions;
  /**
   * Outputs besides the run's own files and console lines (thresholds, dashboard, a capacity
   * driver): each sees every closed interval after stats.ndjson has it; a verdict stops the run.
   */
  outputs?: readonly RunOutput[];
  /** Data sampled at each interval boundary into that interval (server monitors). */
  sources?: readonly RunSource[];
}

export interface RunResult {
  status: RunStatus;
  reason?: string;
  delivery: DeliveryTotals;
  durationS: number;
}

const LOCAL_ONLY: ClusterOptions = { agents: [], localWeight: 1, processes: 1, maxLostAgents: 0, maxClockOffsetMs: 1000 };

/**
 * Runs a plan: opens its nodes (worker threads, child processes, remote agents), runs it
 * on them (RunCoordinator), and feeds the outputs in this order: stats.ndjson, the caller's
 * outputs, the console progress line, nodes.json.
 */
export async function runPlan(plan: Plan, opts: RunOptions): Promise<RunResult> {
  const outputs = new OutputChain(
    [
      new StatsFileOutput(opts.dir, opts.log),
      ...(opts.outputs ?? []),
      new ConsoleProgressOutput(opts.log, opts.progressEveryMs),
      new NodesOutput(opts.dir, opts.log),
    ],
    opts.sources ?? [],
    { sampleTimeoutMs: opts.intervalMs / 2, log: opts.log },
  );
  const cluster = opts.cluster ?? LOCAL_ONLY;
  // A story is the user's own code: a timer or socket it leaves behind would hold the
  // process after the run, which only terminating a worker thread reliably ends.
  let workers = Math.max(0, opts.workers);
  if (workers === 0 && storyOps(plan).length > 0) {
    workers = 1;
    opts.log('stories run on a worker thread: --workers 0 taken as 1');
  }
  const nodes = await openNodes(workers, cluster, opts.xloadVersion, opts.log);
  const lines = nodes.map((n) => ({
    kind: n.link.kind,
    name: n.link.name,
    workers: n.link.mainThread ? 0 : n.shape.workers,
    ...(n.shape.maxUsers !== undefined ? { maxUsers: n.shape.maxUsers } : {}),
  }));
  opts.log(`load on ${describeNodes(lines)}`);
  return new RunCoordinator(plan, { ...opts, cluster }, nodes, outputs).run();
}
