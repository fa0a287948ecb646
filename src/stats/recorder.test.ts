import { describe, expect, it } from 'vitest';
import { ShardRecorder } from './recorder.js';
import { decodeHistogram } from './hdr.js';

function clock(start: number): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

describe('ShardRecorder', () => {
  it('snapshots one interval and starts the next empty', () => {
    const c = clock(1_000_000);
    const r = new ShardRecorder({ now: c.now });
    r.record('connect', 1.5);
    r.record('connect', 2.5);
    r.count('bytes_sent', 100);
    r.count('stanzas_sent');
    c.advance(300);
    r.error('timeout');
    r.error('timeout', 2);
    r.setGauge('users_active', 7);
    c.advance(700);
    const s1 = r.takeSnapshot();
    expect(s1.intervalStart).toBe(1_000_000);
    expect(s1.intervalMs).toBe(1000);
    expect(s1.counters).toEqual({ bytes_sent: 100, stanzas_sent: 1 });
    expect(s1.errors).toEqual({ timeout: 3 });
    expect(s1.errorsFirstSeen).toEqual({ timeout: 1_000_300 });
    expect(s1.gauges).toEqual({ users_active: 7 });
    const h = decodeHistogram(s1.metrics['connect'] ?? '');
    expect(h.totalCount).toBe(2);
    expect(h.maxValue).toBeGreaterThanOrEqual(2500);

    c.advance(1000);
    const s2 = r.takeSnapshot();
    expect(s2.intervalStart).toBe(1_001_000);
    expect(s2.metrics).toEqual({});
    expect(s2.counters).toEqual({});
    expect(s2.errors).toEqual({});
    // Gauges are levels, not counts: they persist until set again.
    expect(s2.gauges).toEqual({ users_active: 7 });
  });

  it('aligns intervals to the run grid when told its start and each end', () => {
    const r = new ShardRecorder({ now: () => 5_321, startMs: 5_000 });
    const s = r.takeSnapshot(6_000);
    expect([s.intervalStart, s.intervalMs]).toEqual([5_000, 1_000]);
    expect(r.takeSnapshot(7_000).intervalStart).toBe(6_000);
  });

  it('produces a structured-clone-safe snapshot', () => {
    const r = new ShardRecorder();
    r.record('auth', 3);
    const s = r.takeSnapshot();
    expect(structuredClone(s)).toEqual(s);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('reuses histogram objects across intervals', () => {
    const r = new ShardRecorder();
    for (let i = 0; i < 5; i++) {
      r.record('m', i + 1);
      const s = r.takeSnapshot();
      expect(decodeHistogram(s.metrics['m'] ?? '').totalCount).toBe(1);
    }
  });

  it('cuts counters at the boundary and encodes histograms one step at a time', () => {
    const c = clock(5_000);
    const r = new ShardRecorder({ now: c.now });
    r.record('a', 1);
    r.record('b', 2);
    r.count('n', 3);
    c.advance(1000);
    const pending = r.beginSnapshot();
    r.count('n', 4); // after the cut: the next interval's
    r.record('b', 3); // before b is encoded: joins this interval
    expect(pending.snap.counters).toEqual({ n: 3 });
    expect(pending.step()).toBe(false);
    expect(Object.keys(pending.snap.metrics)).toEqual(['a']);
    expect(pending.step()).toBe(true);
    expect(decodeHistogram(pending.snap.metrics['b'] ?? '').totalCount).toBe(2);
    r.record('b', 4); // after b was encoded: the next interval's
    c.advance(1000);
    const next = r.takeSnapshot();
    expect(next.counters).toEqual({ n: 4 });
    expect(Object.keys(next.metrics)).toEqual(['b']);
    expect(decodeHistogram(next.metrics['b'] ?? '').totalCount).toBe(1);
  });

  it('never emits an empty histogram when a later snapshot took the counts first', () => {
    const r = new ShardRecorder({ now: () => 0 });
    r.record('a', 1);
    const early = r.beginSnapshot();
    const late = r.takeSnapshot();
    early.finish();
    expect(early.snap.metrics).toEqual({});
    expect(decodeHistogram(late.metrics['a'] ?? '').totalCount).toBe(1);
  });
});
