import type { Plan } from '../scenario/plan.js';
import type { ShardSnapshot } from '../stats/snapshot.js';
import type { SharedBuffers } from './shared/shared-state.js';
import type { Segment } from './segment.js';

/**
 * The one message protocol between the coordinator and its shards (worker threads now,
 * remote agents later). Plain structured-clone-safe data only; versioned so an agent of
 * another version is refused instead of misread.
 */
export const PROTOCOL_VERSION = 1 as const;

export interface ShardInit {
  type: 'init';
  protocol: typeof PROTOCOL_VERSION;
  plan: Plan;
  shard: { index: number; count: number; segment: Segment };
  shared: SharedBuffers;
  runId: string;
  intervalMs: number;
  /** Hard stop for the whole load (`--duration` or `<load duration>`), ms after the start. */
  durationMs?: number;
  /** Reply timeout for acked requests, ms. */
  requestTimeoutMs: number;
  /** Seed for this shard's random streams (derived from the scenario seed and the index). */
  seed: number;
}

export type ToShard =
  | ShardInit
  /** Sent once every shard is ready: arrivals begin at `startAt` (epoch ms) on all shards. */
  | { type: 'start'; startAt: number }
  /** graceful: no new arrivals, users close their sessions; abort: drop everything now. */
  | { type: 'stop'; mode: 'graceful' | 'abort'; reason: string };

export type FromShard =
  | { type: 'ready'; shard: number }
  | { type: 'snapshot'; shard: number; snap: ShardSnapshot; phase: number }
  /** A user hit `<abort type="all">` or `<match do="abort_test">`: stop the whole run. */
  | { type: 'abort'; shard: number; reason: string }
  | { type: 'log'; shard: number; level: 'info' | 'warning' | 'error'; message: string }
  /** Arrivals are over and every user of the shard has ended; the final snapshot follows it. */
  | { type: 'done'; shard: number; snap: ShardSnapshot }
  | { type: 'fatal'; shard: number; message: string; stack?: string };
