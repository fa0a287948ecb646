import type { ShardInterval } from './interval-forms.js';

/**
 * One shard's statistics for one interval: what a worker posts to the coordinator (and an
 * agent sends over its channel); the wire form of an interval (interval-forms.ts).
 */
export type ShardSnapshot = ShardInterval;

/** An empty snapshot (for tests and for shards with nothing to say). */
export function emptySnapshot(intervalStart: number, intervalMs: number): ShardSnapshot {
  return { intervalStart, intervalMs, metrics: {}, counters: {}, errors: {}, errorsFirstSeen: {}, gauges: {} };
}
