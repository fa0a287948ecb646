import type { StatsInterval } from './ndjson-types.js';

/** One monitor series over the run: the mean and the largest of its readings. */
export interface ServerSeriesSummary {
  mean: number;
  max: number;
}

/** summary.json `servers.<id>` (schema /3): a monitor's readings over the run's intervals. */
export interface ServerSummary {
  /** Intervals with a reading. */
  samples: number;
  /** Intervals without one (the monitor did not answer in time, or the sample was late). */
  gaps: number;
  series: Record<string, ServerSeriesSummary>;
}

/** The monitors' readings of one interval line (`sources.servers`), checked: id -> series -> number, or null for a gap. */
export function serverReadings(
  line: Pick<StatsInterval, 'sources'> | { sources?: Readonly<Record<string, unknown>> },
): Record<string, Record<string, number> | null> | undefined {
  const raw = line.sources?.['servers'];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const out: Record<string, Record<string, number> | null> = {};
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      out[id] = null;
      continue;
    }
    const series: Record<string, number> = {};
    for (const [name, x] of Object.entries(v as Record<string, unknown>)) if (typeof x === 'number' && Number.isFinite(x)) series[name] = x;
    out[id] = series;
  }
  return out;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Builds `servers` from the interval lines as they come (stats.ndjson is the one source:
 * `xload start` and `xload report DIR` give the same). Every interval line of a run with
 * monitors counts for each monitor: a reading, or a gap.
 */
export class ServersAccumulator {
  private intervals = 0;
  private readonly byId = new Map<string, { samples: number; series: Map<string, { sum: number; n: number; max: number }> }>();

  /** An interval line, or a live interval (IntervalInfo has the same `sources`). */
  add(line: { sources?: Readonly<Record<string, unknown>> }): void {
    this.intervals++;
    const readings = serverReadings(line);
    if (!readings) return;
    for (const [id, r] of Object.entries(readings)) {
      let m = this.byId.get(id);
      if (!m) this.byId.set(id, (m = { samples: 0, series: new Map() }));
      if (r === null) continue;
      m.samples++;
      for (const [name, x] of Object.entries(r)) {
        const s = m.series.get(name);
        if (s) {
          s.sum += x;
          s.n++;
          s.max = Math.max(s.max, x);
        } else m.series.set(name, { sum: x, n: 1, max: x });
      }
    }
  }

  /** Undefined when no interval had monitor readings (a run without `<monitoring>`). */
  summary(): Record<string, ServerSummary> | undefined {
    if (this.byId.size === 0) return undefined;
    const out: Record<string, ServerSummary> = {};
    for (const [id, m] of this.byId) {
      const series: Record<string, ServerSeriesSummary> = {};
      for (const [name, s] of m.series) series[name] = { mean: round3(s.sum / s.n), max: round3(s.max) };
      out[id] = { samples: m.samples, gaps: this.intervals - m.samples, series };
    }
    return out;
  }
}

export function serversSummary(intervals: readonly StatsInterval[]): Record<string, ServerSummary> | undefined {
  const acc = new ServersAccumulator();
  for (const line of intervals) acc.add(line);
  return acc.summary();
}
