import { JsHistogram } from './hdr-lib.js';
import type { Histogram } from './hdr.js';

/** A histogram read out in milliseconds, as summary.json and the report show it. */
export interface LatencyStats {
  count: number;
  min_ms: number;
  mean_ms: number;
  p50_ms: number;
  p90_ms: number;
  p99_ms: number;
  p999_ms: number;
  max_ms: number;
}

/** µs → ms, kept to the µs the histogram records (no float noise like 0.30000000000000004). */
export function usToMs(us: number): number {
  return Math.round(us) / 1000;
}

/** Count, min, mean, percentiles and max of a µs histogram, in ms. An empty one reads all zeros. */
export function latencyStats(h: Histogram): LatencyStats {
  const count = h.totalCount;
  if (count === 0) {
    return { count: 0, min_ms: 0, mean_ms: 0, p50_ms: 0, p90_ms: 0, p99_ms: 0, p999_ms: 0, max_ms: 0 };
  }
  return {
    count,
    // Min and max read from the buckets (as the percentiles are), not from the exact values a
    // recording histogram tracks: a decoded or merged histogram only has the buckets, and the
    // live and rebuilt reports must print the same numbers. Both are within 0.1% (3 digits).
    min_ms: usToMs(h.getValueAtPercentile(0)),
    mean_ms: usToMs(meanOf(h)),
    p50_ms: usToMs(h.getValueAtPercentile(50)),
    p90_ms: usToMs(h.getValueAtPercentile(90)),
    p99_ms: usToMs(h.getValueAtPercentile(99)),
    p999_ms: usToMs(h.getValueAtPercentile(99.9)),
    max_ms: usToMs(h.getValueAtPercentile(100)),
  };
}

/**
 * The histogram's mean, as its `mean` getter computes it (median-equivalent value of each
 * bucket times its count, in index order, so the float result is identical) but with a plain
 * loop: the getter walks an iterator object and costs ~2.5 ms on a 1 h-range histogram, this
 * ~0.1 ms, and the coordinator reads every metric of every interval.
 */
export function meanOf(h: Histogram): number {
  if (!(h instanceof JsHistogram)) return h.mean;
  if (h.totalCount === 0) return 0;
  let total = 0;
  for (let i = 0; i < h.countsArrayLength; i++) {
    const c = h.getCountAtIndex(i);
    if (c !== 0) total += h.medianEquivalentValue(h.valueFromIndex(i)) * c;
  }
  return total / h.totalCount;
}
