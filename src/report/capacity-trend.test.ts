import { describe, expect, it } from 'vitest';
import type { CapacityHistoryEntry, CapacityTrend } from './capacity-types.js';
import { median, TREND_ENTRIES, trendOf, trendPoints } from './capacity-trend.js';
import { renderTrendHtml } from './capacity-trend-html.js';

const e = (
  day: number,
  found: number | null,
  verdict: CapacityHistoryEntry['verdict'] = 'found',
  more: Partial<CapacityHistoryEntry> = {},
) => ({
  date: `2026-11-${String(day).padStart(2, '0')}T02:10:00.000Z`,
  axis: 'arrival-rate' as const,
  unit: 'users/s',
  verdict,
  found,
  lowest_fail: found === null ? null : found * 1.05,
  first_broken_gate: null,
  slos: [],
  xload_version: '0.1.0',
  scenario_hash: 'abc',
  server_version: 'ejabberd 23.01',
  ...more,
});

const gate = { baseline: 10, baseline_runs: 3, max_drop: 0.1, dropped: false };

describe('median', () => {
  it.each([
    [[], null],
    [[3], 3],
    [[5, 1, 3], 3],
    [[8, 12], 10],
  ])('%j → %s', (v, want) => expect(median(v)).toBe(want));
});

describe('trendOf', () => {
  it('keeps the same scenario and axis, this run last, at most TREND_ENTRIES', () => {
    const past = [e(1, 10, 'found', { scenario_hash: 'other' }), e(2, 11, 'found', { axis: 'users' }), e(3, 12)];
    const t = trendOf(past, e(4, 13), gate);
    expect(t.entries.map((x) => x.found)).toEqual([12, 13]);
    expect(t).toMatchObject(gate);
    const many = Array.from({ length: 40 }, (_, i) => e(1, i));
    expect(trendOf(many, e(2, 99), gate).entries).toHaveLength(TREND_ENTRIES);
    expect(trendOf(many, e(2, 99), gate).entries.at(-1)!.found).toBe(99);
  });
});

describe('trendPoints', () => {
  it('kinds, the rolling median of the good runs before each point, the current run last', () => {
    const t: CapacityTrend = {
      ...gate,
      entries: [e(1, 10), e(2, null, 'generator-limited'), e(3, 12), e(4, 4, 'max-level'), e(5, 14), e(6, null, 'start-failed')],
    };
    const pts = trendPoints(t);
    expect(pts.map((p) => p.kind)).toEqual(['good', 'none', 'good', 'bound', 'good', 'none']);
    expect(pts.map((p) => p.median)).toEqual([null, 10, 10, 11, 11, 12]);
    expect(pts.map((p) => p.current)).toEqual([false, false, false, false, false, true]);
    expect(pts[0]!.atMs).toBe(Date.parse('2026-11-01T02:10:00.000Z'));
  });

  it('the median looks at the last 7 good runs only', () => {
    const entries = [e(1, 100), ...Array.from({ length: 7 }, (_, i) => e(i + 2, 10)), e(10, 10)];
    expect(trendPoints({ ...gate, entries }).at(-1)!.median).toBe(10);
  });
});

describe('renderTrendHtml', () => {
  const t: CapacityTrend = { ...gate, entries: [e(1, 10), e(2, null, 'generator-limited'), e(3, 4, 'max-level'), e(4, 11)] };
  const html = renderTrendHtml(t, 'users/s');

  it('one point per night, marked by kind, the current run ringed', () => {
    expect(html.match(/class="trend-point /g)).toHaveLength(4);
    expect(html.match(/class="trend-point good/g)).toHaveLength(2);
    expect(html).toContain('class="trend-point none"');
    expect(html).toContain('class="trend-point bound"');
    expect(html).toContain('class="trend-point good current"');
    expect(html).toContain('r="8" fill="none" stroke="#000"');
    expect(html.match(/class="trend-fail"/g)).toHaveLength(3);
  });

  it('draws the median line and the --max-drop floor, and says what the gate compared', () => {
    expect(html).toContain('class="trend-median"');
    expect(html.match(/class="trend-median-mark"/g)).toHaveLength(3);
    expect(html).toMatch(/class="trend-floor"[^>]*><title>--max-drop floor 9 users\/s/);
    expect(html).toContain('median of the last 3 good runs 10 users/s, --max-drop 10%: no drop');
    expect(html).toContain('2026-11-01 02:10');
    expect(html).toContain('2026-11-04 02:10');
    // The table lists the newest first.
    const table = html.slice(html.indexOf('<table'));
    expect(table.indexOf('2026-11-04T02:10')).toBeLessThan(table.indexOf('2026-11-01T02:10'));
  });

  it('a first night: one point in the middle, no median, no floor', () => {
    const one = renderTrendHtml({ entries: [e(1, 10)], baseline: null, baseline_runs: 0, max_drop: 0.1, dropped: false }, 'users/s');
    expect(one.match(/class="trend-point /g)).toHaveLength(1);
    expect(one).toContain('cx="320.0"');
    expect(one).not.toContain('trend-median');
    expect(one).not.toContain('trend-floor');
    expect(one).toContain('nothing compared');
  });

  it('runs minutes apart get seconds on the date labels', () => {
    const close = renderTrendHtml({ ...gate, entries: [e(1, 10), e(1, 11, 'found', { date: '2026-11-01T02:12:30.000Z' })] }, 'users/s');
    expect(close).toContain('>2026-11-01 02:10:00</text>');
    expect(close).toContain('>2026-11-01 02:12:30</text>');
  });

  it('escapes what the history file says', () => {
    const x = renderTrendHtml({ ...gate, entries: [e(1, 10, 'found', { server_version: '<b>evil</b>' })] }, 'u');
    expect(x).toContain('&#60;b&#62;evil&#60;/b&#62;');
    expect(x).not.toContain('<b>evil');
  });
});
