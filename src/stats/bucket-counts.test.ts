import { JsHistogram } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { BucketCounts, COUNTS_LENGTH, countsIndex } from './bucket-counts.js';
import { createHistogram, encodeHistogram, HDR_HIGHEST_US } from './hdr.js';
import { latencyStats } from './histogram-stats.js';

function lib(): JsHistogram {
  const h = createHistogram();
  if (!(h instanceof JsHistogram)) throw new Error('expected the JS build');
  return h;
}

describe('countsIndex', () => {
  it('matches the library for the lowest and highest value of every bucket', () => {
    const h = lib();
    expect(COUNTS_LENGTH).toBe(h.countsArrayLength);
    for (let i = 0; i < COUNTS_LENGTH; i++) {
      const low = h.valueFromIndex(i);
      if (low > HDR_HIGHEST_US) continue;
      expect(countsIndex(low)).toBe(h.countsArrayIndex(low));
      const high = Math.min(h.highestEquivalentValue(low), HDR_HIGHEST_US);
      expect(countsIndex(high)).toBe(h.countsArrayIndex(high));
    }
  });
});

describe('BucketCounts', () => {
  it('drains into exactly the histogram recordValue would have built', () => {
    const direct = createHistogram();
    const viaCounts = createHistogram();
    const b = new BucketCounts();
    const values = [0, 1, 2047, 2048, 2049, 4095, 4096, 123_456, 3_599_999_999, HDR_HIGHEST_US];
    for (let i = 0; i < 20_000; i++) values.push(Math.floor(Math.exp((i % 211) / 10)));
    for (const v of values) {
      direct.recordValue(v);
      b.record(v);
    }
    expect(b.total).toBe(values.length);
    b.drainInto(viaCounts);
    expect(b.total).toBe(0);
    expect(encodeHistogram(viaCounts)).toBe(encodeHistogram(direct));
    expect(latencyStats(viaCounts)).toEqual(latencyStats(direct));
    const again = createHistogram();
    b.drainInto(again);
    expect(again.totalCount).toBe(0);
  });
});
