import { describe, expect, it } from 'vitest';
import type { StatsInterval } from './ndjson-types.js';
import { serversSummary } from './servers-summary.js';

const line = (servers?: unknown): StatsInterval =>
  ({
    type: 'interval',
    t_s: 1,
    interval_ms: 1000,
    counters: {},
    gauges: {},
    errors: {},
    metrics: {},
    ...(servers === undefined ? {} : { sources: { servers } }),
  }) as unknown as StatsInterval;

describe('serversSummary (summary.json servers)', () => {
  it('gives each monitor series its mean and max, with samples and gaps', () => {
    const s = serversSummary([
      line({ beam: { cpu: 10, rss_bytes: 100 }, host: { cpu: 50 } }),
      line({ beam: null, host: { cpu: 70 } }),
      line(),
      line({ beam: { cpu: 30, rss_bytes: 300 }, host: { cpu: 60 } }),
    ]);
    expect(s).toEqual({
      beam: { samples: 2, gaps: 2, series: { cpu: { mean: 20, max: 30 }, rss_bytes: { mean: 200, max: 300 } } },
      host: { samples: 3, gaps: 1, series: { cpu: { mean: 60, max: 70 } } },
    });
  });

  it('is absent for a run without monitors, and ignores what is not a number', () => {
    expect(serversSummary([line(), line()])).toBeUndefined();
    expect(serversSummary([line({ a: { cpu: 'x', load1: 2 } })])?.['a']?.series).toEqual({ load1: { mean: 2, max: 2 } });
  });
});
