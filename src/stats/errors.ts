import { XloadError } from '../errors.js';

/** An encoded histogram (from a snapshot or stats.ndjson) does not decode. */
export class HistogramDecodeError extends XloadError {
  constructor(detail: string, options?: { cause?: unknown }) {
    super('bad_histogram', `histogram does not decode: ${detail}`, options);
  }
}
