import { JsHistogram } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { BucketCounts, COUNTS_LENGTH, countsIndex } from './bucket-counts.js';
import { createHistogram, decodeHistogram, encodeHistogram, HDR_HIGHEST_US } from './hdr.js';
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
  it('encodes exactly the histogram recordValue would have built, then starts empty', () => {
    const direct = createHistogram();
    const b = new BucketCounts();
    const values = [0, 1, 2047, 2048, 2049, 4095, 4096, 123_456, 3_599_999_999, HDR_HIGHEST_US];
    for (let i = 0; i < 20_000; i++) values.push(Math.floor(Math.exp((i % 211) / 10)));
    for (const v of values) {
      direct.recordValue(v);
      b.record(v);
    }
    expect(b.total).toBe(values.length);
    const encoded = b.encodeAndReset();
    expect(b.total).toBe(0);
    expect(encoded).toBe(encodeHistogram(direct));
    expect(latencyStats(decodeHistogram(encoded))).toEqual(latencyStats(direct));
    expect(decodeHistogram(b.encodeAndReset()).totalCount).toBe(0);
  });

  it('writes an empty or a zero-only interval as the library does', () => {
    const b = new BucketCounts();
    expect(b.encodeAndReset()).toBe(encodeHistogram(createHistogram()));
    const zero = createHistogram();
    zero.recordValue(0);
    b.record(0);
    expect(b.encodeAndReset()).toBe(encodeHistogram(zero));
  });
});
