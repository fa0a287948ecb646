/**
 * One interval of statistics, in the forms it takes on its way from a worker to a file:
 *
 *   ShardInterval   wire form: one shard's interval, posted by a worker thread or sent by
 *                   an agent (histograms encoded; structured-clone and JSON safe)
 *   MergedInterval  memory form: merged over shards, histograms decoded (what the run
 *                   totals fold, live or rebuilt from a file)
 *   IntervalRecord  record form: merged, histograms encoded again with a quick read of
 *                   each; what the outputs (stats.ndjson writer, thresholds, dashboard) get
 *   StatsInterval   file form: one stats.ndjson line (src/report/ndjson-types.ts), the
 *                   record form in the file's snake_case with seconds since the start
 *
 * All derive from IntervalCounts, so a field added to the counts reaches every form.
 */
import type { Histogram } from './hdr.js';
import type { ErrorSamples } from './error-samples.js';

/** What every form of an interval counts. */
export interface IntervalCounts {
  /** Counts added this interval (bytes_sent, users_started, ...); only touched ones. */
  counters: Record<string, number>;
  /** Level of each gauge (users_active, ...): a shard's latest, or the sum over shards. */
  gauges: Record<string, number>;
  /** Errors by stable class this interval. */
  errors: Record<string, number>;
}

/** One metric of a closed interval: the merged histogram (the truth) and a quick read of it. */
export interface IntervalMetric {
  /** µs histogram, HdrHistogram V2 compressed base64. */
  hdr: string;
  count: number;
  min_ms: number;
  mean_ms: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  max_ms: number;
}

/** Wire form: one shard's statistics for one interval. */
export interface ShardInterval extends IntervalCounts {
  /** Epoch ms when this interval started on the shard. */
  intervalStart: number;
  /** How long the interval actually lasted on the shard, ms. */
  intervalMs: number;
  /** Latency histograms recorded this interval, µs scale (src/stats/hdr.ts), encoded; only non-empty ones. */
  metrics: Record<string, string>;
  /** Epoch ms each error class in `errors` was first seen during this interval. */
  errorsFirstSeen?: Record<string, number>;
  /** The first occurrences of each error class this interval (error-samples.ts); absent when none, and from older agents. */
  errorSamples?: ErrorSamples;
  /** dumptraffic lines of this interval (src/engine/shard/traffic-buffer.ts), newline-terminated; absent when off. */
  traffic?: string;
}

/** Memory form: one closed interval merged over shards, histograms decoded. */
export interface MergedInterval extends IntervalCounts {
  /** Epoch ms the interval closed, and its length. */
  tEpochMs: number;
  intervalMs: number;
  histograms: Record<string, Histogram>;
  errorsFirstSeen?: Record<string, number>;
  errorSamples?: ErrorSamples;
}

/** Record form: one closed interval merged over every shard, what stats.ndjson gets one line of. */
export interface IntervalRecord extends IntervalCounts {
  /** Epoch ms the interval closed, and its length in ms (since the previous close). */
  tEpochMs: number;
  intervalMs: number;
  /** Snapshots merged into this interval (late ones from earlier intervals included). */
  snapshots: number;
  metrics: Record<string, IntervalMetric>;
  /** Epoch ms each error class was first seen in this interval. */
  errorsFirstSeen: Record<string, number>;
  /** The first SAMPLES_PER_CLASS occurrences of each error class in this interval; absent when none. */
  errorSamples?: ErrorSamples;
  /** dumptraffic lines of every shard this interval; absent when the option is off. */
  traffic?: string;
}
