import { Worker } from 'node:worker_threads';
import { PROTOCOL_VERSION, type FromShard, type NodeInit, type ToShard } from '../protocol.js';
import type { Segment } from '../segment.js';
import { OnlineReplica } from '../shared/online-replica.js';
import { RelayedBarrier } from '../shared/relayed-barrier.js';
import { attachSharedState, createNodeBuffers, createSharedBuffers, type SharedBuffers, type SharedState } from '../shared/shared-state.js';

/** How often a node of a multi-node run reports its replicated state. */
export const SYNC_EVERY_MS = 100;

/**
 * One node: the process that runs some shards on worker threads (the coordinator's own
 * process, a child process, or an agent). It owns the SharedArrayBuffer tables its
 * threads share, splits its segment between them, forwards their FromShard messages
 * unchanged, and in a multi-node run replicates the online set, the global-ack barrier
 * and its stamped-seq count through the coordinator every SYNC_EVERY_MS.
 */
export class NodeHost {
  readonly buffers: SharedBuffers;
  readonly state: SharedState;
  private readonly workers: Worker[] = [];
  private readonly done = new Set<number>();
  private readonly replica: OnlineReplica | null;
  private syncTimer: NodeJS.Timeout | null = null;
  private appliedRemote = 0;
  private lastSent = { arrivals: -1, issued: -1, at: 0 };
  private aborting = false;

  constructor(
    readonly init: NodeInit,
    private readonly emit: (m: FromShard) => void,
  ) {
    const { plan } = init;
    const max = Math.max(plan.options.jabber.userIdMax, 1);
    this.buffers = init.replicated
      ? createNodeBuffers(max, plan.options.jabber.globalNumber, init.ids, init.seq)
      : createSharedBuffers(max, plan.options.jabber.globalNumber);
    this.state = attachSharedState(this.buffers);
    this.replica = init.replicated ? new OnlineReplica(this.buffers.online, init.ids) : null;
    const workerUrl = new URL('../runtime/worker-entry.js', import.meta.url);
    const { first, count, total } = init.shards;
    for (let j = 0; j < count; j++) {
      const index = first + j;
      const w = new Worker(workerUrl);
      this.workers.push(w);
      w.on('message', (m: FromShard) => this.fromWorker(m));
      w.on('error', (err) => this.fromWorker({ type: 'fatal', shard: index, message: err.message, ...(err.stack ? { stack: err.stack } : {}) }));
      w.on('exit', (code) => {
        if (!this.done.has(index) && !this.aborting) this.fromWorker({ type: 'fatal', shard: index, message: `worker exited with code ${code}` });
      });
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
        if (m.type === 'start' && this.replica) this.syncTimer = setInterval(() => this.sync(false), SYNC_EVERY_MS);
        return;
      case 'relay':
        this.replica?.apply(m.online);
        if (this.state.barrier instanceof RelayedBarrier && m.remoteArrivals > this.appliedRemote) {
          this.state.barrier.addRemote(m.remoteArrivals - this.appliedRemote);
          this.appliedRemote = m.remoteArrivals;
        }
        return;
      case 'ping':
        this.emit({ type: 'pong', t0: m.t0, t1: performance.timeOrigin + performance.now() });
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
  }
}

/** Part j of n of a segment; the last part ends exactly where the segment does. */
export function subSegment(seg: Segment, j: number, n: number): Segment {
  const at = (k: number) => (k === 0 ? seg.from : k === n ? seg.to : seg.from + ((seg.to - seg.from) * k) / n);
  return { from: at(j), to: at(j + 1) };
}
