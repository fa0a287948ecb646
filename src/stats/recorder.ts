import { msToMicros } from './hdr.js';
import { BucketCounts } from './bucket-counts.js';
import type { ShardInterval } from './interval-forms.js';
import { SAMPLES_PER_CLASS, type ErrorSample } from './error-samples.js';

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
 * integer ops), nothing allocated per sample. A snapshot encodes each metric's counts
 * straight into HdrHistogram's encoding and zeroes them: nothing is reallocated per interval
 * (a metric's counts are 92 KiB).
 */
export class ShardRecorder {
  private readonly now: () => number;
  private readonly buckets = new Map<string, BucketCounts>();
  private readonly counters = new Map<string, number>();
  private readonly errors = new Map<string, number>();
  private readonly errorsFirstSeen = new Map<string, number>();
  private readonly errorSamples = new Map<string, ErrorSample[]>();
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

  /**
   * Counts `n` (default 1) errors of a stable class (`connect_refused`, `timeout`, ...).
   * `sample` builds what the user should see of this occurrence; it is called only while
   * the class has fewer than SAMPLES_PER_CLASS samples this interval, so an error storm
   * builds three per class per interval, not one per error.
   */
  error(errorClass: string, n = 1, sample?: () => ErrorSample): void {
    const seen = this.errors.get(errorClass);
    if (seen === undefined) this.errorsFirstSeen.set(errorClass, this.now());
    this.errors.set(errorClass, (seen ?? 0) + n);
    if (sample === undefined) return;
    let kept = this.errorSamples.get(errorClass);
    if (kept === undefined) this.errorSamples.set(errorClass, (kept = []));
    if (kept.length < SAMPLES_PER_CLASS) kept.push(sample());
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
  takeSnapshot(atMs?: number): ShardInterval {
    const pending = this.beginSnapshot(atMs);
    pending.finish();
    return pending.snap;
  }

  /**
   * Ends the interval at `atMs` (default now) like takeSnapshot, but leaves its histograms
   * to be encoded one per PendingSnapshot.step() call, so a worker can spread the encoding
   * (~0.1–0.3 ms a metric, a dozen metrics) over several turns of its event loop instead of
   * stalling every message that arrives meanwhile. A sample recorded before its metric is
   * encoded joins this interval: a metric's interval ends a few ms late, and every sample
   * still lands in exactly one interval. Counters, errors and gauges are cut at `atMs`.
   */
  beginSnapshot(atMs?: number): PendingSnapshot {
    const end = atMs ?? this.now();
    const snap: ShardInterval = {
      intervalStart: this.intervalStart,
      intervalMs: end - this.intervalStart,
      metrics: {},
      counters: Object.fromEntries(this.counters),
      errors: Object.fromEntries(this.errors),
      errorsFirstSeen: Object.fromEntries(this.errorsFirstSeen),
      gauges: Object.fromEntries(this.gauges),
    };
    // Absent when there is none: the common interval's wire form stays as it was.
    if (this.errorSamples.size > 0) snap.errorSamples = Object.fromEntries(this.errorSamples);
    const toEncode: Array<[string, BucketCounts]> = [];
    for (const entry of this.buckets) if (entry[1].total > 0) toEncode.push(entry);
    this.counters.clear();
    this.errors.clear();
    this.errorsFirstSeen.clear();
    this.errorSamples.clear();
    this.intervalStart = end;
    return new PendingSnapshot(snap, toEncode);
  }
}

/** An interval's snapshot whose histograms are still being encoded (ShardRecorder.beginSnapshot). */
export class PendingSnapshot {
  private next = 0;

  constructor(
    /** Complete once step() has returned true (or finish() has run). */
    readonly snap: ShardInterval,
    private readonly toEncode: ReadonlyArray<readonly [string, BucketCounts]>,
  ) {}

  /** Encodes the next histogram; true when none is left. */
  step(): boolean {
    const entry = this.toEncode[this.next];
    if (entry === undefined) return true;
    this.next++;
    // Empty only if a later snapshot took these counts first (the owner finishes one before
    // beginning the next; this keeps an out-of-order use from emitting an empty histogram).
    if (entry[1].total > 0) this.snap.metrics[entry[0]] = entry[1].encodeAndReset();
    return this.next >= this.toEncode.length;
  }

  /** Encodes whatever is left, now. */
  finish(): void {
    while (!this.step());
  }
}
