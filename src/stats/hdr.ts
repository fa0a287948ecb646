import { Int32Histogram, JsHistogram } from './hdr-lib.js';
import type { Histogram } from 'hdr-histogram-js';
import { HistogramDecodeError } from './errors.js';
import { decodeCompressedBase64, encodeCompressedBase64 } from './hdr-codec.js';
import { InternalError } from '../errors.js';

export type { Histogram };

/**
 * Every latency histogram in xload records integer microseconds from 1 µs to 1 h with 3
 * significant digits: one value scale everywhere, so any two histograms merge with add().
 * The plain-JS Int32 build is used, not WASM: WASM's recordValue is faster (31 vs 118 ns,
 * bench/stats-hdr.mjs) but its histograms live outside the JS heap and must be destroy()ed
 * by hand, and the hot path does not call recordValue anyway (bucket-counts.ts: 21 ns a
 * sample). One histogram is 92 KiB; one encoded is 52 bytes empty to ~5.5 KiB.
 * Only the package's pure-JS dist files are loaded, never its root (hdr-lib.ts says why):
 * the `Histogram` type import below is erased at compile time.
 */
export const HDR_LOWEST_US = 1;
export const HDR_HIGHEST_US = 3_600_000_000;
export const HDR_DIGITS = 3;

/** A fresh, empty histogram on xload's value scale (µs, 1 µs .. 1 h, 3 digits). */
export function createHistogram(): Histogram {
  // What the package's build({ bitBucketSize: 32, autoResize: false, ... }) constructs.
  const h = new Int32Histogram(HDR_LOWEST_US, HDR_HIGHEST_US, HDR_DIGITS);
  h.autoResize = false;
  return h;
}

/**
 * Float milliseconds to the integer microseconds a histogram records, clamped to the
 * trackable range: a value past 1 h is recorded as 1 h (it is a hang, not a latency), and a
 * negative one (a clock step) as 0, rather than throwing inside the engine's hot path.
 */
export function msToMicros(ms: number): number {
  const us = Math.round(ms * 1000);
  if (us > 0) return us < HDR_HIGHEST_US ? us : HDR_HIGHEST_US;
  return 0;
}

/** Base64 of HdrHistogram's V2 compressed encoding (interoperable with HdrHistogram's log tools). */
export function encodeHistogram(h: Histogram): string {
  if (!(h instanceof JsHistogram)) throw new InternalError('only JS histograms are encoded');
  return encodeCompressedBase64(h);
}

/**
 * Inverse of encodeHistogram. Throws HistogramDecodeError on anything that is not one.
 * With `reuse` (a histogram from createHistogram), decodes into it, replacing its counts,
 * instead of allocating one (unless the encoded scale differs).
 */
export function decodeHistogram(s: string, reuse?: Histogram): Histogram {
  if (typeof s !== 'string' || s.length === 0) throw new HistogramDecodeError('empty');
  try {
    return decodeCompressedBase64(s, reuse instanceof JsHistogram ? reuse : undefined);
  } catch (err) {
    throw new HistogramDecodeError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

/** Adds an encoded histogram into `into` (decoding it once). */
export function addEncoded(into: Histogram, encoded: string): void {
  into.add(decodeHistogram(encoded));
}
