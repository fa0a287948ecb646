import { decodeHistogram } from '../stats/hdr.js';
import type { Histogram } from '../stats/hdr.js';
import { TotalsAccumulator } from '../stats/totals.js';
import type { RunTotals } from '../stats/totals.js';
import type { StatsInterval } from './ndjson-types.js';

/**
 * Run totals rebuilt from stats.ndjson's interval lines: the same TotalsAccumulator the live
 * RunAggregator feeds, given the same merged histograms, so both paths give equal totals.
 * `onInterval` sees each line with its decoded histograms (decoding is the costly part: a
 * one-hour run has thousands), so other consumers need not decode them again.
 */
export function totalsFromIntervals(
  startedMs: number,
  intervals: readonly StatsInterval[],
  onInterval?: (line: StatsInterval, histograms: Record<string, Histogram>) => void,
): RunTotals {
  const acc = new TotalsAccumulator();
  for (const line of intervals) {
    const histograms: Record<string, Histogram> = {};
    for (const [name, m] of Object.entries(line.metrics)) histograms[name] = decodeHistogram(m.hdr);
    acc.addInterval({
      tEpochMs: startedMs + Math.round(line.t_s * 1000),
      intervalMs: line.interval_ms,
      histograms,
      counters: line.counters,
      gauges: line.gauges,
      errors: line.errors,
      errorsFirstSeen: line.errors_first_seen,
      ...(line.error_samples !== undefined ? { errorSamples: line.error_samples } : {}),
    });
    onInterval?.(line, histograms);
  }
  return acc.totals();
}
