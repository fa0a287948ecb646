import type { LatencyStats } from '../stats/histogram-stats.js';
import type { ThresholdResult } from '../thresholds/result.js';
import type { ErrorSamples } from '../stats/error-samples.js';
import type { CapacitySummary } from './capacity-types.js';
import type { ServerSummary } from './servers-summary.js';
import type { ChecksSummary } from './checks-summary.js';

export type { ChecksSummary, CheckCounts } from './checks-summary.js';

/** Thresholds own their result's shape; the summary carries it (report -> thresholds, never back). */
export type { ThresholdResult };

/** How a run ended. `aborted`: stopped early (Ctrl-C, abort threshold, or killed: no end line). */
export type RunStatus = 'completed' | 'aborted' | 'failed';

export interface UsersSummary {
  started: number;
  finished: number;
  failed: number;
  max_concurrent: number;
}

/** Delivery accounting of stamped messages (DESIGN.md): sent = delivered + lost + in_flight. */
export interface MessagesSummary {
  sent: number;
  delivered: number;
  lost: number;
  duplicated: number;
  in_flight: number;
}

/**
 * How cross-box latencies were corrected (distributed runs only). Additive to version 2:
 * absent on one-box runs, and readers of /2 ignore fields they do not know.
 */
export interface ClockSummary {
  /** Every agent's latencies ran on the coordinator's clock, re-estimated through the run. */
  corrected: true;
  agents: number;
  /** Cross-agent latencies are exact to within ± this (the two largest agent uncertainties added). */
  max_uncertainty_ms: number;
  /** The largest |offset| an agent's clock had from the coordinator's (what was corrected). */
  max_offset_ms: number;
}

/**
 * Version 3 (from 2): `error_samples`, the first occurrences of each error class.
 * Version 2 (from 1): a threshold's `value` is null when there was nothing to measure,
 * and thresholds may carry `detail` and `aborted`. Everything else is as in version 1;
 * readers (compare) still accept 1 and 2.
 */
/**
 * Version 3 (from 2): `servers`, the server monitors' readings (issue 14), and
 * `error_samples`; both are additive, so /1 and /2 are still read.
 */
export const SUMMARY_SCHEMA = 'xload.summary/3';

/** Summary schemas this xload can read. */
export const READABLE_SUMMARY_SCHEMAS: readonly string[] = ['xload.summary/1', 'xload.summary/2', SUMMARY_SCHEMA];

/** reports/<run-id>/summary.json: the contract in DESIGN.md; fields and names never change. */
export interface Summary {
  schema: typeof SUMMARY_SCHEMA;
  status: RunStatus;
  scenario: string;
  started: string;
  duration_s: number;
  users: UsersSummary;
  messages: MessagesSummary;
  metrics: Record<string, LatencyStats>;
  counters: Record<string, number>;
  errors: Record<string, number>;
  /**
   * Per error class, its first occurrences over the run (at most 3, by time): request type,
   * scenario `file:line:col`, user, epoch ms, message and the server's element. Since /3;
   * a /1 or /2 file read back gets an empty map.
   */
  error_samples: ErrorSamples;
  thresholds: ThresholdResult[];
  /** Distributed runs: how far cross-agent latencies can be off (additive, see ClockSummary). */
  clock?: ClockSummary;
  /** `xload capacity` only: the search and its curve (capacity-types.ts; additive). */
  capacity?: CapacitySummary;
  /** Runs with `<monitoring>` (schema /3): per monitor id, its series' mean and max over the run. */
  servers?: Record<string, ServerSummary>;
  /** Runs with `<expect>` checks (issue 16, additive to /3): pass, fail and rate, all and per check name. */
  checks?: ChecksSummary;
}
