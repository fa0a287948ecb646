import { describe, expect, it } from 'vitest';
import { parseSummary } from './compare-load.js';
import { SUMMARY_SCHEMA } from './summary-types.js';

const base = {
  status: 'completed',
  scenario: 'a.xml',
  started: '2026-01-01T00:00:00Z',
  duration_s: 1,
  users: {},
  messages: {},
  metrics: {},
  counters: {},
  errors: {},
};

describe('summary.json schema versions', () => {
  it('reads version 1 (DESIGN.md) and version 2 (nullable threshold values)', () => {
    expect(parseSummary(JSON.stringify({ ...base, schema: 'xload.summary/1' }), 'a.json').schema).toBe('xload.summary/1');
    const v2 = parseSummary(
      JSON.stringify({ ...base, schema: 'xload.summary/2', thresholds: [{ expr: 'p99(x) lt 1ms', ok: false, value: null }] }),
      'b.json',
    );
    expect(v2.thresholds[0]?.value).toBeNull();
  });

  it('reads version 3 (servers from <monitoring>, error_samples), which xload now writes', () => {
    expect(SUMMARY_SCHEMA).toBe('xload.summary/3');
    const servers = { beam: { samples: 3, gaps: 1, series: { cpu: { mean: 12.5, max: 40 } } } };
    const v3 = parseSummary(JSON.stringify({ ...base, schema: 'xload.summary/3', thresholds: [], servers, error_samples: {} }), 'c.json');
    expect(v3.servers?.['beam']?.series['cpu']?.max).toBe(40);
  });

  it('refuses an unknown version by name', () => {
    expect(() => parseSummary(JSON.stringify({ ...base, schema: 'xload.summary/7' }), 'c.json')).toThrow(
      /unknown schema "xload.summary\/7"/,
    );
  });
});
