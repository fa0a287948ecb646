import type { Plan, ServerSpec } from '../../scenario/plan.js';
import type { ShardRecorder } from '../../stats/recorder.js';
import type { SharedState } from '../shared/shared-state.js';
import type { Rng } from './rng.js';
import type { TimerHeap } from './timer-heap.js';
import type { FileSources } from './file-sources.js';
import type { TrafficBuffer } from './traffic-buffer.js';

/**
 * What a user VM needs from the shard that runs it: time, timers, shared tables, stats and
 * per-run constants. One object per shard, shared by all its users (no per-user closures).
 */
export interface ShardHost {
  readonly plan: Plan;
  readonly runId: string;
  readonly shardIndex: number;
  readonly timers: TimerHeap;
  readonly shared: SharedState;
  readonly stats: ShardRecorder;
  readonly rng: Rng;
  readonly files: FileSources;
  /** dumptraffic lines of this interval; null when the scenario does not ask for them. */
  readonly traffic: TrafficBuffer | null;
  /** Reply timeout for acked requests, ms. */
  readonly requestTimeoutMs: number;
  now(): number;
  /** A server for a new connection, by weight. */
  pickServer(): ServerSpec;
  /** A local source address for a new connection (round robin over `<ip>`), or undefined. */
  pickSourceIp(): string | undefined;
  /** Unique-per-shard stanza id. */
  nextStanzaId(): string;
  /** The user ended (finished, failed or interrupted); its id is freed now, or at
   * userReleased() when one of its connections is still closing. */
  userEnded(user: { id: number; closing: number }, failed: boolean): void;
  /** The last connection of an ended user has closed: free its id and slot. */
  userReleased(user: { id: number }): void;
  /** A user asked for `<abort type="all">`. */
  abortAll(reason: string): void;
  /** Called whenever a user starts waiting on a global ack (the shard polls the barrier). */
  watchGlobalAck(): void;
}
