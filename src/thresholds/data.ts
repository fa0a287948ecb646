import type { Histogram } from '../stats/hdr.js';
import type { LatencyStats } from '../stats/histogram-stats.js';
import type { MESSAGE_FIELDS, USER_FIELDS } from './paths.js';

/**
 * The summary numbers a threshold can name (paths.ts): the part of summary.json's shape
 * thresholds read, declared here so thresholds need nothing from src/report (the report's
 * Summary has this shape; finish-run passes one).
 */
export interface ThresholdSummary {
  duration_s: number;
  users: Record<(typeof USER_FIELDS)[number], number>;
  messages: Record<(typeof MESSAGE_FIELDS)[number], number>;
  metrics: Record<string, LatencyStats>;
  counters: Record<string, number>;
  errors: Record<string, number>;
  /** summary.json /3 `servers`: per monitor id, its series' mean and max. */
  servers?: Record<string, { samples: number; series: Record<string, { mean: number; max: number }> }>;
  /** summary.json `checks` (issue 16): `<expect>` checks passed and failed, all and per name. */
  checks?: { pass: number; fail: number; names: Record<string, { pass: number; fail: number }> };
}

/**
 * What thresholds are evaluated against: the run's summary numbers and, when available,
 * each metric's run-wide µs histogram (any percentile is exact then). Without histograms
 * (a bare summary.json) latency stats come from the summary's fixed percentiles.
 */
export interface ThresholdData {
  summary: ThresholdSummary;
  histograms?: Record<string, Histogram>;
}
