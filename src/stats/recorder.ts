import { createHistogram, encodeHistogram, msToMicros } from './hdr.js';
import { BucketCounts } from './bucket-counts.js';
import type { ShardSnapshot } from './snapshot.js';

/** Options for a ShardRecorder; `now` is injectable so tests control interval times. */
export interface ShardRecorderOptions {
  /** Epoch-ms clock; defaults to Date.now. */
  now?: () => number;
  /** Epoch ms the first interval starts (the run's start, to align shards); defaults to now. */
  startMs?: number;
}

/**
 * Worker-side statistics for one shard, for the current interval. Hot path: record() is a
 * Map lookup plus one typed-array increment (BucketCounts: HdrHistogram's bucket index in
 * integer ops), nothing allocated per sample. takeSnapshot() drains each metric's counts
 * into one reused histogram, encodes it, and resets: nothing is reallocated per interval
 * (a metric's counts are 92 KiB).
 */
export class ShardRecorder {
  private readonly now: () => number;
  private readonly buckets = new Map<string, BucketCounts>();
  private readonly scratch = createHistogram();
  private readonly counters = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly errorsFirstSeen = new Map<string, number>();
  private readonly gauges = new Map<string, number>();
  private intervalStart: number;

  constructor(opts: ShardRecorderOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.intervalStart = opts.startMs ?? this.now();
  }

  /** Records one latency sample for `metric`, given in float milliseconds (stored as µs). */
  record(metric: string, ms: number): void {
    let b = this.buckets.get(metric);
    if (b === undefined) {
      b = new BucketCounts();
      this.buckets.set(metric, b);
    }
    b.record(msToMicros(ms));
  }

  /** Adds `n` (default 1) to a counter for this interval. */
  count(counter: string, n = 1): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + n);
  }

  /** Counts `n` (default 1) errors of a stable class (`connect_refused`, `timeout`, ...). */
  error(errorClass: string, n = 1): void {
    const seen = this.errors.get(errorClass);
    if (seen === undefined) this.errorsFirstSeen.set(errorClass, this.now());
    this.errors.set(errorClass, (seen ?? 0) + n);
  }

  /** Sets a gauge's current level; it persists across intervals until set again. */
  setGauge(name: string, value: number): void {
    this.gauges.set(name, value);
  }

  /**
   * Encodes this interval's histograms and counters, then starts a new interval. `atMs` is
   * the interval's end (e.g. the run's interval boundary the shard timer was aiming at);
   * defaults to now.
   */
  takeSnapshot(atMs?: number): ShardSnapshot {
    const end = atMs ?? this.now();
    const snap: ShardSnapshot = {
      intervalStart: this.intervalStart,
      intervalMs: end - this.intervalStart,
      metrics: {},
      counters: Object.fromEntries(this.counters),
      errors: Object.fromEntries(this.errors),
      errorsFirstSeen: Object.fromEntries(this.errorsFirstSeen),
      gauges: Object.fromEntries(this.gauges),
    };
    for (const [name, b] of this.buckets) {
      if (b.total === 0) continue;
      this.scratch.reset();
      b.drainInto(this.scratch);
      snap.metrics[name] = encodeHistogram(this.scratch);
    }
    this.counters.clear();
    this.errors.clear();
    this.errorsFirstSeen.clear();
    this.intervalStart = end;
    return snap;
  }
}
