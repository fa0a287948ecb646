import { describe, expect, it } from 'vitest';
import { shareOfCount, shareOfRate } from '../segment.js';
import { LEDGER_CAPACITY } from '../shared/shared-state.js';
import { processesNeeded, shareNodes } from './cluster-plan.js';
import { subSegment } from './node-host.js';

describe('shareNodes', () => {
  const cases: { name: string; max: number; nodes: { weight: number; workers: number }[] }[] = [
    { name: 'three equal agents', max: 2000, nodes: [{ weight: 1, workers: 1 }, { weight: 1, workers: 1 }, { weight: 1, workers: 1 }] },
    { name: 'weights 2:1 (Tsung <client weight>)', max: 1000, nodes: [{ weight: 2, workers: 2 }, { weight: 1, workers: 1 }] },
    { name: 'local + 4 agents, odd ids', max: 7, nodes: [1, 3, 1, 1, 2].map((w) => ({ weight: w, workers: w })) },
  ];
  it.each(cases)('$name: segments tile (0,1], ids are disjoint and cover 1..max, shards and seqs are disjoint', ({ max, nodes }) => {
    const shares = shareNodes(max, nodes);
    expect(shares[0]!.segment.from).toBe(0);
    expect(shares.at(-1)!.segment.to).toBe(1);
    for (let i = 1; i < shares.length; i++) {
      expect(shares[i]!.segment.from).toBe(shares[i - 1]!.segment.to);
      expect(shares[i]!.ids.lo).toBe(shares[i - 1]!.ids.hi + 1);
      expect(shares[i]!.shards.first).toBe(shares[i - 1]!.shards.first + shares[i - 1]!.shards.count);
      expect(shares[i]!.seq.base).toBe(shares[i - 1]!.seq.base + shares[i - 1]!.seq.size);
    }
    expect(shares[0]!.ids.lo).toBe(1);
    expect(shares.at(-1)!.ids.hi).toBe(max);
    expect(shares.at(-1)!.seq.base + shares.at(-1)!.seq.size).toBeLessThanOrEqual(LEDGER_CAPACITY);
    // Every user and every arrival per second is somewhere: counts add up exactly, no rounding loss.
    for (const total of [1, 7, 100, 12345]) expect(shares.reduce((a, s) => a + shareOfCount(total, s.segment), 0)).toBe(total);
    expect(shares.reduce((a, s) => a + shareOfRate(30, s.segment), 0)).toBeCloseTo(30, 9);
    // A weight-2 node gets twice the share of a weight-1 node.
    const w = nodes.map((n) => n.weight);
    const total = w.reduce((a, b) => a + b, 0);
    shares.forEach((s, i) => expect(s.segment.to - s.segment.from).toBeCloseTo(w[i]! / total, 12));
  });

  it('splits a node between its threads without a gap', () => {
    const seg = { from: 1 / 3, to: 2 / 3 };
    const parts = [0, 1, 2].map((j) => subSegment(seg, j, 3));
    expect(parts[0]!.from).toBe(seg.from);
    expect(parts[2]!.to).toBe(seg.to);
    expect(parts[1]!.from).toBe(parts[0]!.to);
    expect(parts.reduce((a, p) => a + shareOfCount(100, p), 0)).toBe(shareOfCount(100, seg));
  });
});

describe('processesNeeded', () => {
  it.each([
    [5000, 20000, 1],
    [19744, 20000, 1],
    [19745, 20000, 2],
    [50000, 20000, 3],
    [3000, 1024, 4],
    [10, null, 1],
    [1e9, Infinity, 1],
  ])('%d users with ulimit -n %s: %d process(es)', (users, limit, want) => {
    expect(processesNeeded(users, limit)).toBe(want);
  });
});
