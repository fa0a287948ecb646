import { deflateSync, inflateSync } from 'node:zlib';
import { ByteBuffer, Int32Histogram, ZigZagEncoding as ZigZag } from './hdr-lib.js';
import type { JsHistogram } from './hdr-lib.js';

/**
 * HdrHistogram's V2 compressed encoding (the "HISTFAAA..." base64 of HdrHistogram's log
 * format), ported from hdr-histogram-js's JsHistogram.encoding.js/encoding.js so that no
 * thread loads those modules: they require pako and the package's WASM build at import time,
 * ~15 MiB of RSS in every worker isolate (bench/README.md), although on Node the library
 * itself deflates with node:zlib. Same zlib call, same options, same bytes: hdr-codec.test.ts
 * compares the output with the package's own encoder.
 */

// HdrHistogram's encoding cookies; the low nibble's 0x10 marks the V2 (LEB128/ZigZag) word size.
const V2_ENCODING_COOKIE_BASE = 0x1c849303;
const V2_ENCODING_COOKIE = V2_ENCODING_COOKIE_BASE | 0x10;
const V2_COMPRESSED_COOKIE_BASE = 0x1c849304;
const V2_COMPRESSED_COOKIE = V2_COMPRESSED_COOKIE_BASE | 0x10;
/** Bound on an inflated payload: xload's scale needs ~210 KB at most (23k slots × 9 bytes). */
const MAX_INFLATED_BYTES = 16 * 1024 * 1024;

/** V2 counts: ZigZag LEB128 words, a run of zeros written as its negated length. */
function writeCounts(h: JsHistogram, buffer: ByteBuffer): void {
  const limit = h.countsArrayIndex(h.maxValue) + 1;
  let i = 0;
  while (i < limit) {
    const count = h.getCountAtIndex(i++);
    if (count < 0) throw new Error(`cannot encode a negative count (${count}) at index ${i}`);
    let zeros = 0;
    if (count === 0) {
      zeros = 1;
      while (i < limit && h.getCountAtIndex(i) === 0) {
        zeros++;
        i++;
      }
    }
    ZigZag.encode(buffer, zeros > 1 ? -zeros : count);
  }
}

/** The uncompressed V2 form: cookie, payload length, header fields, then the counts. */
function encodeUncompressed(h: JsHistogram): Uint8Array {
  const buffer = ByteBuffer.allocate();
  buffer.putInt32(V2_ENCODING_COOKIE);
  buffer.putInt32(0); // payload length, patched below
  buffer.putInt32(1); // normalizingIndexOffset (unused)
  buffer.putInt32(h.numberOfSignificantValueDigits);
  buffer.putInt64(h.lowestDiscernibleValue);
  buffer.putInt64(h.highestTrackableValue);
  buffer.putInt64(1); // integerToDoubleValueConversionRatio
  const payloadStart = buffer.position;
  writeCounts(h, buffer);
  const end = buffer.position;
  buffer.position = 4;
  buffer.putInt32(end - payloadStart);
  buffer.position = end;
  return buffer.data.slice(0, end);
}

/** Base64 of the compressed V2 encoding, byte for byte what the package's encoder writes. */
export function encodeCompressedBase64(h: JsHistogram): string {
  const compressed = deflateSync(encodeUncompressed(h), {});
  const out = ByteBuffer.allocate(8 + compressed.byteLength);
  out.putInt32(V2_COMPRESSED_COOKIE);
  out.putInt32(compressed.byteLength);
  out.putArray(compressed);
  return Buffer.from(out.data.buffer, out.data.byteOffset, out.position).toString('base64');
}

/** Inverse of encodeCompressedBase64, into a 32-bit-count histogram. Throws a plain Error. */
export function decodeCompressedBase64(s: string): JsHistogram {
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
  const h = new Int32Histogram(lowest, highest, digits);
  h.establishInternalTackingValues(readCounts(h, buffer, buffer.position + payloadLength));
  return h;
}

/** Inverse of writeCounts; returns the number of slots covered. */
function readCounts(h: JsHistogram, buffer: ByteBuffer, end: number): number {
  let index = 0;
  while (buffer.position < end) {
    const count = ZigZag.decode(buffer);
    if (count < 0) index += -count; // a run of zeros: the slots are already zero
    else h.setCountAtIndex(index++, count);
  }
  return index;
}
