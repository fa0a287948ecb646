import { buildSummary } from '../report/summary.js';
import { STATS_SCHEMA } from '../report/ndjson-types.js';
import type { RunTotals } from '../stats/totals.js';
import { firstAbort, type Threshold, type ThresholdData } from '../thresholds/index.js';
import type { ThresholdResult } from '../thresholds/result.js';
import type { IntervalInfo, RunOutput, RunVerdict } from './types.js';
import { ServersAccumulator, type ServerSummary } from '../report/servers-summary.js';

/** The run-so-far as threshold data: the same buildSummary() the end of the run uses, on live totals. */
export function liveThresholdData(totals: RunTotals, startedMs: number, servers?: Record<string, ServerSummary>): ThresholdData {
  const summary = buildSummary({
    header: {
      type: 'header',
      schema: STATS_SCHEMA,
      run_id: 'live',
      scenario: '',
      started: new Date(startedMs).toISOString(),
      xload_version: '',
      interval_ms: 0,
      workers: 0,
      servers: [],
    },
    totals,
    ...(servers ? { servers } : {}),
  });
  return { summary, histograms: totals.metrics };
}

/**
 * Watches abort_on_fail thresholds while the run goes (k6's abortOnFail): after each closed
 * interval, on the cumulative totals. Only those thresholds are read, so a run without them
 * costs nothing here.
 */
export class ThresholdMonitor {
  private readonly watched: Threshold[];
  /** The threshold that stopped the run, once one has. */
  tripped: { threshold: Threshold; result: ThresholdResult } | undefined;

  constructor(
    thresholds: readonly Threshold[],
    private readonly startedMs: number,
  ) {
    this.watched = thresholds.filter((t) => t.abortOnFail);
  }

  /** There is an abort_on_fail threshold to watch, and it has not tripped yet. */
  get watching(): boolean {
    return this.watched.length > 0 && !this.tripped;
  }

  /** A reason to abort the run now, or undefined. Trips once. */
  check(totals: RunTotals, servers?: Record<string, ServerSummary>): string | undefined {
    if (this.watched.length === 0 || this.tripped) return undefined;
    this.tripped = firstAbort(this.watched, liveThresholdData(totals, this.startedMs, servers));
    if (!this.tripped) return undefined;
    const { threshold, result } = this.tripped;
    return `threshold failed (abort_on_fail): ${threshold.expr.source} (value ${result.value}, ${threshold.origin})`;
  }
}

/** The monitor as an output: checked after each interval of the load; a trip stops the run gracefully. */
export class LiveThresholdOutput implements RunOutput {
  readonly name = 'thresholds';

  /** The monitors' readings so far, for `max(server.<id>.<series>)` thresholds. */
  private readonly servers = new ServersAccumulator();

  constructor(readonly monitor: ThresholdMonitor) {}

  interval(iv: IntervalInfo): RunVerdict | undefined {
    if (this.monitor.watching) this.servers.add(iv);
    // Totals are merged only when some threshold reads them.
    if (iv.kind !== 'load' || !this.monitor.watching) return undefined;
    const why = this.monitor.check(iv.totals(), this.servers.summary());
    return why === undefined ? undefined : { abort: why };
  }
}
