import { describe, expect, it } from 'vitest';
import { RunAggregator } from './aggregate.js';
import { mergeErrorSamples, SAMPLES_PER_CLASS, type ErrorSample, type ErrorSamples } from './error-samples.js';
import { ShardRecorder } from './recorder.js';
import { TotalsAccumulator } from './totals.js';

const T0 = 1_700_000_000_000;
const sample = (at: number, user = `user${at}`): ErrorSample => ({
  request: 'pubsub:subscribe',
  where: 'a.xml:10:7',
  user,
  at,
  message: 'stanza error item-not-found',
  server: '<iq type="error"/>',
});

describe('ShardRecorder error samples', () => {
  it('keeps 3 per class per interval, builds no more, and starts again next interval', () => {
    let t = T0;
    const r = new ShardRecorder({ now: () => t, startMs: T0 });
    let built = 0;
    for (let i = 0; i < 10; i++) r.error('stanza_error.item-not-found', 1, () => (built++, sample(T0 + i)));
    r.error('timeout', 1, () => sample(T0 + 50));
    r.error('connect_refused');
    t += 1000;
    const snap = r.takeSnapshot();
    expect(built).toBe(SAMPLES_PER_CLASS);
    expect(snap.errors['stanza_error.item-not-found']).toBe(10);
    expect(snap.errorSamples?.['stanza_error.item-not-found']?.map((s) => s.at)).toEqual([T0, T0 + 1, T0 + 2]);
    expect(snap.errorSamples?.timeout).toHaveLength(1);
    expect(snap.errorSamples?.connect_refused).toBeUndefined();
    r.error('stanza_error.item-not-found', 1, () => sample(T0 + 2000));
    expect(r.takeSnapshot().errorSamples?.['stanza_error.item-not-found']).toHaveLength(1);
    // an interval without samples has no field at all (the wire form stays as it was)
    expect('errorSamples' in r.takeSnapshot()).toBe(false);
  });
});

describe('merging error samples', () => {
  it('keeps the first 3 of each class by time, whatever the order they come in', () => {
    const into: ErrorSamples = {};
    mergeErrorSamples(into, { a: [sample(50), sample(40)] });
    mergeErrorSamples(into, { a: [sample(10), sample(60)], b: [sample(5)] });
    mergeErrorSamples(into, undefined);
    expect(into.a?.map((s) => s.at)).toEqual([10, 40, 50]);
    expect(into.b?.map((s) => s.at)).toEqual([5]);
  });

  it('the aggregator merges shards into the interval record and the run totals', () => {
    const agg = new RunAggregator({ intervalMs: 1000, shards: 2, startedMs: T0 });
    const shards = [0, 1].map(() => new ShardRecorder({ now: () => T0 + 100, startMs: T0 }));
    shards[0]!.error('x', 1, () => sample(T0 + 30, 'user1'));
    shards[0]!.error('x', 1, () => sample(T0 + 31, 'user2'));
    shards[1]!.error('x', 1, () => sample(T0 + 10, 'user3'));
    shards[1]!.error('x', 1, () => sample(T0 + 40, 'user4'));
    shards.forEach((r, i) => agg.add(i, r.takeSnapshot(T0 + 1000)));
    const rec = agg.closeInterval(T0 + 1000);
    expect(rec.errors.x).toBe(4);
    expect(rec.errorSamples?.x?.map((s) => s.user)).toEqual(['user3', 'user1', 'user2']);
    shards[0]!.error('x', 1, () => sample(T0 + 1500, 'user5'));
    agg.add(0, shards[0]!.takeSnapshot(T0 + 2000));
    agg.add(1, shards[1]!.takeSnapshot(T0 + 2000));
    expect(agg.closeInterval(T0 + 2000).errorSamples?.x?.map((s) => s.user)).toEqual(['user5']);
    const total = agg.totals().errors.x;
    expect(total?.count).toBe(5);
    expect(total?.samples.map((s) => s.user)).toEqual(['user3', 'user1', 'user2']);
  });

  it('run totals keep samples of a class from any interval, the earliest first', () => {
    const acc = new TotalsAccumulator();
    const part = (t: number, samples?: ErrorSamples) => ({
      tEpochMs: t,
      intervalMs: 1000,
      histograms: {},
      counters: {},
      gauges: {},
      errors: { x: 1 },
      ...(samples ? { errorSamples: samples } : {}),
    });
    acc.addInterval(part(T0 + 2000, { x: [sample(T0 + 1500), sample(T0 + 1600)] }));
    acc.addInterval(part(T0 + 1000, { x: [sample(T0 + 500), sample(T0 + 900)] }));
    acc.addInterval(part(T0 + 3000));
    expect(acc.totals().errors.x?.samples.map((s) => s.at)).toEqual([T0 + 500, T0 + 900, T0 + 1500]);
  });
});
