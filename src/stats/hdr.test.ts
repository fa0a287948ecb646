import { describe, expect, it } from 'vitest';
import { createHistogram, decodeHistogram, encodeHistogram, HDR_HIGHEST_US, msToMicros } from './hdr.js';
import { latencyStats, meanOf } from './histogram-stats.js';
import { HistogramDecodeError } from './errors.js';

describe('hdr', () => {
  it('converts float ms to integer µs, clamped to the trackable range', () => {
    expect(msToMicros(1.2345)).toBe(1235);
    expect(msToMicros(0)).toBe(0);
    expect(msToMicros(-3)).toBe(0);
    expect(msToMicros(10 * 3_600_000)).toBe(HDR_HIGHEST_US);
  });

  it('round-trips through the compressed base64 encoding', () => {
    const h = createHistogram();
    for (let i = 1; i <= 1000; i++) h.recordValue(i * 37);
    const back = decodeHistogram(encodeHistogram(h));
    expect(latencyStats(back)).toEqual(latencyStats(h));
  });

  it('decodes into a reused histogram, replacing what it held', () => {
    const a = createHistogram();
    for (let i = 1; i <= 1000; i++) a.recordValue(i * 37);
    const b = createHistogram();
    b.recordValue(5);
    const reuse = createHistogram();
    expect(decodeHistogram(encodeHistogram(a), reuse)).toBe(reuse);
    expect(latencyStats(reuse)).toEqual(latencyStats(a));
    decodeHistogram(encodeHistogram(b), reuse);
    expect(latencyStats(reuse)).toEqual(latencyStats(b));
    expect(reuse.totalCount).toBe(1);
  });

  it('computes the same mean as the library, faster', () => {
    const h = createHistogram();
    for (let i = 1; i <= 5000; i++) h.recordValue(Math.round(Math.exp((i % 97) / 10) * 100));
    expect(meanOf(h)).toBe(h.mean);
    expect(meanOf(createHistogram())).toBe(0);
  });

  it('records the top of the range without throwing', () => {
    const h = createHistogram();
    h.recordValue(HDR_HIGHEST_US);
    expect(latencyStats(h).max_ms).toBeGreaterThanOrEqual(3_599_000);
  });

  it('reads an empty histogram as zeros', () => {
    expect(latencyStats(createHistogram())).toEqual({
      count: 0,
      min_ms: 0,
      mean_ms: 0,
      p50_ms: 0,
      p90_ms: 0,
      p99_ms: 0,
      p999_ms: 0,
      max_ms: 0,
    });
  });

  it('rejects what is not an encoded histogram with a typed error', () => {
    expect(() => decodeHistogram('not base64 at all')).toThrow(HistogramDecodeError);
    expect(() => decodeHistogram('')).toThrow(HistogramDecodeError);
  });
});
