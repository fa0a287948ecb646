import { describe, expect, it } from 'vitest';
import { checkDrop, parseHistory, type HistoryEntry } from './history.js';

const e = (found: number | null, verdict: HistoryEntry['verdict'] = 'found', more: Partial<HistoryEntry> = {}): HistoryEntry => ({
  date: '2026-12-01T02:00:00.000Z',
  axis: 'arrival-rate',
  unit: 'users/s',
  verdict,
  found,
  lowest_fail: null,
  first_broken_gate: null,
  slos: [],
  xload_version: '0.1.0',
  scenario_hash: 'abc',
  server_version: null,
  ...more,
});

describe('checkDrop', () => {
  it.each<[string, HistoryEntry[], HistoryEntry, boolean, number | null]>([
    ['no history', [], e(10), false, null],
    ['within the allowed drop', [e(10), e(10), e(11)], e(9.2), false, 10],
    ['beyond it', [e(10), e(10), e(11)], e(8.9), true, 10],
    ['only the last 7 good runs count', [e(100), e(10), e(10), e(10), e(10), e(10), e(10), e(10)], e(9.5), false, 10],
    ['bad runs are left out of the median', [e(10), e(null, 'generator-limited'), e(null, 'start-failed'), e(10)], e(9.5), false, 10],
    ['other scenarios are left out', [e(50, 'found', { scenario_hash: 'zzz' }), e(10)], e(9.5), false, 10],
    ['a failing start after good nights is a drop', [e(10)], e(null, 'start-failed'), true, 10],
    ['a generator-limited night is not', [e(10)], e(null, 'generator-limited'), false, 10],
    ['a night capped by --max-level is not', [e(10)], e(4, 'max-level'), false, 10],
    ['--max-level nights are no baseline', [e(4, 'max-level')], e(3), false, null],
    ['even medians average the middle', [e(8), e(12)], e(9.1), false, 10],
  ])('%s', (_n, past, now, dropped, baseline) => {
    const r = checkDrop(past, now, 0.1);
    expect(r.dropped).toBe(dropped);
    expect(r.baseline).toBe(baseline);
  });
});

describe('parseHistory', () => {
  it('skips lines that are not entries', () => {
    const r = parseHistory(`${JSON.stringify(e(10))}\nnot json\n{"a":1}\n\n${JSON.stringify(e(11))}\n`);
    expect(r.entries.map((x) => x.found)).toEqual([10, 11]);
    expect(r.skipped).toBe(2);
  });
});
