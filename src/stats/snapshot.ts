import type { ShardInterval } from './interval-forms.js';

/** An empty wire-form interval, a shard's snapshot (for tests and for shards with nothing to say). */
export function emptySnapshot(intervalStart: number, intervalMs: number): ShardInterval {
  return { intervalStart, intervalMs, metrics: {}, counters: {}, errors: {}, errorsFirstSeen: {}, gauges: {} };
}
