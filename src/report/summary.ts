import { latencyStats } from '../stats/histogram-stats.js';
import type { LatencyStats } from '../stats/histogram-stats.js';
import type { RunTotals } from '../stats/totals.js';
import type { StatsEnd, StatsHeader, StatsInterval } from './ndjson-types.js';
import { SUMMARY_SCHEMA } from './summary-types.js';
import type { MessagesSummary, Summary, UsersSummary } from './summary-types.js';
import { totalsFromIntervals } from './totals-from-ndjson.js';
import { clockSummary, type NodeReportRow } from './nodes-file.js';
import { serversSummary, type ServerSummary } from './servers-summary.js';
import { checksSummary, isCheckCounter } from './checks-summary.js';
import { COUNTER, GAUGE } from '../stats/metric-names.js';

export * from './summary-types.js';

/**
 * What a summary is built from: the header and end line of stats.ndjson, plus either its
 * interval lines (`xload report`) or the live aggregator's totals (end of `xload start`).
 */
export type SummaryInput = { header: StatsHeader; end?: StatsEnd; nodes?: readonly NodeReportRow[] } & (
  { intervals: readonly StatsInterval[] } | { totals: RunTotals; servers?: Record<string, ServerSummary> }
);

/** Builds summary.json (schema xload.summary/3: DESIGN.md's /1, nullable threshold values, error_samples, servers) from run data. Pure. */
export function buildSummary(input: SummaryInput): Summary {
  const startedMs = Date.parse(input.header.started);
  const totals = 'totals' in input ? input.totals : totalsFromIntervals(startedMs, input.intervals);
  const { end } = input;
  const c = totals.counters;
  const n = (name: string): number => c[name] ?? 0;

  const users: UsersSummary = {
    started: end?.users?.started ?? n(COUNTER.usersStarted),
    finished: end?.users?.finished ?? n(COUNTER.usersFinished),
    failed: end?.users?.failed ?? n(COUNTER.usersFailed),
    max_concurrent: end?.users?.max_concurrent ?? totals.gaugesMax[GAUGE.usersActive] ?? 0,
  };

  const metrics: Record<string, LatencyStats> = {};
  for (const name of Object.keys(totals.metrics).sort()) {
    const h = totals.metrics[name];
    if (h !== undefined) metrics[name] = latencyStats(h);
  }
  const errors: Record<string, number> = {};
  const errorSamples: Summary['error_samples'] = {};
  for (const cls of Object.keys(totals.errors).sort()) {
    errors[cls] = totals.errors[cls]?.count ?? 0;
    const samples = totals.errors[cls]?.samples ?? [];
    if (samples.length > 0) errorSamples[cls] = samples;
  }
  const counters: Record<string, number> = {};
  // Check counters go to `checks` (per name, with rates) instead.
  for (const name of Object.keys(c).sort()) if (!isCheckCounter(name)) counters[name] = n(name);
  const checks = checksSummary(c);

  const clock = clockSummary(input.nodes);
  const servers = 'intervals' in input ? serversSummary(input.intervals) : input.servers;
  const lastS = totals.lastEndMs === undefined ? 0 : (totals.lastEndMs - startedMs) / 1000;
  return {
    schema: SUMMARY_SCHEMA,
    // No end line: the run did not finish (killed, crashed, or still going).
    status: end?.status ?? 'aborted',
    scenario: input.header.scenario,
    started: input.header.started,
    duration_s: end?.duration_s ?? Math.max(0, lastS),
    users,
    messages: messageAccounting(totals, end),
    metrics,
    counters,
    errors,
    error_samples: errorSamples,
    thresholds: end?.thresholds ?? [],
    ...(clock ? { clock } : {}),
    ...(servers ? { servers } : {}),
    ...(checks ? { checks } : {}),
  };
}

/**
 * sent = delivered + lost + in_flight. Only the end of a run can tell lost from still in
 * flight (the engine waits out its delivery timeout); without an end line every message not
 * delivered is counted in flight, since nobody knows whether it was lost.
 */
function messageAccounting(totals: RunTotals, end: StatsEnd | undefined): MessagesSummary {
  const c = totals.counters;
  const m = end?.messages;
  const sent = m?.sent ?? c[COUNTER.messagesSent] ?? 0;
  const delivered = m?.delivered ?? c[COUNTER.messagesDelivered] ?? 0;
  const duplicated = m?.duplicated ?? c[COUNTER.messagesDuplicated] ?? 0;
  const missing = Math.max(0, sent - delivered);
  if (end === undefined) return { sent, delivered, lost: 0, duplicated, in_flight: missing };
  const inFlight = m?.in_flight ?? (m?.lost === undefined ? 0 : Math.max(0, missing - m.lost));
  const lost = m?.lost ?? Math.max(0, missing - inFlight);
  return { sent, delivered, lost, duplicated, in_flight: inFlight };
}
