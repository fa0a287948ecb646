import { describe, expect, it } from 'vitest';
import { createHistogram, encodeHistogram } from '../stats/hdr.js';
import { latencyStats } from '../stats/histogram-stats.js';
import type { StatsInterval } from './ndjson-types.js';
import { buildSeries } from './series.js';
import { percentileCurve } from './distribution.js';

function line(t_s: number, values: number[], counters: Record<string, number>, active: number): StatsInterval {
  const h = createHistogram();
  for (const v of values) h.recordValue(v);
  const { p999_ms: _p, ...q } = latencyStats(h);
  return {
    type: 'interval',
    t_s,
    interval_ms: 1000,
    counters,
    gauges: { users_active: active },
    errors: { timeout: 1 },
    errors_first_seen: {},
    metrics: values.length === 0 ? {} : { connect: { hdr: encodeHistogram(h), ...q } },
  };
}

describe('buildSeries', () => {
  it('turns counters into per-second rates and keeps gaps as null', () => {
    const s = buildSeries([line(1, [1000, 3000], { stanzas_sent: 10 }, 2), line(2, [], { stanzas_sent: 4 }, 5)]);
    expect(s.t_s).toEqual([1, 2]);
    expect(s.stanzas_out_per_s).toEqual([10, 4]);
    expect(s.users_active).toEqual([2, 5]);
    expect(s.errors_per_s).toEqual({ timeout: [1, 1] });
    expect(s.latency['connect']?.p50).toEqual([1, null]);
  });

  it('merges histograms of binned intervals exactly, and keeps gauge peaks', () => {
    const s = buildSeries(
      [line(1, [1000], { users_started: 2 }, 1), line(2, [9000, 9000, 9000], { users_started: 4 }, 7), line(3, [2000], {}, 3)],
      2,
    );
    expect(s.binIntervals).toBe(2);
    expect(s.t_s).toEqual([2, 3]);
    expect(s.arrivals_per_s).toEqual([3, 0]);
    expect(s.users_active).toEqual([7, 3]);
    expect(s.latency['connect']?.p50[0]).toBeCloseTo(9, 1);
    expect(s.latency['connect']?.max[1]).toBeCloseTo(2, 2);
  });
});

describe('percentileCurve', () => {
  it('is monotonic, ends at the max, and is empty for an empty histogram', () => {
    const h = createHistogram();
    for (let i = 1; i <= 10_000; i++) h.recordValue(i * 10);
    const c = percentileCurve(h);
    expect(c.percentile[0]).toBe(0);
    expect(c.percentile.at(-1)).toBe(100);
    expect(c.value_ms.at(-1)).toBeCloseTo(100, 0);
    for (let i = 1; i < c.value_ms.length; i++) expect(c.value_ms[i]).toBeGreaterThanOrEqual(c.value_ms[i - 1] ?? 0);
    expect(percentileCurve(createHistogram())).toEqual({ percentile: [], value_ms: [] });
  });
});
