/**
 * One shard's statistics for one interval: what a worker posts to the coordinator (and an
 * agent sends over its channel). Plain data only, so it survives structured clone and JSON.
 * Histograms travel encoded (HdrHistogram V2 compressed base64), never as raw samples.
 */
export interface ShardSnapshot {
  /** Epoch ms when this interval started on the shard. */
  intervalStart: number;
  /** How long the interval actually lasted on the shard, ms. */
  intervalMs: number;
  /** Latency histograms recorded this interval, µs scale (src/stats/hdr.ts); only non-empty ones. */
  metrics: Record<string, string>;
  /** Counts added this interval (bytes_sent, users_started, ...); only touched ones. */
  counters: Record<string, number>;
  /** Errors by stable class this interval. */
  errors: Record<string, number>;
  /** Epoch ms each error class in `errors` was first seen during this interval. */
  errorsFirstSeen?: Record<string, number>;
  /** Current level of each gauge (users_active, ...), every gauge the shard ever set. */
  gauges: Record<string, number>;
}

/** An empty snapshot (for tests and for shards with nothing to say). */
export function emptySnapshot(intervalStart: number, intervalMs: number): ShardSnapshot {
  return { intervalStart, intervalMs, metrics: {}, counters: {}, errors: {}, errorsFirstSeen: {}, gauges: {} };
}
