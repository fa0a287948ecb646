import { describe, expect, it } from 'vitest';
import { RunAggregator } from './aggregate.js';
import { ShardRecorder } from './recorder.js';
import { createHistogram, msToMicros } from './hdr.js';
import { latencyStats } from './histogram-stats.js';

/** Deterministic PRNG (mulberry32) so the merge test is repeatable. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('RunAggregator', () => {
  it('merging shards gives exactly the percentiles of one histogram of all samples', () => {
    const T0 = 1_700_000_000_000;
    const agg = new RunAggregator({ intervalMs: 1000, shards: 3, startedMs: T0 });
    const all = createHistogram();
    const rand = rng(42);
    const shards = [0, 1, 2].map(() => new ShardRecorder({ now: () => T0 }));
    shards.forEach((r, i) => {
      for (let k = 0; k < 5000; k++) {
        // Different shapes per shard: a merge that averaged percentiles would be far off.
        const ms = i === 2 ? 200 + rand() * 800 : Math.exp(rand() * 4);
        r.record('tr.login', ms);
        all.recordValue(msToMicros(ms));
      }
      r.count('stanzas_sent', 10 + i);
      r.setGauge('users_active', 5 * (i + 1));
      agg.add(i, r.takeSnapshot());
    });
    const rec = agg.closeInterval(T0 + 1000);
    const expected = latencyStats(all);
    const m = rec.metrics['tr.login'];
    expect(m?.count).toBe(15000);
    expect(m?.p50_ms).toBe(expected.p50_ms);
    expect(m?.p99_ms).toBe(expected.p99_ms);
    expect(m?.max_ms).toBe(expected.max_ms);
    expect(latencyStats(agg.totals().metrics['tr.login'] ?? createHistogram())).toEqual(expected);
    expect(rec.counters).toEqual({ stanzas_sent: 33 });
    expect(rec.gauges).toEqual({ users_active: 30 });
    expect(rec.intervalMs).toBe(1000);
  });

  it('folds a late snapshot into the next interval and the totals', () => {
    const T0 = 1_000_000;
    const agg = new RunAggregator({ intervalMs: 1000, shards: 2, startedMs: T0 });
    let now = T0;
    const a = new ShardRecorder({ now: () => now });
    const b = new ShardRecorder({ now: () => now });
    a.record('connect', 1);
    b.record('connect', 2);
    b.error('timeout');
    now = T0 + 1000;
    agg.add(0, a.takeSnapshot());
    const lateB = b.takeSnapshot(); // shard 1 is slow: its interval-1 snapshot misses the close
    const r1 = agg.closeInterval(T0 + 1000);
    expect(r1.metrics['connect']?.count).toBe(1);
    expect(r1.errors).toEqual({});
    agg.add(1, lateB);
    a.record('connect', 3);
    now = T0 + 2000;
    agg.add(0, a.takeSnapshot());
    const r2 = agg.closeInterval(T0 + 2000);
    expect(r2.metrics['connect']?.count).toBe(2);
    expect(r2.errors).toEqual({ timeout: 1 });
    expect(r2.errorsFirstSeen).toEqual({ timeout: T0 });
    expect(r2.snapshots).toBe(2);
    const t = agg.totals();
    expect(t.metrics['connect']?.totalCount).toBe(3);
    expect(t.errors).toEqual({ timeout: { count: 1, firstSeenMs: T0, samples: [] } });
    expect(t.intervals).toBe(2);
  });

  it('keeps a snapshot that started after the close for the next interval', () => {
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: 0 });
    const r = new ShardRecorder({ now: () => 1500 });
    r.count('users_started', 4);
    agg.add(0, r.takeSnapshot());
    expect(agg.closeInterval(1000).counters).toEqual({});
    expect(agg.pendingCount).toBe(1);
    expect(agg.closeInterval(2000).counters).toEqual({ users_started: 4 });
  });

  it('sums the latest gauge per shard and keeps the run maximum', () => {
    const agg = new RunAggregator({ intervalMs: 1000, shards: 2, startedMs: 0 });
    const snap = (start: number, active: number) => ({
      intervalStart: start,
      intervalMs: 1000,
      metrics: {},
      counters: {},
      errors: {},
      gauges: { users_active: active },
    });
    agg.add(0, snap(0, 10));
    agg.add(1, snap(0, 20));
    expect(agg.closeInterval(1000).gauges).toEqual({ users_active: 30 });
    agg.add(0, snap(1000, 4));
    // Shard 1 sent nothing this interval: its last level still counts.
    expect(agg.closeInterval(2000).gauges).toEqual({ users_active: 24 });
    agg.add(1, snap(2000, 0));
    agg.add(1, snap(1000, 99)); // late and older: must not overwrite the newer level
    expect(agg.closeInterval(3000).gauges).toEqual({ users_active: 4 });
    expect(agg.totals().gaugesMax).toEqual({ users_active: 30 });
  });

  it('is ready to close an interval once every shard has reported up to its end', () => {
    const agg = new RunAggregator({ intervalMs: 1000, shards: 2, startedMs: 0 });
    const snap = (start: number) => ({ intervalStart: start, intervalMs: 1000, metrics: {}, counters: {}, errors: {}, gauges: {} });
    expect(agg.ready(1000)).toBe(false);
    agg.add(1, snap(0));
    expect(agg.ready(1000)).toBe(false);
    agg.add(0, snap(0));
    expect(agg.ready(1000)).toBe(true);
    expect(agg.ready(2000)).toBe(false);
  });
});
