import { describe, expect, it } from 'vitest';
import { ShardRecorder } from '../../stats/recorder.js';
import type { PendingSnapshot } from '../../stats/recorder.js';
import { IntervalSnapshots } from './interval-snapshots.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function setup() {
  let t = 0;
  const r = new ShardRecorder({ now: () => t, startMs: 0 });
  const posted: Array<{ phase: number; metrics: string[]; counters: Record<string, number> }> = [];
  const snaps = new IntervalSnapshots(
    () => r.beginSnapshot(),
    (s: PendingSnapshot, phase: number) => posted.push({ phase, metrics: Object.keys(s.snap.metrics), counters: s.snap.counters }),
  );
  return { r, snaps, posted, advance: (ms: number) => (t += ms) };
}

describe('IntervalSnapshots', () => {
  it('posts an interval once its histograms are encoded, one per event-loop turn', async () => {
    const { r, snaps, posted, advance } = setup();
    for (const m of ['a', 'b', 'c']) r.record(m, 1);
    advance(1000);
    snaps.inSteps(2);
    expect(posted).toEqual([]);
    await turn();
    await turn();
    expect(posted).toEqual([]);
    await turn();
    expect(posted).toEqual([{ phase: 2, metrics: ['a', 'b', 'c'], counters: {} }]);
  });

  it('posts an interval still in steps before the next one, in order', async () => {
    const { r, snaps, posted, advance } = setup();
    r.record('a', 1);
    r.record('b', 1);
    r.count('n');
    advance(1000);
    snaps.inSteps(1);
    r.count('n', 5);
    const last = snaps.now();
    expect(posted).toEqual([{ phase: 1, metrics: ['a', 'b'], counters: { n: 1 } }]);
    expect(last.snap.counters).toEqual({ n: 5 });
    await turn();
    await turn();
    expect(posted).toHaveLength(1); // the flushed interval's steps do nothing more
  });
});
