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
  // Opening the nodes (an agent's connect and hello: up to ~10 s) comes before the
  // coordinator exists. A Ctrl-C, SIGTERM or SIGHUP in that time is held, not left to
  // Node's default exit, and handed to the coordinator once it listens: the run then stops
  // at once through the usual path, with its summary and the signal's name.
  const held: (string | undefined)[] = [];
  const release = opts.onInterrupt?.((signal) => {
    held.push(signal);
    if (held.length === 1) opts.log('interrupted while the nodes open: the run stops as soon as they are open');
  });
  let nodes: Awaited<ReturnType<typeof openNodes>>;
  try {
    nodes = await openNodes(workers, cluster, opts.xloadVersion, opts.log);
  } finally {
    release?.();
  }
  const lines = nodes.map((n) => ({
    kind: n.link.kind,
    name: n.link.name,
    workers: n.link.mainThread ? 0 : n.shape.workers,
    ...(n.shape.maxUsers !== undefined ? { maxUsers: n.shape.maxUsers } : {}),
  }));
  opts.log(`load on ${describeNodes(lines)}`);
  const onInterrupt = opts.onInterrupt && held.length > 0 ? replayHeld(opts.onInterrupt, held) : opts.onInterrupt;
  return new RunCoordinator(plan, { ...opts, cluster, ...(onInterrupt ? { onInterrupt } : {}) }, nodes, outputs).run();
}

/**
 * `subscribe`, and the signals held while the nodes opened delivered to the new handler
 * after the coordinator's synchronous start (the nodes have their init by then).
 */
export function replayHeld(
  subscribe: NonNullable<RunOptions['onInterrupt']>,
  held: readonly (string | undefined)[],
): NonNullable<RunOptions['onInterrupt']> {
  return (handler) => {
    const off = subscribe(handler);
    queueMicrotask(() => held.forEach((signal) => handler(signal)));
    return off;
  };
}
