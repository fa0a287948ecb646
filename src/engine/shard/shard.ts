import type { Plan, ServerSpec, SessionSpec } from '../../scenario/plan.js';
import { ShardRecorder } from '../../stats/recorder.js';
import { LoopDelaySampler } from '../../stats/loop-delay.js';
import type { FromShard, ShardInit } from '../protocol.js';
import { attachSharedState, type SharedState } from '../shared/shared-state.js';
import { SpacedLedger } from '../shared/spaced-ledger.js';
import { ArrivalScheduler, type ArrivalSink } from './arrivals.js';
import { FileSources } from './file-sources.js';
import { UserIdsExhaustedError } from '../vm/errors.js';
import { createRng, type Rng } from './rng.js';
import type { ShardHost } from './shard-host.js';
import { ShardClock } from './shard-clock.js';
import { TimerHeap } from './timer-heap.js';
import { User } from '../vm/user.js';
import { RunOnceSequence, type RunOnceResult, type RunOnceShard } from './run-once.js';
import { capShare } from '../segment.js';
import type { ShardInterval } from '../../stats/interval-forms.js';
import type { PendingSnapshot } from '../../stats/recorder.js';
import { IntervalSnapshots } from './interval-snapshots.js';
import { dumpModeOf, TrafficBuffer } from './traffic-buffer.js';
import { COUNTER, GAUGE } from '../../stats/metric-names.js';

/**
 * One shard of a run (a worker thread, or later an agent): its share of the arrivals, the
 * users it started, their timers and their stats. It talks to the coordinator only
 * through FromShard messages: one snapshot per interval, not one message per stanza.
 */
export class Shard implements ShardHost, ArrivalSink, RunOnceShard {
  readonly plan: Plan;
  readonly runId: string;
  readonly shardIndex: number;
  readonly timers: TimerHeap;
  readonly shared: SharedState;
  readonly stats: ShardRecorder;
  readonly rng: Rng;
  readonly files: FileSources;
  readonly requestTimeoutMs: number;
  readonly traffic: TrafficBuffer | null;
  private readonly users = new Set<User>();
  /** This shard's share of its node's `<client maxusers>` (Infinity when none was written). */
  private readonly maxUsers: number;
  private setup: RunOnceSequence | null = null;
  private readonly globalWaiters = new Set<User>();
  private globalPoll: NodeJS.Timeout | null = null;
  private intervalTimer: NodeJS.Timeout | null = null;
  private readonly snapshots = new IntervalSnapshots(
    () => this.beginSnapshot(),
    (snapshot, phase) => this.postInterval(snapshot, phase),
  );
  private arrivals: ArrivalScheduler;
  private arrivalsOver = false;
  private doneSent = false;
  private stanzaSeq = 0;
  private serverWeights: number[];
  private ips: string[];
  private ipNext = 0;
  private phase = 0;
  private startAt = 0;
  /** xload_loop_delay and xload_gc_pause: how much the generator itself delayed this interval. */
  private readonly loopDelay: LoopDelaySampler;
  /** The node's time base minus its offset to the coordinator: now() runs on the coordinator's time. */
  private readonly clock: ShardClock;

  constructor(
    private readonly init: ShardInit,
    private readonly post: (m: FromShard) => void,
  ) {
    this.plan = init.plan;
    this.runId = init.runId;
    this.shardIndex = init.shard.index;
    this.clock = new ShardClock(init.clockOffsetMs ?? 0, init.clockAnchor);
    this.stats = new ShardRecorder({ now: () => this.now() });
    this.timers = new TimerHeap(() => this.now());
    this.loopDelay = new LoopDelaySampler((m, ms) => this.stats.record(m, ms));
    this.shared = attachSharedState(init.shared);
    this.rng = createRng(init.seed);
    this.files = new FileSources(init.plan.options.fileServers, init.shard.index, init.shard.count);
    this.requestTimeoutMs = init.requestTimeoutMs;
    const dump = dumpModeOf(init.plan);
    this.traffic = dump === null ? null : new TrafficBuffer(dump, () => this.now());
    let acc = 0;
    this.serverWeights = init.plan.servers.map((s) => (acc += s.weight));
    this.ips = init.plan.clients.flatMap((c) => c.ips);
    const cap = init.plan.nodeCap;
    this.maxUsers = cap ? capShare(cap.maxUsers, cap.segment, init.shard.segment) : Infinity;
    this.arrivals = new ArrivalScheduler(this.plan, init.shard.segment, this.rng, this.timers, this);
  }

