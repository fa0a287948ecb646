import { describe, expect, it } from 'vitest';
import { capShare, ownsIndex, segmentOf, shareOfCount, shareOfRate } from './segment.js';
import { subSegment } from './node/node-host.js';

describe('segments', () => {
  it.each([
    [10, 3],
    [7, 2],
    [1, 4],
    [1000, 7],
    [0, 3],
  ])('%i split over %i shards adds up exactly', (total, shards) => {
    const shares = Array.from({ length: shards }, (_, i) => shareOfCount(total, segmentOf(i, shards)));
    expect(shares.reduce((a, b) => a + b, 0)).toBe(total);
    expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
  });

  it('splits rates proportionally', () => {
    const sum = [0, 1, 2].map((i) => shareOfRate(10, segmentOf(i, 3))).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(10, 9);
  });

  it('assigns each list index to exactly one shard', () => {
    for (const total of [1, 2, 5, 11]) {
      for (let k = 0; k < total; k++) {
        const owners = [0, 1, 2].filter((i) => ownsIndex(k, total, segmentOf(i, 3)));
        expect(owners).toHaveLength(1);
      }
    }
  });
});

describe("capShare (<client maxusers> split between a node's threads)", () => {
  const nodes = [
    { from: 0, to: 1 },
    { from: 0, to: 1 / 3 },
    { from: 1 / 3, to: 2 / 3 },
    { from: 0.7, to: 1 },
  ];
  it.each(nodes)("node %o: its threads' shares add up to the cap exactly", (node) => {
    for (const cap of [1, 7, 10, 800]) {
      for (const threads of [1, 2, 3, 8]) {
        const parts = Array.from({ length: threads }, (_, j) => subSegment(node, j, threads));
        const shares = parts.map((p) => capShare(cap, node, p));
        expect(shares.reduce((a, b) => a + b, 0)).toBe(cap);
        expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('a node of zero width keeps the whole cap', () => {
    expect(capShare(10, { from: 0.5, to: 0.5 }, { from: 0.5, to: 0.5 })).toBe(10);
  });
});
