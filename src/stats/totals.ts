import { createHistogram } from './hdr.js';
import type { Histogram } from './hdr.js';
import type { MergedInterval } from './interval-forms.js';
import { addSamples, type ErrorSample } from './error-samples.js';

/** One error class over the whole run. */
export interface ErrorTotal {
  count: number;
  /** Epoch ms the class was first seen (to the interval, if the source had no finer time). */
  firstSeenMs: number;
  /** The first SAMPLES_PER_CLASS occurrences over the run, by time (error-samples.ts). */
  samples: ErrorSample[];
}

/** Cumulative statistics of a run: what summary.json and the report are built from. */
export interface RunTotals {
  /** Number of intervals folded in. */
  intervals: number;
  /** Epoch ms the first folded interval started, and the last one ended (absent if none). */
  firstStartMs?: number;
  lastEndMs?: number;
  /** Merged µs histograms per metric (live objects: read, don't mutate). */
  metrics: Record<string, Histogram>;
  counters: Record<string, number>;
  errors: Record<string, ErrorTotal>;
  /** Highest summed level each gauge reached at an interval boundary (e.g. users_active). */
  gaugesMax: Record<string, number>;
}

/**
 * Folds closed intervals into run totals. Both the live run (RunAggregator) and `xload
 * report` (stats.ndjson) go through this one class, so their summaries agree by construction.
 */
export class TotalsAccumulator {
  private readonly state: RunTotals = { intervals: 0, metrics: {}, counters: {}, errors: {}, gaugesMax: {} };

  /** One closed interval, whatever it came from (the live aggregator or a stats.ndjson line). */
  addInterval(part: MergedInterval): void {
    const s = this.state;
    const start = part.tEpochMs - part.intervalMs;
    s.intervals += 1;
    if (s.firstStartMs === undefined || start < s.firstStartMs) s.firstStartMs = start;
    if (s.lastEndMs === undefined || part.tEpochMs > s.lastEndMs) s.lastEndMs = part.tEpochMs;
    for (const [name, h] of Object.entries(part.histograms)) {
      const into = (s.metrics[name] ??= createHistogram());
      into.add(h);
    }
    for (const [name, n] of Object.entries(part.counters)) s.counters[name] = (s.counters[name] ?? 0) + n;
    for (const [cls, n] of Object.entries(part.errors)) {
      const seen = part.errorsFirstSeen?.[cls] ?? start;
      const e = s.errors[cls];
      if (e === undefined) s.errors[cls] = { count: n, firstSeenMs: seen, samples: [] };
      else {
        e.count += n;
        if (seen < e.firstSeenMs) e.firstSeenMs = seen;
      }
    }
    for (const [cls, list] of Object.entries(part.errorSamples ?? {})) {
      // A sample's class is always counted in the same interval; a hand-made file may not be.
      const e = (s.errors[cls] ??= { count: 0, firstSeenMs: start, samples: [] });
      addSamples(e.samples, list);
    }
    for (const [name, v] of Object.entries(part.gauges)) {
      const max = s.gaugesMax[name];
      if (max === undefined || v > max) s.gaugesMax[name] = v;
    }
  }

  totals(): RunTotals {
    return this.state;
  }
}