  /**
   * Epoch ms with sub-ms precision, on the coordinator's clock: comparable across worker
   * threads and, corrected by the offset the coordinator estimated, across agents.
   */
  now(): number {
    return this.clock.now();
  }

  /** The coordinator re-estimated this node's clock offset: slew (or step) to it. */
  setClockOffset(offsetMs: number): void {
    if (this.clock.setOffset(offsetMs) === 'step') {
      this.post({
        type: 'log',
        shard: this.shardIndex,
        level: 'warning',
        message: `clock offset stepped to ${offsetMs.toFixed(1)} ms (a change over 20 ms is not slewed)`,
      });
    }
  }

  start(startAt: number): void {
    this.startAt = startAt;
    const hardEnd = this.init.durationMs !== undefined ? startAt + this.init.durationMs : Infinity;
    this.arrivals.start(startAt, hardEnd);
    this.loopDelay.start();
    const tick = () => {
      this.snapshots.inSteps(this.phase);
      // Align each interval to the run's start so shards' intervals line up.
      const elapsed = this.now() - this.startAt;
      const next = this.init.intervalMs - (elapsed % this.init.intervalMs);
      this.intervalTimer = setTimeout(tick, next);
    };
    const first = Math.max(0, this.startAt + this.init.intervalMs - this.now());
    this.intervalTimer = setTimeout(tick, first);
  }

  stop(mode: 'graceful' | 'abort'): void {
    this.setup?.cancel();
    this.arrivals.stop();
    for (const u of [...this.users]) {
      if (mode === 'abort') u.abort();
      else u.requestStop();
    }
    this.checkDone();
  }

  // ---- ArrivalSink ----

  spawn(session: SessionSpec, scheduledAt: number): void {
    // <client maxusers>: the node never runs more users at once; the arrival is counted, not hidden.
    if (this.users.size >= this.maxUsers) {
      this.stats.count(COUNTER.usersRefusedMaxusers);
      return;
    }
    this.launch(session, scheduledAt, false);
  }

  private launch(session: SessionSpec, scheduledAt: number, runOnce: boolean): void {
    // userid_max="0": users take their names from CSV files (setdynvars + xmpp_authenticate),
    // as Tsung's jabber_starttls.xml does; no id from the pool.
    const pooled = this.plan.options.jabber.userIdMax > 0;
    const id = pooled ? this.shared.userIds.acquire() : 0;
    const user = new User(this, id, session, scheduledAt, runOnce);
    this.users.add(user);
    if (pooled && id === 0) {
      user.refuse(new UserIdsExhaustedError(this.plan.options.jabber.userIdMax));
      return;
    }
    user.start();
  }

  // ---- RunOnceShard (the coordinator's `setup` message) ----

  /** Runs the plan's run-once sessions, one user each, before the load starts. */
  runSetup(): void {
    this.setup = new RunOnceSequence(this.plan.runOnce ?? [], this);
    this.setup.begin();
  }

  startRunOnce(session: SessionSpec): void {
    this.launch(session, this.now(), true);
  }

  flushStats(): ShardInterval {
    return this.postSnapshot().snap;
  }

  reportSetup(result: RunOnceResult): void {
    this.post({ type: 'setup-done', shard: this.shardIndex, ...result });
  }

  arrivalsDone(): void {
    this.arrivalsOver = true;
    this.checkDone();
  }

  phaseStarted(phase: number): void {
    this.phase = phase;
  }

  // ---- ShardHost ----

