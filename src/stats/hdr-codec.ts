import { deflateSync, inflateSync } from 'node:zlib';
import { ByteBuffer, Int32Histogram, ZigZagEncoding as ZigZag } from './hdr-lib.js';
import type { JsHistogram } from './hdr-lib.js';

/**
 * HdrHistogram's V2 compressed encoding (the "HISTFAAA..." base64 of HdrHistogram's log
 * format), ported from hdr-histogram-js's JsHistogram.encoding.js/encoding.js so that no
 * thread loads those modules: they require pako and the package's WASM build at import time,
 * ~15 MiB of RSS in every worker isolate (bench/README.md), although on Node the library
 * itself deflates with node:zlib. Same payload bytes (hdr-codec.test.ts compares them, inflated,
 * with the package's own encoder's, and decodes ours with the package's decoder).
 */

// HdrHistogram's encoding cookies; the low nibble's 0x10 marks the V2 (LEB128/ZigZag) word size.
const V2_ENCODING_COOKIE_BASE = 0x1c849303;
const V2_ENCODING_COOKIE = V2_ENCODING_COOKIE_BASE | 0x10;
const V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
const V2_COMPRESSED_COOKIE = V2_COMPRESSED_COOKIE_BASE | 0x10;
/** Bound on an inflated payload: xload's scale needs ~210 KB at most (23k slots × 9 bytes). */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/** A histogram's counts as the encoder reads them: slot `i`'s count, for `i < limit`. */
interface CountsSource {
  readonly limit: number;
  at(i: number): number;
}

/** V2 counts: ZigZag LEB128 words, a run of zeros written as its negated length. */
function writeCounts(src: CountsSource, buffer: ByteBuffer): void {
  const limit = src.limit;
  let i = 0;
  while (i < limit) {
    const count = src.at(i++);
    if (count < 0) throw new Error(`cannot encode a negative count (${count}) at index ${i}`);
    let zeros = 0;
    if (count === 0) {
      zeros = 1;
      while (i < limit && src.at(i) === 0) {
        zeros++;
        i++;
      }
    }
    ZigZag.encode(buffer, zeros > 1 ? -zeros : count);
  }
}

/** The value scale a V2 header carries. */
interface Scale {
  readonly digits: number;
  readonly lowest: number;
  readonly highest: number;
}

/** The uncompressed V2 form: cookie, payload length, header fields, then the counts. */
function encodeUncompressed(scale: Scale, src: CountsSource): Uint8Array {
  const buffer = ByteBuffer.allocate();
  buffer.putInt32(V2_ENCODING_COOKIE);
  buffer.putInt32(0); // payload length, patched below
  buffer.putInt32(1); // normalizingIndexOffset (unused)
  buffer.putInt32(scale.digits);
  buffer.putInt64(scale.lowest);
  buffer.putInt64(scale.highest);
  buffer.putInt64(1); // integerToDoubleValueConversionRatio
  const payloadStart = buffer.position;
  writeCounts(src, buffer);
  const end = buffer.position;
  buffer.position = 4;
  buffer.putInt32(end - payloadStart);
  buffer.position = end;
  return buffer.data.subarray(0, end);
}

/**
 * Base64 of the compressed V2 encoding: inflated, byte for byte what the package's encoder
 * writes (compressed with a smaller zlib window: DEFLATE_OPTIONS).
 */
export function encodeCompressedBase64(h: JsHistogram): string {
  const scale = { digits: h.numberOfSignificantValueDigits, lowest: h.lowestDiscernibleValue, highest: h.highestTrackableValue };
  // The package encodes up to the slot of the largest value recorded.
  const limit = h.countsArrayIndex(h.maxValue) + 1;
  return compressAndWrap(encodeUncompressed(scale, { limit, at: (i) => h.getCountAtIndex(i) }));
}

