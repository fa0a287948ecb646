import type { JsHistogram } from './hdr-lib.js';
import { createHistogram, HDR_DIGITS, HDR_HIGHEST_US, HDR_LOWEST_US } from './hdr.js';
import { encodeCountsCompressedBase64 } from './hdr-codec.js';
import { InternalError } from '../errors.js';

// HdrHistogram's bucket layout for xload's scale (hdr.ts: 1 µs lowest, 3 digits): 2^11 sub-buckets,
// the lower half shared with the previous bucket (HdrHistogram's AbstractHistogram.countsArrayIndex).
const SUB_BUCKET_HALF_MAGNITUDE = 10;
const SUB_BUCKET_MASK = (1 << (SUB_BUCKET_HALF_MAGNITUDE + 1)) - 1;
if (HDR_LOWEST_US !== 1 || HDR_DIGITS !== 3) throw new InternalError('bucket-counts.ts assumes a 1 µs, 3-digit scale');

/**
 * The counts-array index HdrHistogram uses for an integer µs value in 0 .. 2^32-1, with
 * integer ops only. The library computes it with Math.log2/Math.pow (~150 ns a sample); this
 * is a few ns. Proven equal to the library's index for every bucket in bucket-counts.test.ts.
 */
export function countsIndex(us: number): number {
  const bucket = 31 - Math.clz32(us | SUB_BUCKET_MASK) - SUB_BUCKET_HALF_MAGNITUDE;
  return ((bucket + 1) << SUB_BUCKET_HALF_MAGNITUDE) + (us >>> bucket) - (1 << SUB_BUCKET_HALF_MAGNITUDE);
}

const SCALE = { digits: HDR_DIGITS, lowest: HDR_LOWEST_US, highest: HDR_HIGHEST_US };

/** Number of counts slots for xload's scale: the library's, whose last bucket is rounded up. */
export const COUNTS_LENGTH = (createHistogram() as JsHistogram).countsArrayLength;

/**
 * One metric's samples for the current interval as raw bucket counts: the hot path only
 * increments a typed-array slot. encodeAndReset() writes them as the encoded histogram they
 * describe (bucket-for-bucket what recordValue would have made) without building it, and
 * zeroes them for the next interval.
 */
export class BucketCounts {
  private readonly counts = new Uint32Array(COUNTS_LENGTH);
  /** Samples since the last drain. */
  total = 0;

  /** `us` must be an integer in 0 .. HDR_HIGHEST_US (hdr.ts msToMicros guarantees it). */
  record(us: number): void {
    this.counts[countsIndex(us)]! += 1;
    this.total += 1;
  }

  /** The counts as an encoded histogram (hdr.ts encodeHistogram's format), then zeroed. */
  encodeAndReset(): string {
    const encoded = encodeCountsCompressedBase64(SCALE, this.counts);
    this.counts.fill(0);
    this.total = 0;
    return encoded;
  }
}