  pickServer(): ServerSpec {
    const servers = this.plan.servers;
    if (servers.length === 1) return servers[0]!;
    const r = this.rng() * this.serverWeights[this.serverWeights.length - 1]!;
    const i = this.serverWeights.findIndex((w) => r < w);
    return servers[i < 0 ? servers.length - 1 : i]!;
  }

  pickSourceIp(): string | undefined {
    if (this.ips.length === 0) return undefined;
    const ip = this.ips[this.ipNext % this.ips.length];
    this.ipNext++;
    return ip;
  }

  nextStanzaId(): string {
    return `x${this.shardIndex}-${(++this.stanzaSeq).toString(36)}`;
  }

  userEnded(user: User, _failed: boolean): void {
    this.globalWaiters.delete(user);
    if (user.closing === 0) this.userReleased(user);
  }

  userReleased(user: User): void {
    if (!this.users.delete(user)) return;
    if (user.id > 0) this.shared.userIds.release(user.id);
    if (user.runOnce) this.setup?.userGone();
    this.checkDone();
  }

  abortAll(reason: string): void {
    this.post({ type: 'log', shard: this.shardIndex, level: 'warning', message: `abort requested: ${reason}` });
    this.post({ type: 'abort', shard: this.shardIndex, reason });
  }

  watchGlobalAck(): void {
    for (const u of this.users) if (u.phase === 'barrier') this.globalWaiters.add(u);
    if (this.globalPoll) return;
    // Poll the shared barrier while anyone waits on it: a few ms of latency on a barrier
    // is fine, and it costs nothing when nobody waits.
    this.globalPoll = setInterval(() => {
      for (const u of this.globalWaiters) {
        if (u.phase !== 'barrier' || !u.pending) {
          this.globalWaiters.delete(u);
        } else if (this.shared.barrier.isReleased(u.pending.target)) {
          this.globalWaiters.delete(u);
          u.globalReleased();
        }
      }
      if (this.globalWaiters.size === 0 && this.globalPoll) {
        clearInterval(this.globalPoll);
        this.globalPoll = null;
      }
    }, 5);
  }

  // ---- stats ----

  private postSnapshot(): FromShard & { type: 'snapshot' } {
    const snapshot = this.snapshots.now();
    return this.postInterval(snapshot, this.phase);
  }

  private postInterval(snapshot: PendingSnapshot, phase: number): FromShard & { type: 'snapshot' } {
    const msg = { type: 'snapshot' as const, shard: this.shardIndex, snap: snapshot.snap, phase, ...this.receipts() };
    this.post(msg);
    return msg;
  }

  private beginSnapshot(): PendingSnapshot {
    let connected = 0;
    for (const u of this.users) {
      if (u.conn) {
        connected++;
        u.flushIo(u.conn);
      }
    }
    this.stats.setGauge(GAUGE.usersActive, this.users.size);
    this.stats.setGauge(GAUGE.usersConnected, connected);
    this.stats.count(COUNTER.loopBusyMs, this.loopDelay.takeBusyMs());
    if (this.traffic === null) return this.stats.beginSnapshot();
    const { text, dropped } = this.traffic.take();
    if (dropped > 0) this.stats.count(COUNTER.trafficLinesDropped, dropped);
    const pending = this.stats.beginSnapshot();
    if (text !== undefined) pending.snap.traffic = text;
    return pending;
  }

  private checkDone(): void {
    if (this.doneSent || !this.arrivalsOver || this.users.size > 0) return;
    this.doneSent = true;
    if (this.intervalTimer) clearTimeout(this.intervalTimer);
    if (this.globalPoll) clearInterval(this.globalPoll);
    this.loopDelay.stop();
    this.timers.stop();
    const last = this.snapshots.now();
    this.post({ type: 'done', shard: this.shardIndex, snap: last.snap, ...this.receipts() });
  }

  /** In a multi-node run, the stamped seqs received since the last snapshot (for the coordinator's ledger). */
  private receipts(): { received?: number[] } {
    const l = this.shared.ledger;
    return l instanceof SpacedLedger ? { received: l.drain() } : {};
  }
}
