import { RunAggregator } from '../../stats/aggregate.js';
import type { Plan } from '../../scenario/plan.js';
import type { OutputChain } from '../../output/chain.js';
import type { RunVerdict } from '../../output/types.js';
import type { ToShard } from '../protocol.js';
import { ClusterRelay } from './cluster-relay.js';
import { shareNodes, type NodeShare } from './cluster-plan.js';
import { DeliveryTracker } from './delivery.js';
import { IntervalClock } from './interval-clock.js';
import { LostNodes } from './lost-node.js';
import { InProcessLink } from './node-link.js';
import { nodeInit } from './node-init.js';
import { NodeTally } from './node-tally.js';
import { handleMessage } from './on-message.js';
import type { OpenNode } from './open-nodes.js';
import { checkRunPhase, type RunPhase } from './run-phase.js';
import type { RunOptions, RunResult } from './run.js';
import { interruptHandler, StopPolicy, type StopMode } from './stop-policy.js';
import type { RunStatus } from '../../report/summary-types.js';

/** How long nodes may take to get ready (agents probe their targets first). */
const READY_TIMEOUT_MS = 60_000;

/**
 * One run on open nodes: hands each node the plan and its share, starts every shard at one
 * agreed time, merges their interval snapshots and hands each closed interval to the
 * outputs, relays replicated state between nodes, and settles delivery at the end. Its
 * phase (run-phase.ts) says what it is doing; whatever happens (a worker crash, a lost
 * agent, Ctrl-C twice), what was collected reaches the outputs.
 */
export class RunCoordinator {
  phase: RunPhase = 'opening';
  readonly shares: NodeShare[];
  /** State is replicated and receipts journaled whenever a node is outside this process. */
  readonly multi: boolean;
  readonly relay: ClusterRelay | null;
  readonly shardCount: number;
  readonly tally: NodeTally;
  readonly aggregator: RunAggregator;
  readonly ready = new Set<number>();
  readonly done = new Set<number>();
  readonly lost: LostNodes;
  readonly stopper: StopPolicy;
  /** The highest arrival phase a shard reported. */
  loadPhase = 0;
  /** Epoch ms the shards start the load; 0 until it is sent. */
  startAt = 0;
  setupAt = 0;
  private readonly startedMs = Date.now();
  private readonly leadMs: number;
  private readonly collectDelayMs: number;
  private readonly clock = new IntervalClock();
  private readonly delivery: DeliveryTracker;
  private readonly finished: Promise<void>;
  private readyTimer: NodeJS.Timeout | undefined;
  private resolveFinished: () => void = () => {};

  constructor(
    readonly plan: Plan,
    readonly opts: RunOptions,
    readonly nodes: readonly OpenNode[],
    private readonly outputs: OutputChain,
  ) {
    const userIdMax = Math.max(plan.options.jabber.userIdMax, 1);
    this.shares = shareNodes(
      userIdMax,
      nodes.map((n) => n.shape),
    );
    const remote = nodes.some((n) => n.link.kind !== 'local');
    this.multi = nodes.length > 1 || remote;
    this.relay = this.multi ? new ClusterRelay(nodes.length, this.shares[0]!.seq.size, userIdMax) : null;
    this.shardCount = this.shares[0]!.shards.total;
    this.tally = new NodeTally(
      nodes.map((n, k) => ({
        name: n.link.name,
        kind: n.link.kind,
        shards: Array.from({ length: this.shares[k]!.shards.count }, (_, j) => this.shares[k]!.shards.first + j),
        ...(n.clock ? { clock: n.clock } : {}),
      })),
    );
    this.leadMs = remote ? 500 : 50;
    this.collectDelayMs = remote ? 400 : 150;
    this.aggregator = new RunAggregator({ intervalMs: opts.intervalMs, shards: this.shardCount, startedMs: this.startedMs });
    const single = !this.multi && nodes[0]!.link instanceof InProcessLink ? nodes[0]!.link : null;
    this.delivery = new DeliveryTracker(this.relay, single);
    this.lost = new LostNodes(opts.cluster?.maxLostAgents ?? 0);
    this.stopper = new StopPolicy({
      canStop: () => this.phase !== 'done',
      enterStopping: () => this.phase !== 'stopping' && this.setPhase('stopping'),
      send: (m) => this.send(m),
      finish: () => this.finish(),
    });
    this.finished = new Promise<void>((r) => (this.resolveFinished = r));
    outputs.start({
      runId: opts.runId,
      scenario: plan.scenario,
      startedMs: this.startedMs,
      xloadVersion: opts.xloadVersion,
      intervalMs: opts.intervalMs,
      shards: this.shardCount,
      servers: plan.servers.map((s) => `${s.type}://${s.host}:${s.port}`),
      domain: plan.options.jabber.domain,
      durationMs: opts.durationMs ?? null,
      ...(this.multi ? { nodes: this.tally.rows } : {}),
    });
  }

