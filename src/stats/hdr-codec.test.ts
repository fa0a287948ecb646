import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// The package's own encoder (root import: fine in a test, the engine never loads it).
import { decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { JsHistogram } from './hdr-lib.js';
import { createHistogram, decodeHistogram, encodeHistogram, HDR_HIGHEST_US } from './hdr.js';
import { latencyStats } from './histogram-stats.js';

function filled(values: number[]): JsHistogram {
  const h = createHistogram();
  for (const v of values) h.recordValue(v);
  return h as JsHistogram;
}

/** The V2 payload inside a compressed encoding: 8 bytes of cookie and length, then zlib. */
function inflated(encoded: string): Buffer {
  return inflateSync(Buffer.from(encoded, 'base64').subarray(8));
}

function countsOf(h: JsHistogram): number[] {
  const out: number[] = [];
  for (let i = 0; i < h.countsArrayLength; i++) out.push(h.getCountAtIndex(i));
  return out;
}

// Empty, one value, dense, sparse with long zero runs, the top of the range, big counts.
const cases: Array<[string, number[]]> = [
  ['empty', []],
  ['one value', [1234]],
  ['dense', Array.from({ length: 5000 }, (_, i) => 1 + i * 7)],
  ['sparse, long zero runs', [1, 900, 65_000, 4_000_000, 900_000_000]],
  ['top of the range', [0, 1, HDR_HIGHEST_US]],
  ['lognormal-ish', Array.from({ length: 20_000 }, (_, i) => Math.round(Math.exp((i % 181) / 12) * 50))],
];

describe('hdr-codec', () => {
  it.each(cases)('encodes the payload byte for byte as the package does, and it decodes ours: %s', (_name, values) => {
    const h = filled(values);
    expect(inflated(encodeHistogram(h))).toEqual(inflated(encodeIntoCompressedBase64(h)));
    const theirs = decodeFromCompressedBase64(encodeHistogram(h), 32, false) as JsHistogram;
    expect(countsOf(theirs)).toEqual(countsOf(h));
    expect(theirs.totalCount).toBe(h.totalCount);
  });

  it.each(cases)('decodes what the package encoded, slot for slot: %s', (_name, values) => {
    const h = filled(values);
    const ours = decodeHistogram(encodeIntoCompressedBase64(h)) as JsHistogram;
    const theirs = decodeFromCompressedBase64(encodeIntoCompressedBase64(h), 32, false) as JsHistogram;
    expect(countsOf(ours)).toEqual(countsOf(theirs));
    expect(ours.totalCount).toBe(theirs.totalCount);
    expect(ours.maxValue).toBe(theirs.maxValue);
    expect(ours.minNonZeroValue).toBe(theirs.minNonZeroValue);
    expect(latencyStats(ours)).toEqual(latencyStats(h));
  });

  it('keeps counts past 2^16 and a histogram merged from decoded ones', () => {
    const h = createHistogram();
    h.recordValueWithCount(500, 3_000_000);
    h.recordValueWithCount(7_000, 70_000);
    const merged = createHistogram();
    merged.add(decodeHistogram(encodeHistogram(h)));
    merged.add(decodeHistogram(encodeIntoCompressedBase64(h)));
    expect(merged.totalCount).toBe(6_140_000);
    expect(inflated(encodeHistogram(merged))).toEqual(inflated(encodeIntoCompressedBase64(merged)));
  });

  // Strings from the package's own test suite (one is from an HdrHistogram log file).
  it.each([
    ['one value, 42', 'HISTFAAAAB542pNpmSzMwMDAxAABzFCaEUoz2X+AMIKZAEARAtM='],
    ['a log line', 'HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEuATEZMQ4uASkhIR4nrxg9v2lMaxhvMekILGZkKmcCAEf2CsI='],
  ])('decodes HdrHistogram strings made elsewhere as the package does: %s', (_name, b64) => {
    const ours = decodeHistogram(b64) as JsHistogram;
    const theirs = decodeFromCompressedBase64(b64, 32, false) as JsHistogram;
    expect(ours.totalCount).toBeGreaterThan(0);
    expect(countsOf(ours)).toEqual(countsOf(theirs));
    expect(ours.mean).toBe(theirs.mean);
  });
});
