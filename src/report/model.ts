import { totalsFromIntervals } from './totals-from-ndjson.js';
import type { RunTotals } from '../stats/totals.js';
import type { StatsData } from './ndjson-types.js';
import { buildSummary } from './summary.js';
import { serversSummary } from './servers-summary.js';
import type { Summary } from './summary-types.js';
import { SeriesBuilder } from './series.js';
import type { ReportSeries } from './series.js';
import { percentileCurve } from './distribution.js';
import type { PercentileCurve } from './distribution.js';
import type { NodeReportRow } from './nodes-file.js';
import type { ErrorSample } from '../stats/error-samples.js';

/** One error class as the report lists it. */
export interface ErrorRow {
  class: string;
  count: number;
  /** Seconds since the run started, and the wall-clock time, it was first seen. */
  first_seen_s: number;
  first_seen: string;
  /** Its first occurrences (summary.json's error_samples). */
  samples: ErrorSample[];
}

/** Everything report.html shows, as plain JSON data: renderHtml() only lays it out. */
export interface ReportModel {
  run: {
    run_id: string;
    scenario: string;
    servers: string[];
    started: string;
    xload_version: string;
    workers: number;
    interval_ms: number;
    reason?: string;
    /** The run is still going (the live dashboard): the page says running, not aborted. */
    live?: boolean;
  };
  summary: Summary;
  errors: ErrorRow[];
  series: ReportSeries;
  distributions: Record<string, PercentileCurve>;
  /** Problems met while reading the data (e.g. a truncated last line). */
  warnings: string[];
  /** Per-node rows (nodes.json) of a run on agents or several processes. */
  nodes?: NodeReportRow[];
}

/**
 * Builds the report's data from stats.ndjson alone. The summary inside is buildSummary()'s,
 * the very object written to summary.json, so the page and the file cannot disagree.
 */
export function buildReportModel(data: StatsData & { warnings?: string[]; nodes?: NodeReportRow[] }): ReportModel {
  return buildReportModelWithTotals(data).model;
}

/**
 * buildReportModel() that also hands back the run totals with their merged histograms, for
 * callers that read more from them (thresholds at the end of a run) without decoding twice.
 */
export function buildReportModelWithTotals(data: StatsData & { warnings?: string[]; nodes?: NodeReportRow[] }): {
  model: ReportModel;
  totals: RunTotals;
} {
  const { header, intervals, end } = data;
  const startedMs = Date.parse(header.started);
  const series = new SeriesBuilder(intervals);
  const totals = totalsFromIntervals(startedMs, intervals, (line, hs) => series.add(line, hs));
  const nodes = data.nodes;
  const servers = serversSummary(intervals);
  const summary = buildSummary({
    header,
    totals,
    ...(end === undefined ? {} : { end }),
    ...(nodes ? { nodes } : {}),
    ...(servers ? { servers } : {}),
  });
  const errors: ErrorRow[] = Object.entries(totals.errors)
    .map(([cls, e]) => ({
      class: cls,
      count: e.count,
      first_seen_s: Math.round(e.firstSeenMs - startedMs) / 1000,
      first_seen: new Date(e.firstSeenMs).toISOString(),
      samples: e.samples,
    }))
    .sort((a, b) => b.count - a.count || a.class.localeCompare(b.class));
  const distributions: Record<string, PercentileCurve> = {};
  for (const name of Object.keys(totals.metrics).sort()) {
    const h = totals.metrics[name];
    if (h !== undefined) distributions[name] = percentileCurve(h);
  }
  const run: ReportModel['run'] = {
    run_id: header.run_id,
    scenario: header.scenario,
    servers: header.servers ?? [],
    started: header.started,
    xload_version: header.xload_version,
    workers: header.workers,
    interval_ms: header.interval_ms,
  };
  if (end?.reason !== undefined) run.reason = end.reason;
  const model: ReportModel = { run, summary, errors, series: series.finish(), distributions, warnings: data.warnings ?? [] };
  if (nodes) model.nodes = nodes;
  return { model, totals };
}
