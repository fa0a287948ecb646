import { createHistogram, decodeHistogram, encodeHistogram } from './hdr.js';
import type { Histogram } from './hdr.js';
import { latencyStats } from './histogram-stats.js';
import type { IntervalMetric, IntervalRecord, ShardInterval } from './interval-forms.js';
import { TotalsAccumulator } from './totals.js';
import { mergeErrorSamples, type ErrorSamples } from './error-samples.js';
import type { RunTotals } from './totals.js';

export type { IntervalMetric, IntervalRecord } from './interval-forms.js';

export interface RunAggregatorOptions {
  intervalMs: number;
  shards: number;
  /** Epoch ms the run started; the first interval's length is measured from it. */
  startedMs?: number;
}

interface Pending {
  snap: ShardInterval;
}

/**
 * Coordinator side: merges shard snapshots into intervals with HdrHistogram add(), so
 * percentiles are exact merges, never averages of percentiles. A snapshot belongs to the
 * first interval closed after it started; one that arrives after its interval closed is
 * folded into the next, so nothing is lost. Totals are the sum of closed intervals, exactly
 * what stats.ndjson holds: close a last interval after the final snapshots arrive.
 */
export class RunAggregator {
  private readonly intervalMsDefault: number;
  private readonly shards: number;
  /** Per shard, the epoch ms its latest snapshot reaches (intervalStart + intervalMs). */
  private readonly reached = new Map<number, number>();
  private pending: Pending[] = [];
  private readonly latestGauges = new Map<number, { start: number; gauges: Record<string, number> }>();
  private readonly acc = new TotalsAccumulator();
  private readonly scratch = new Map<string, Histogram>();
  /** Each snapshot's histograms are decoded into this one, in turn, then added. */
  private readonly decoded = createHistogram();
  private lastClose: number | undefined;

  constructor(opts: RunAggregatorOptions) {
    this.intervalMsDefault = opts.intervalMs;
    this.shards = opts.shards;
    this.lastClose = opts.startedMs;
  }

  /**
   * Takes one shard's snapshot. Its histograms stay encoded (a few KiB) until the interval
   * closes, then are decoded one at a time into one reused histogram and added: a decoded
   * histogram is 92 KiB of ArrayBuffer, and one allocated per metric per shard per second
   * was garbage the coordinator's young generation rarely swept (its JS objects are tiny),
   * ~30 MiB of dead buffers at the idle run's peak (bench/README.md, "Where xload's cost goes").
   */
  add(shardId: number, snap: ShardInterval): void {
    this.pending.push({ snap });
    const end = snap.intervalStart + snap.intervalMs;
    if (end > (this.reached.get(shardId) ?? -Infinity)) this.reached.set(shardId, end);
    const latest = this.latestGauges.get(shardId);
    if (latest === undefined || snap.intervalStart >= latest.start) {
      this.latestGauges.set(shardId, { start: snap.intervalStart, gauges: snap.gauges });
    }
  }

  /**
   * True once every shard (ids 0 .. shards-1) has sent a snapshot reaching `tEpochMs`: the
   * interval ending there can be closed with nothing late. Close anyway after a grace time.
   */
  ready(tEpochMs: number): boolean {
    for (let id = 0; id < this.shards; id++) {
      if ((this.reached.get(id) ?? -Infinity) < tEpochMs) return false;
    }
    return true;
  }

  /** Merges every pending snapshot that started before `tEpochMs` into one interval. */
  closeInterval(tEpochMs: number): IntervalRecord {
    const take = this.pending.filter((p) => p.snap.intervalStart < tEpochMs);
    this.pending = this.pending.filter((p) => p.snap.intervalStart >= tEpochMs);
    const intervalMs = this.lastClose === undefined ? this.intervalMsDefault : tEpochMs - this.lastClose;
    this.lastClose = tEpochMs;

    const counters: Record<string, number> = {};
    const errors: Record<string, number> = {};
    const errorsFirstSeen: Record<string, number> = {};
    const merged: Record<string, Histogram> = {};
    const samples: ErrorSamples = {};
    let traffic = '';
    for (const { snap } of take) {
      mergeErrorSamples(samples, snap.errorSamples);
      if (snap.traffic !== undefined) traffic += snap.traffic;
      for (const [name, encoded] of Object.entries(snap.metrics)) {
        let into = merged[name];
        if (into === undefined) {
          into = this.scratchFor(name);
          merged[name] = into;
        }
        into.add(decodeHistogram(encoded, this.decoded));
      }
      for (const [k, n] of Object.entries(snap.counters)) counters[k] = (counters[k] ?? 0) + n;
      for (const [k, n] of Object.entries(snap.errors)) {
        errors[k] = (errors[k] ?? 0) + n;
        const seen = snap.errorsFirstSeen?.[k] ?? snap.intervalStart;
        const prev = errorsFirstSeen[k];
        if (prev === undefined || seen < prev) errorsFirstSeen[k] = seen;
      }
    }
    const gauges: Record<string, number> = {};
    for (const { gauges: g } of this.latestGauges.values()) {
      for (const [k, v] of Object.entries(g)) gauges[k] = (gauges[k] ?? 0) + v;
    }

    const hasSamples = Object.keys(samples).length > 0;
    this.acc.addInterval({
      tEpochMs,
      intervalMs,
      histograms: merged,
      counters,
      gauges,
      errors,
      errorsFirstSeen,
      ...(hasSamples ? { errorSamples: samples } : {}),
    });
    const metrics: Record<string, IntervalMetric> = {};
    for (const [name, h] of Object.entries(merged)) {
      const { p999_ms: _unused, ...stats } = latencyStats(h);
      metrics[name] = { hdr: encodeHistogram(h), ...stats };
      h.reset();
    }
    const rec: IntervalRecord = { tEpochMs, intervalMs, snapshots: take.length, metrics, counters, gauges, errors, errorsFirstSeen };
    if (hasSamples) rec.errorSamples = samples;
    if (traffic !== '') rec.traffic = traffic;
    return rec;
  }

  /** Cumulative totals of every closed interval. */
  totals(): RunTotals {
    return this.acc.totals();
  }

  /** Snapshots received but not yet in a closed interval. */
  get pendingCount(): number {
    return this.pending.length;
  }

  // One reusable merge histogram per metric: reset after encoding, never reallocated.
  private scratchFor(name: string): Histogram {
    let h = this.scratch.get(name);
    if (h === undefined) {
      h = createHistogram();
      this.scratch.set(name, h);
    }
    return h;
  }
}
