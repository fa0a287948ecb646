import { XloadError } from '../errors.js';

/** The run directory has no stats.ndjson (or it cannot be read). */
export class StatsMissingError extends XloadError {
  constructor(path: string, options?: { cause?: unknown }) {
    super('stats_missing', `no stats file at ${path}`, options);
  }
}

/** stats.ndjson is not xload's format, is a schema this version does not read, or is corrupt. */
export class StatsFormatError extends XloadError {
  constructor(path: string, detail: string) {
    super('stats_format', `${path}: ${detail}`);
  }
}
