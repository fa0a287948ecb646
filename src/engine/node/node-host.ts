import { Worker } from 'node:worker_threads';
import { PROTOCOL_VERSION, type FromShard, type NodeInit, type ToShard } from '../protocol.js';
import type { Segment } from '../segment.js';
import { OnlineReplica } from '../shared/online-replica.js';
import { nameSlotCount } from '../shard/file-sources.js';
import { RelayedBarrier } from '../shared/relayed-barrier.js';
import { anchoredNow, processAnchor } from '../shard/wall-clock.js';
import { attachSharedState, createNodeBuffers, createSharedBuffers, type SharedBuffers, type SharedState } from '../shared/shared-state.js';
import { InProcessShard, type ShardThread } from './in-process-shard.js';
import { entryUrl } from '../../entry-url.js';
import { letYoungGenerationGrow } from './young-generation.js';

export interface NodeHostOptions {
  /**
   * Run the node's one shard on this thread instead of a worker (`--workers 0`; the
   * default for small local runs): in-process-shard.ts says why.
   */
  inProcess?: boolean;
}

/** How often a node of a multi-node run reports its replicated state. */
export const SYNC_EVERY_MS = 100;
/**
 * How often a node looks for online-set changes to ship at once (issue 7): a user who left
 * must stop being picked on other nodes within its leave grace (LEAVE_GRACE_MS). Costs one
 * atomic load when nothing changed.
 */
export const ONLINE_SYNC_MS = 10;

/**
 * V8's young generation per worker isolate, MiB (two semi-spaces plus the new large-object
 * space, so 3 × the semi-space). V8's default grows it to 3 × 16 MiB, and a shard's garbage
 * is short-lived (stanza strings, buffers), so a small nursery costs no CPU (fewer
 * survivors copied per scavenge) and keeps tens of MiB of RSS per worker: bench/README.md,
 * "Issue 6", has the measurements behind the value. XLOAD_WORKER_YOUNG_MB overrides it
 * (0 = V8's default) for such measurements.
 */
export const WORKER_YOUNG_GENERATION_MB = 6;

/** The worker's young-generation cap in MiB, or undefined for V8's default. */
export function workerYoungGenerationMb(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env['XLOAD_WORKER_YOUNG_MB'];
  const mb = raw === undefined || raw === '' ? WORKER_YOUNG_GENERATION_MB : Number(raw);
  return Number.isFinite(mb) && mb > 0 ? mb : undefined;
}

/**
 * One node: the process that runs some shards on worker threads (the coordinator's own
 * process, a child process, or an agent), or its one shard on its own thread. It owns the SharedArrayBuffer tables its
 * threads share, splits its segment between them, forwards their FromShard messages
 * unchanged, and in a multi-node run replicates the online set, the global-ack barrier
 * and its stamped-seq count through the coordinator every SYNC_EVERY_MS.
 */
export class NodeHost {
  readonly buffers: SharedBuffers;
  readonly state: SharedState;
  private readonly workers: ShardThread[] = [];
  private readonly done = new Set<number>();
  private readonly replica: OnlineReplica | null;
  private syncTimer: NodeJS.Timeout | null = null;
  private onlineTimer: NodeJS.Timeout | null = null;
  private appliedRemote = 0;
  private lastSent = { arrivals: -1, issued: -1, at: 0 };
  private aborting = false;

