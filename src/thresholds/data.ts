import type { Histogram } from '../stats/hdr.js';
import type { Summary } from '../report/summary-types.js';

/**
 * What thresholds are evaluated against: the run's summary numbers and, when available,
 * each metric's run-wide µs histogram (any percentile is exact then). Without histograms
 * (a bare summary.json) latency stats come from the summary's fixed percentiles.
 */
export interface ThresholdData {
  summary: Pick<Summary, 'users' | 'messages' | 'counters' | 'errors' | 'duration_s' | 'metrics'>;
  histograms?: Record<string, Histogram>;
}
