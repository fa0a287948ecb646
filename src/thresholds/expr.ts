/**
 * A parsed threshold: `operand op limit`. Plain data, so it can be printed back, sent to a
 * worker, or tested table-style. Latency limits are kept in ms and rates as fractions,
 * whatever unit the user wrote.
 */
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

/** A latency statistic of one metric's run-wide HDR histogram. */
export interface LatencyOperand {
  kind: 'latency';
  /** `p` with `percentile` (0..100), or min/max/mean. */
  stat: 'p' | 'min' | 'max' | 'mean';
  percentile?: number;
  metric: string;
}

/** `count(metric)`: samples in a metric's histogram. */
export interface CountOperand {
  kind: 'count';
  metric: string;
}

/** A number from the summary: `messages.lost`, `users.failed`, `errors`, `errors.timeout`, `counters.x`, `duration_s`. */
export interface ValueOperand {
  kind: 'value';
  path: string;
}

/** `rate(path)`: a fraction of the path's natural whole (lost of sent, failed of started, errors of operations). */
export interface RateOperand {
  kind: 'rate';
  path: string;
}

/** `per_s(path)`: the path's count divided by the run's duration in seconds. */
export interface PerSecondOperand {
  kind: 'per_s';
  path: string;
}

/** `max(server.<id>.<series>)`, `mean(...)`: a server monitor's series over the run (summary.json `servers`). */
export interface ServerOperand {
  kind: 'server';
  stat: 'max' | 'mean';
  id: string;
  series: string;
}

export type Operand = LatencyOperand | CountOperand | ValueOperand | RateOperand | PerSecondOperand | ServerOperand;

/**
 * What the operand's value is measured in; decides which units the limit may carry.
 * `percent`: already in % (a monitor's `cpu`), so `80%` and `80` are the same limit.
 */
export type Dimension = 'ms' | 'fraction' | 'number' | 'seconds' | 'percent' | 'bytes';

export interface ThresholdExpr {
  /** The text as written (trimmed), used as the threshold's name in reports and JUnit. */
  source: string;
  operand: Operand;
  op: CompareOp;
  /** The limit in the operand's dimension: ms, a fraction (0.001 for 0.1%), or a count. */
  limit: number;
}
