import { describe, expect, it } from 'vitest';
import { parseSummary } from './compare-load.js';

const base = { status: 'completed', scenario: 'a.xml', started: '2026-01-01T00:00:00Z', duration_s: 1, users: {}, messages: {}, metrics: {}, counters: {}, errors: {} };

describe('summary.json schema versions', () => {
  it('reads version 1 (DESIGN.md) and version 2 (nullable threshold values)', () => {
    expect(parseSummary(JSON.stringify({ ...base, schema: 'xload.summary/1' }), 'a.json').schema).toBe('xload.summary/1');
    const v2 = parseSummary(JSON.stringify({ ...base, schema: 'xload.summary/2', thresholds: [{ expr: 'p99(x) lt 1ms', ok: false, value: null }] }), 'b.json');
    expect(v2.thresholds[0]?.value).toBeNull();
  });

  it('refuses an unknown version by name', () => {
    expect(() => parseSummary(JSON.stringify({ ...base, schema: 'xload.summary/7' }), 'c.json')).toThrow(/unknown schema "xload.summary\/7"/);
  });
});
