import type { IntervalCounts, IntervalMetric } from '../stats/interval-forms.js';
import type { ErrorSamples } from '../stats/error-samples.js';
import type { MessagesSummary, RunStatus, ThresholdResult, UsersSummary } from './summary-types.js';

export const STATS_SCHEMA = 'xload.stats/1';

/**
 * First line of stats.ndjson: which run this is. A reader refuses any other `schema`; a
 * format change that old readers would misread gets a new schema name.
 */
export interface StatsHeader {
  type: 'header';
  schema: typeof STATS_SCHEMA;
  run_id: string;
  scenario: string;
  /** ISO-8601 start of the run; interval `t_s` counts from here. */
  started: string;
  xload_version: string;
  interval_ms: number;
  workers: number;
  /** Servers under test, as `host:port` (or URLs for WebSocket/BOSH). */
  servers: string[];
  /** Anything else worth keeping with the run (options, host name, ...). */
  meta?: Record<string, unknown>;
}

/** File form of an interval (src/stats/interval-forms.ts): one closed interval, merged over every shard. */
export interface StatsInterval extends IntervalCounts {
  type: 'interval';
  /** Seconds since `started` at which the interval closed. */
  t_s: number;
  /** Length of the interval, ms (rates are counter / interval_ms). */
  interval_ms: number;
  /** Epoch ms each error class in `errors` was first seen in this interval. */
  errors_first_seen: Record<string, number>;
  /**
   * The first occurrences of each error class in this interval (at most 3 a class): the
   * request, its scenario line, the user and the server's element. Absent when there were
   * none, and in files written before it existed.
   */
  error_samples?: ErrorSamples;
  /** `hdr` is the truth (µs histogram, HdrHistogram V2 compressed base64); the rest is a quick read. */
  metrics: Record<string, IntervalMetric>;
  /** Samples from run sources beside the engine (e.g. `servers`, issue 14), by field; absent when the run has none. */
  sources?: Record<string, unknown>;
}

/** Last line, written once the run has finished; a run killed hard has none. */
export interface StatsEnd {
  type: 'end';
  status: RunStatus;
  duration_s: number;
  /** The engine's final word where counters alone cannot say (e.g. users still active). */
  users?: Partial<UsersSummary>;
  /** Final delivery accounting: lost vs still in flight is only known at the end. */
  messages?: Partial<MessagesSummary>;
  thresholds: ThresholdResult[];
  /** Why the run stopped, for aborted or failed runs. */
  reason?: string;
}

/** Everything stats.ndjson holds, as read back. */
export interface StatsData {
  header: StatsHeader;
  intervals: StatsInterval[];
  end?: StatsEnd;
}

export type StatsLine = StatsHeader | StatsInterval | StatsEnd;