/**
 * The same encoding straight from a counts array laid out as HdrHistogram's (slot i = what
 * JsHistogram.getCountAtIndex(i) returns) on `scale`: what encodeCompressedBase64 writes for
 * the histogram those counts describe, without building that histogram (bucket-counts.ts
 * encodes a shard's interval this way: the detour cost ~0.5 ms a metric in the worker).
 * Encodes the slots up to the last non-zero one, as the package does.
 */
export function encodeCountsCompressedBase64(scale: Scale, counts: Uint32Array): string {
  let limit = counts.length;
  while (limit > 1 && counts[limit - 1] === 0) limit--;
  // An empty histogram still writes slot 0 (its maxValue is 0), as the package's does.
  return compressAndWrap(encodeUncompressed(scale, { limit, at: (i) => counts[i]! }));
}

/**
 * zlib with a 1 KiB window and memLevel 6 (~40 KiB of state) instead of the defaults the
 * package uses (32 KiB window, memLevel 8: ~260 KiB, which glibc serves with mmap/munmap and
 * fresh page faults on every call): 5% of default calls took > 0.5 ms in a worker, 0.1% with
 * these (bench/README.md, "Latency the generator adds"), and the output
 * is as small (counts are short runs of small words). Any inflater reads it: the window size
 * is in the zlib header (RFC 1950 CINFO).
 */
const DEFLATE_OPTIONS = { windowBits: 10, memLevel: 6 };

function compressAndWrap(uncompressed: Uint8Array): string {
  const compressed = deflateSync(uncompressed, DEFLATE_OPTIONS);
  const out = ByteBuffer.allocate(8 + compressed.byteLength);
  out.putInt32(V2_COMPRESSED_COOKIE);
  out.putInt32(compressed.byteLength);
  out.putArray(compressed);
  return Buffer.from(out.data.buffer, out.data.byteOffset, out.position).toString('base64');
}

/**
 * Inverse of encodeCompressedBase64, into a 32-bit-count histogram: `into` (reset first)
 * when given and on the same scale, else a new one (92 KiB on xload's scale: a coordinator
 * decoding every shard's histograms each second reuses one). Throws a plain Error.
 */
export function decodeCompressedBase64(s: string, into?: JsHistogram): JsHistogram {
  const data = new Uint8Array(Buffer.from(s.trim(), 'base64'));
  const outer = new ByteBuffer(data);
  if ((outer.getInt32() & ~0xf0) !== V2_COMPRESSED_COOKIE_BASE) {
    throw new Error('Encoding not supported, only V2 is supported');
  }
  const length = outer.getInt32();
  const inflated = inflateSync(data.subarray(8, 8 + length), { maxOutputLength: MAX_INFLATED_BYTES });
  const buffer = new ByteBuffer(new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength));
  if ((buffer.getInt32() & ~0xf0) !== V2_ENCODING_COOKIE_BASE) {
    throw new Error('The buffer does not contain a Histogram (no valid V2 encoding cookie found)');
  }
  const payloadLength = buffer.getInt32();
  buffer.getInt32(); // normalizingIndexOffset (unused)
  const digits = buffer.getInt32();
  const lowest = buffer.getInt64();
  const highest = buffer.getInt64();
  buffer.getInt64(); // integerToDoubleValueConversionRatio (unused)
  const reuse =
    into !== undefined &&
    into.numberOfSignificantValueDigits === digits &&
    into.lowestDiscernibleValue === lowest &&
    into.highestTrackableValue === highest;
  const h = reuse ? into : new Int32Histogram(lowest, highest, digits);
  if (reuse) h.reset();
  h.establishInternalTackingValues(readCounts(h, buffer, buffer.position + payloadLength));
  return h;
}

/** Inverse of writeCounts; returns the number of slots covered. */
function readCounts(h: JsHistogram, buffer: ByteBuffer, end: number): number {
  let index = 0;
  while (buffer.position < end) {
    const count = ZigZag.decode(buffer);
    if (count < 0)
      index += -count; // a run of zeros: the slots are already zero
    else h.setCountAtIndex(index++, count);
  }
  return index;
}
