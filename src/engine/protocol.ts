import type { Plan } from '../scenario/plan.js';
import type { ShardInterval } from '../stats/interval-forms.js';
import type { IdRange } from './shared/id-range.js';
import type { SharedBuffers } from './shared/shared-state.js';
import type { Segment } from './segment.js';
import type { ClockAnchor } from './shard/wall-clock.js';

/**
 * The one message protocol between the coordinator and its shards: worker threads in the
 * coordinator's process, child processes on the same box, remote agents. Plain
 * structured-clone-safe (and JSON-safe, except ShardInit's SharedArrayBuffers, which never
 * leave a process) data only; versioned so an agent of another version is refused
 * instead of misread.
 *
 * A *node* is one process running shards on worker threads: the coordinator's own, a child
 * process, or an agent. The coordinator sends a node `init-node`; the node sends each of
 * its threads `init`, and forwards their FromShard messages unchanged.
 */
export const PROTOCOL_VERSION = 2 as const;

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
  /** This box's clock minus the coordinator's, ms: shards run on the coordinator's time. */
  clockOffsetMs?: number;
  /** The node's time base (wall-clock.ts): its threads and its clock probes share it. */
  clockAnchor?: ClockAnchor;
}

/** What a node (process or agent) is asked to run: its share of the plan. */
export interface NodeInit {
  type: 'init-node';
  protocol: typeof PROTOCOL_VERSION;
  xloadVersion: string;
  plan: Plan;
  node: { index: number; name: string };
  /** This node's threads are shards first .. first+count-1 of `total`. */
  shards: { first: number; count: number; total: number };
  /** This node's share of every phase (split further between its threads). */
  segment: Segment;
  /** User ids this node may hand out (Tsung's pool, partitioned). */
  ids: IdRange;
  /** Stamped-message sequence numbers this node may hand out, in a global space of `total`. */
  seq: { base: number; size: number; total: number };
  /** false for a single-node run: no replication, nothing journaled. */
  replicated: boolean;
  clockOffsetMs: number;
  runId: string;
  intervalMs: number;
  durationMs?: number;
  requestTimeoutMs: number;
  seed: number;
}

/** Replicated state a node reports every ~100 ms (only in multi-node runs). */
export interface NodeSync {
  type: 'sync';
  node: number;
  /** Online-set changes in this node's id range: [id, flags, id, flags, ...]. */
  online: number[];
  /** This node's ack="global" arrivals so far. */
  arrivals: number;
  /** Stamped sequence numbers this node has handed out so far. */
  issued: number;
}

export type ToShard =
  | ShardInit
  | NodeInit
  /** Sent once every shard is ready: arrivals begin at `startAt` (coordinator epoch ms) on all shards. */
  | { type: 'start'; startAt: number }
  /** graceful: no new arrivals, users close their sessions; abort: drop everything now. */
  | { type: 'stop'; mode: 'graceful' | 'abort'; reason: string }
  /** Other nodes' online changes, and the ack="global" arrivals on every other node. */
  | { type: 'relay'; online: number[]; remoteArrivals: number }
  /** Heartbeat and clock probe (NTP-style): t0 is the coordinator's clock at sending. */
  | { type: 'ping'; t0: number }
  /** Run the plan's run-once sessions on this shard (one shard of the run), before `start`. */
  | { type: 'setup'; shard: number }
  /** The coordinator's latest estimate of this node's clock offset (ms): shards slew to it. */
  | { type: 'clock'; offsetMs: number };

export type FromShard =
  | { type: 'ready'; shard: number }
  /** The run-once sessions are over (`failed`: the first whose user failed, and its errors; `tolerated`: no_ack errors). */
  | { type: 'setup-done'; shard: number; failed?: { session: string; errors: Record<string, number> }; tolerated?: Record<string, number> }
  /** `received`: stamped seqs received this interval, duplicates included (multi-node runs only). */
  | { type: 'snapshot'; shard: number; snap: ShardInterval; phase: number; received?: number[] }
  /** A user hit `<abort type="all">` or `<match do="abort_test">`: stop the whole run. */
  | { type: 'abort'; shard: number; reason: string }
  | { type: 'log'; shard: number; level: 'info' | 'warning' | 'error'; message: string }
  /** Arrivals are over and every user of the shard has ended; the final snapshot follows it. */
  | { type: 'done'; shard: number; snap: ShardInterval; received?: number[] }
  | { type: 'fatal'; shard: number; message: string; stack?: string }
  | NodeSync
  /** Answer to ping: t1 = the node's clock when it answered. */
  | { type: 'pong'; t0: number; t1: number }
  /** A node refuses the run (versions, targets, limits): nothing was started. */
  | { type: 'refused'; node: number; code: string; message: string };
