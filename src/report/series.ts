import { createHistogram, decodeHistogram } from '../stats/hdr.js';
import type { Histogram } from '../stats/hdr.js';
import { usToMs } from '../stats/histogram-stats.js';
import type { StatsInterval } from './ndjson-types.js';
import { ServerSeriesBuilder, type ServerLines } from './server-series.js';
import { COUNTER, GAUGE } from '../stats/metric-names.js';

/** At most this many points per time-series line: a 1-hour run at 1 s has 3,600 intervals. */
export const MAX_POINTS = 600;

/** Latency lines for one metric; null where the metric had no sample in that bin. */
export interface LatencySeries {
  p50: (number | null)[];
  p90: (number | null)[];
  p99: (number | null)[];
  max: (number | null)[];
}

/** Time series for the report's charts, one value per bin of consecutive intervals. */
export interface ReportSeries {
  /** Intervals per bin (1 unless the run had more than MAX_POINTS intervals). */
  binIntervals: number;
  /** Seconds since start at which each bin ends. */
  t_s: number[];
  arrivals_per_s: number[];
  users_active: number[];
  users_connected: number[];
  stanzas_in_per_s: number[];
  stanzas_out_per_s: number[];
  bytes_in_per_s: number[];
  bytes_out_per_s: number[];
  errors_per_s: Record<string, number[]>;
  latency: Record<string, LatencySeries>;
  /** Runs with `<monitoring>`: each monitor's CPU and memory lines (server-series.ts). */
  servers?: Record<string, ServerLines>;
}

/**
 * Bins intervals for charting. Long runs are decimated by merging consecutive intervals, not
 * by dropping or averaging them: counters are summed into rates over the bin, gauges keep
 * the bin's peak, and latency percentiles come from the bin's merged histogram, so every
 * point is still exact for its (longer) bin.
 */
export function buildSeries(intervals: readonly StatsInterval[], maxPoints = MAX_POINTS): ReportSeries {
  const b = new SeriesBuilder(intervals, maxPoints);
  for (const line of intervals) b.add(line);
  return b.finish();
}

/**
 * buildSeries() one interval at a time, so a caller that already decoded an interval's
 * histograms (for the run totals) can hand them over instead of decoding them twice.
 */
export class SeriesBuilder {
  readonly bin: number;
  private readonly out: ReportSeries;
  private readonly metricNames: string[];
  private readonly errorNames: string[];
  private group: StatsInterval[] = [];
  private readonly merged = new Map<string, Histogram>();
  private readonly servers: ServerSeriesBuilder;

  constructor(intervals: readonly StatsInterval[], maxPoints = MAX_POINTS) {
    this.bin = Math.max(1, Math.ceil(intervals.length / maxPoints));
    this.metricNames = [...new Set(intervals.flatMap((i) => Object.keys(i.metrics)))].sort();
    this.errorNames = [...new Set(intervals.flatMap((i) => Object.keys(i.errors)))].sort();
    this.servers = new ServerSeriesBuilder(intervals, this.bin);
    this.out = {
      binIntervals: this.bin,
      t_s: [],
      arrivals_per_s: [],
      users_active: [],
      users_connected: [],
      stanzas_in_per_s: [],
      stanzas_out_per_s: [],
      bytes_in_per_s: [],
      bytes_out_per_s: [],
      errors_per_s: Object.fromEntries(this.errorNames.map((e) => [e, []])),
      latency: Object.fromEntries(this.metricNames.map((m) => [m, { p50: [], p90: [], p99: [], max: [] }])),
    };
  }

  /** Adds the next interval; `decoded` are its histograms if the caller has them already. */
  add(line: StatsInterval, decoded?: Record<string, Histogram>): void {
    this.group.push(line);
    this.servers.add(line);
    if (this.bin > 1) {
      for (const [name, m] of Object.entries(line.metrics)) {
        if (m.count === 0) continue;
        let h = this.merged.get(name);
        if (h === undefined) {
          h = createHistogram();
          this.merged.set(name, h);
        }
        h.add(decoded?.[name] ?? decodeHistogram(m.hdr));
      }
    }
    if (this.group.length === this.bin) this.flush();
  }

  finish(): ReportSeries {
    this.flush();
    const servers = this.servers.finish();
    if (servers) this.out.servers = servers;
    return this.out;
  }

  private flush(): void {
    const group = this.group;
    const last = group[group.length - 1];
    if (last === undefined) return;
    const out = this.out;
    const seconds = Math.max(0.001, group.reduce((s, i) => s + i.interval_ms, 0) / 1000);
    const rate = (pick: (i: StatsInterval) => number | undefined): number =>
      round3(group.reduce((s, i) => s + (pick(i) ?? 0), 0) / seconds);
    const peak = (name: string): number => Math.max(0, ...group.map((i) => i.gauges[name] ?? 0));
    out.t_s.push(last.t_s);
    out.arrivals_per_s.push(rate((i) => i.counters[COUNTER.usersStarted]));
    out.users_active.push(peak(GAUGE.usersActive));
    out.users_connected.push(peak(GAUGE.usersConnected));
    out.stanzas_in_per_s.push(rate((i) => i.counters[COUNTER.stanzasReceived]));
    out.stanzas_out_per_s.push(rate((i) => i.counters[COUNTER.stanzasSent]));
    out.bytes_in_per_s.push(rate((i) => i.counters[COUNTER.bytesReceived]));
    out.bytes_out_per_s.push(rate((i) => i.counters[COUNTER.bytesSent]));
    for (const e of this.errorNames) out.errors_per_s[e]?.push(rate((i) => i.errors[e]));
    for (const m of this.metricNames) {
      const series = out.latency[m];
      if (series === undefined) continue;
      if (this.bin === 1) {
        // A bin of one interval: its line already holds the read-out of the same histogram.
        const one = last.metrics[m];
        const has = one !== undefined && one.count > 0;
        series.p50.push(has ? one.p50_ms : null);
        series.p90.push(has ? one.p90_ms : null);
        series.p99.push(has ? one.p99_ms : null);
        series.max.push(has ? one.max_ms : null);
        continue;
      }
      const h = this.merged.get(m);
      const has = h !== undefined && h.totalCount > 0;
      const pick = (p: number): number | null => (has ? usToMs(h.getValueAtPercentile(p)) : null);
      series.p50.push(pick(50));
      series.p90.push(pick(90));
      series.p99.push(pick(99));
      series.max.push(pick(100));
      h?.reset();
    }
    this.group = [];
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