  /** Runs to the end and returns how it went; the outputs have ended when it resolves. */
  async run(): Promise<RunResult> {
    const unsubscribe = this.opts.onInterrupt?.(
      interruptHandler(this.stopper, {
        log: this.opts.log,
        loadStarted: () => this.startAt !== 0,
        finish: () => this.finish(),
      }),
    );
    this.readyTimer = setTimeout(() => {
      const missing = this.nodes.filter((_, k) => this.tally.rows[k]!.shards.some((s) => !this.ready.has(s)));
      this.stop(
        'abort',
        'failed',
        `not ready within ${READY_TIMEOUT_MS / 1000} s: ${missing.map((n) => `${n.link.kind} ${n.link.name}`).join(', ')}`,
      );
      this.finish();
    }, READY_TIMEOUT_MS);
    this.nodes.forEach((n, k) => {
      n.link.listen({ message: (m) => handleMessage(this, k, m), lost: (why) => this.lost.lose(this, k, why) });
      n.link.send(nodeInit(this.plan, this.opts, k, n.link.name, n.shape, this.shares[k]!, this.multi, n.clock?.offsetMs ?? 0));
    });
    try {
      await this.finished;
    } finally {
      unsubscribe?.();
      clearTimeout(this.readyTimer);
      this.stopper.clearTimers();
      this.clock.clear();
    }
    return this.end();
  }

  setPhase(to: RunPhase): void {
    // Whatever ends `opening` (every shard ready, or a stop) ends the wait for readiness.
    if (this.phase === 'opening') clearTimeout(this.readyTimer);
    this.phase = checkRunPhase(this.phase, to);
    this.outputs.phase(to, Date.now());
  }

  /** To every node still there. */
  send(m: ToShard): void {
    this.nodes.forEach((n, k) => this.lost.has(k) || n.link.send(m));
  }

  stop(mode: StopMode, why: RunStatus, text: string): void {
    this.stopper.request(mode, why, text);
  }

  /** The load is over (every shard done) or cut: the run ends. Idempotent. */
  finish(): void {
    if (this.phase === 'done') return;
    this.setPhase('done');
    this.resolveFinished();
  }

  finishIfAllDone(): void {
    if (this.done.size >= this.shardCount) this.finish();
  }

  startLoad(): void {
    this.startAt = Date.now() + this.leadMs;
    this.send({ type: 'start', startAt: this.startAt });
    this.setPhase('loading');
    this.clock.arm({
      startAt: this.startAt,
      intervalMs: this.opts.intervalMs,
      collectDelayMs: this.collectDelayMs,
      ...(this.opts.durationMs !== undefined ? { durationMs: this.opts.durationMs } : {}),
      onBoundary: (boundary) => this.closeInterval('load', boundary),
      onDuration: () => this.stop('graceful', 'completed', `--duration ${this.opts.durationMs! / 1000} s reached`),
    });
  }

  /** Closes the aggregator's interval at `boundary` and hands it to the outputs. */
  closeInterval(kind: 'setup' | 'load' | 'final', boundary: number): void {
    const record = this.aggregator.closeInterval(boundary);
    this.delivery.sample(boundary);
    this.outputs.interval(
      boundary,
      {
        kind,
        record,
        loadPhase: this.loadPhase,
        loadStartMs: this.startAt,
        totals: () => this.aggregator.totals(),
      },
      (v: RunVerdict) => this.stop('graceful', v.status ?? 'aborted', v.abort),
    );
  }

  private async end(): Promise<RunResult> {
    const endedAt = Date.now();
    // Anything posted after the last boundary goes into one final interval.
    this.closeInterval('final', Math.max(endedAt, this.startAt + 1) + 1);
    await this.outputs.drain();
    const totals = this.aggregator.totals();
    const messages = this.delivery.settle(totals.counters, this.stopper.cut, endedAt);
    await Promise.all(this.nodes.map((n) => n.link.close()));
    const { status, reason } = this.stopper.final(totals.counters);
    const durationS = (endedAt - (this.startAt || this.startedMs)) / 1000;
    if (this.multi) {
      this.nodes.forEach((n, k) => {
        const c = n.clockNow?.();
        if (c) this.tally.setClock(k, c);
      });
    }
    await this.outputs.end({
      status,
      ...(reason ? { reason } : {}),
      durationS,
      messages,
      totals,
      ...(this.multi ? { nodes: this.tally.rows } : {}),
    });
    return { status, ...(reason ? { reason } : {}), delivery: messages, durationS };
  }
}
