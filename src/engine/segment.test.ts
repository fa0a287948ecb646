import { describe, expect, it } from 'vitest';
import { ownsIndex, segmentOf, shareOfCount, shareOfRate } from './segment.js';

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
