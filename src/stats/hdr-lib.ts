import { createRequire } from 'node:module';
import type ByteBufferModule from 'hdr-histogram-js/dist/ByteBuffer.js';
import type Int32HistogramModule from 'hdr-histogram-js/dist/Int32Histogram.js';
import type { JsHistogram as JsHistogramClass } from 'hdr-histogram-js/dist/JsHistogram.js';
import type ZigZagEncodingModule from 'hdr-histogram-js/dist/ZigZagEncoding.js';

// Under NodeNext a default import of these CommonJS files types as the module object.
type ByteBufferClass = typeof ByteBufferModule.default;
type Int32HistogramClass = typeof Int32HistogramModule.default;
type ZigZagEncodingClass = typeof ZigZagEncodingModule.default;

/**
 * The pure-JS pieces of hdr-histogram-js, loaded file by file, never the package root: the
 * root (and its encoding.js and HistogramBuilder.js) requires the WASM build, pako and the
 * AssemblyScript loader at import time, ~15 MiB of RSS in every worker isolate
 * (bench/README.md), and xload uses none of it. These files require only each other.
 *
 * They are CommonJS with `exports.default`; an ESM default import of them is the module
 * object under Node but the class under vitest's interop, so they are required, which
 * means the same thing everywhere.
 */
const require = createRequire(import.meta.url);

export const JsHistogram: typeof JsHistogramClass = (
  require('hdr-histogram-js/dist/JsHistogram.js') as { JsHistogram: typeof JsHistogramClass }
).JsHistogram;
export type JsHistogram = JsHistogramClass;
export const Int32Histogram: Int32HistogramClass = (require('hdr-histogram-js/dist/Int32Histogram.js') as { default: Int32HistogramClass })
  .default;
export const ByteBuffer: ByteBufferClass = (require('hdr-histogram-js/dist/ByteBuffer.js') as { default: ByteBufferClass }).default;
export type ByteBuffer = InstanceType<ByteBufferClass>;
export const ZigZagEncoding: ZigZagEncodingClass = (require('hdr-histogram-js/dist/ZigZagEncoding.js') as { default: ZigZagEncodingClass })
  .default;
