import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { StatsFormatError } from '../report/errors.js';
import { parseStatsNdjson } from '../report/ndjson.js';
import type { StatsEnd, StatsHeader, StatsInterval, StatsRead } from '../report/ndjson.js';

/**
 * Follows a growing stats.ndjson: each poll() reads only the bytes appended since the last,
 * parses the complete lines, and keeps a partial last line for the next poll. The run writes
 * one line per interval synchronously, so polling sees whole intervals as soon as they close.
 */
export class StatsTail {
  private offset = 0;
  private partial = '';
  private header: StatsHeader | undefined;
  private readonly intervals: StatsInterval[] = [];
  private end: StatsEnd | undefined;
  private readonly warnings: string[] = [];
  /** Bumped whenever poll() found new lines, so callers can cache what they build from them. */
  version = 0;

  constructor(readonly path: string) {}

  /** Reads what was appended. Returns false while the file does not exist or has no header yet. */
  poll(): boolean {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return this.header !== undefined;
    }
    try {
      const size = fstatSync(fd).size;
      if (size < this.offset) throw new StatsFormatError(this.path, 'the file shrank while the run was going');
      if (size > this.offset) {
        const buf = Buffer.alloc(size - this.offset);
        const n = readSync(fd, buf, 0, buf.length, this.offset);
        this.offset += n;
        this.take(this.partial + buf.subarray(0, n).toString('utf8'));
      }
    } finally {
      closeSync(fd);
    }
    return this.header !== undefined;
  }

  /** Everything read so far, as readStatsNdjson would return it for the file as it is now. */
  data(): StatsRead | undefined {
    if (this.header === undefined) return undefined;
    const base = { header: this.header, intervals: this.intervals, warnings: this.warnings };
    return this.end === undefined ? base : { ...base, end: this.end };
  }

  private take(text: string): void {
    const cut = text.lastIndexOf('\n');
    this.partial = text.slice(cut + 1);
    if (cut < 0) return;
    const complete = text.slice(0, cut + 1);
    // The header is parsed with the first chunk; later chunks are parsed after a copy of it.
    const prefix = this.header === undefined ? '' : `${JSON.stringify(this.header)}\n`;
    const read = parseStatsNdjson(prefix + complete, this.path);
    this.header ??= read.header;
    this.intervals.push(...read.intervals);
    if (read.end) this.end = read.end;
    this.warnings.push(...read.warnings);
    this.version++;
  }
}
