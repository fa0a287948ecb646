import type { Histogram } from '../stats/hdr.js';
import { usToMs } from '../stats/histogram-stats.js';

/** A latency distribution as an HDR percentile curve: value at each percentile. */
export interface PercentileCurve {
  /** Percentiles (0..100), denser towards the tail. */
  percentile: number[];
  value_ms: number[];
}

/**
 * Percentiles from 0 to 99.999 spaced evenly in "nines" (1/(1-p) on a log axis, as HdrHistogram
 * plots them), stopping where the histogram has too few samples to tell percentiles apart,
 * then the max (drawn at 100).
 */
export function percentileCurve(h: Histogram, stepsPerNine = 10, maxNines = 5): PercentileCurve {
  const out: PercentileCurve = { percentile: [], value_ms: [] };
  if (h.totalCount === 0) return out;
  const nines = Math.min(maxNines, Math.max(1, Math.log10(h.totalCount)));
  for (let k = 0; k <= Math.ceil(nines * stepsPerNine); k++) {
    const p = 100 * (1 - Math.pow(10, -k / stepsPerNine));
    out.percentile.push(Math.round(p * 10000) / 10000);
    out.value_ms.push(usToMs(h.getValueAtPercentile(p)));
  }
  out.percentile.push(100);
  out.value_ms.push(usToMs(h.getValueAtPercentile(100)));
  return out;
}