  constructor(
    readonly init: NodeInit,
    private readonly emit: (m: FromShard) => void,
    opts: NodeHostOptions = {},
  ) {
    const { plan } = init;
    const max = Math.max(plan.options.jabber.userIdMax, 1);
    // CSV-named users get online-set slots after the numbered ones (name-slots.ts).
    const names = nameSlotCount(plan);
    this.buffers = init.replicated
      ? createNodeBuffers(max, plan.options.jabber.globalNumber, init.ids, init.seq, names)
      : createSharedBuffers(max, plan.options.jabber.globalNumber, names);
    this.state = attachSharedState(this.buffers);
    this.replica = init.replicated ? new OnlineReplica(this.buffers.online, init.ids) : null;
    const workerUrl = entryUrl('shard-worker');
    const youngMb = workerYoungGenerationMb();
    const resourceLimits = youngMb === undefined ? {} : { maxYoungGenerationSizeMb: youngMb };
    const { first, count, total } = init.shards;
    if (opts.inProcess && count !== 1) throw new Error(`an in-process node runs one shard, not ${count}`);
    // Worker isolates scavenge a capped young generation: let it grow to its cap (young-generation.ts).
    if (!opts.inProcess) letYoungGenerationGrow();
    for (let j = 0; j < count; j++) {
      const index = first + j;
      const fatal = (message: string, stack?: string) =>
        this.fromWorker({ type: 'fatal', shard: index, message, ...(stack ? { stack } : {}) });
      let w: ShardThread;
      if (opts.inProcess) {
        w = new InProcessShard({ message: (m) => this.fromWorker(m), fatal });
      } else {
        const worker = new Worker(workerUrl, { resourceLimits });
        worker.on('message', (m: FromShard) => this.fromWorker(m));
        worker.on('error', (err) => fatal(err.message, err.stack));
        worker.on('exit', (code) => {
          if (!this.done.has(index) && !this.aborting) fatal(`worker exited with code ${code}`);
        });
        w = worker;
      }
      this.workers.push(w);
      w.postMessage({
        type: 'init',
        protocol: PROTOCOL_VERSION,
        plan,
        shard: { index, count: total, segment: subSegment(init.segment, j, count) },
        shared: this.buffers,
        runId: init.runId,
        intervalMs: init.intervalMs,
        requestTimeoutMs: init.requestTimeoutMs,
        seed: (init.seed + index * 0x9e3779b1) >>> 0,
        clockOffsetMs: init.clockOffsetMs,
        clockAnchor: processAnchor(),
        ...(init.durationMs !== undefined ? { durationMs: init.durationMs } : {}),
      } satisfies ToShard);
    }
  }

  /** A message from the coordinator. */
  handle(m: ToShard): void {
    switch (m.type) {
      case 'start':
      case 'stop':
        for (const w of this.workers) w.postMessage(m);
        if (m.type === 'start' && this.replica) {
          this.syncTimer = setInterval(() => this.sync(false), SYNC_EVERY_MS);
          this.onlineTimer = setInterval(() => this.replica?.pending() && this.sync(false), ONLINE_SYNC_MS);
        }
        return;
      case 'setup':
        this.workers[m.shard - this.init.shards.first]?.postMessage(m);
        return;
      case 'relay':
        this.replica?.apply(m.online);
        if (this.state.barrier instanceof RelayedBarrier && m.remoteArrivals > this.appliedRemote) {
          this.state.barrier.addRemote(m.remoteArrivals - this.appliedRemote);
          this.appliedRemote = m.remoteArrivals;
        }
        return;
      case 'ping':
        this.emit({ type: 'pong', t0: m.t0, t1: anchoredNow() });
        return;
      case 'clock':
        for (const w of this.workers) w.postMessage(m);
        return;
      default:
        return;
    }
  }

  /** Drops every user at once (the coordinator is gone): terminating a thread closes its sockets. */
  async abort(): Promise<void> {
    this.aborting = true;
    this.stopSync();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  async close(): Promise<void> {
    await this.abort();
  }

  private fromWorker(m: FromShard): void {
    if (m.type === 'done') {
      this.done.add(m.shard);
      // The coordinator settles delivery with this node's final seq count: send it first.
      if (this.done.size === this.workers.length && this.replica) {
        this.stopSync();
        this.sync(true);
      }
    }
    this.emit(m);
  }

  private sync(force: boolean): void {
    if (!this.replica) return;
    const online = this.replica.collect();
    const arrivals = this.state.barrier instanceof RelayedBarrier ? this.state.barrier.localArrivals() : 0;
    const issued = this.state.ledger.issued();
    const now = Date.now();
    const changed = online.length > 0 || arrivals !== this.lastSent.arrivals || issued !== this.lastSent.issued;
    if (!force && !changed && now - this.lastSent.at < 1000) return;
    this.lastSent = { arrivals, issued, at: now };
    this.emit({ type: 'sync', node: this.init.node.index, online, arrivals, issued });
  }

  private stopSync(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.syncTimer = null;
    if (this.onlineTimer) clearInterval(this.onlineTimer);
    this.onlineTimer = null;
  }
}

/** Part j of n of a segment; the last part ends exactly where the segment does. */
export function subSegment(seg: Segment, j: number, n: number): Segment {
  const at = (k: number) => (k === 0 ? seg.from : k === n ? seg.to : seg.from + ((seg.to - seg.from) * k) / n);
  return { from: at(j), to: at(j + 1) };
}
