import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { READ_LIMITS, readRegularTextSync } from '../read-regular-file.js';
import { XloadError } from '../errors.js';
import { dirname, join } from 'node:path';
import { TRAFFIC_FILE, TrafficFile } from './traffic-file.js';
import type { IntervalRecord } from '../stats/aggregate.js';
import { StatsFormatError, StatsMissingError } from './errors.js';
import { STATS_SCHEMA } from './ndjson-types.js';
import type { StatsData, StatsEnd, StatsHeader, StatsInterval } from './ndjson-types.js';

export * from './ndjson-types.js';

/** What the caller gives for the header line; type and schema are the writer's. */
export type StatsHeaderInput = Omit<StatsHeader, 'type' | 'schema'>;
/** What the caller gives for the end line. */
export type StatsEndInput = Omit<StatsEnd, 'type'>;

/** An IntervalRecord as its stats.ndjson line; `startedMs` is the run's start (epoch ms); `sources` only when not empty. */
export function intervalLine(rec: IntervalRecord, startedMs: number, sources?: Readonly<Record<string, unknown>>): StatsInterval {
  const line: StatsInterval = {
    type: 'interval',
    t_s: Math.round(rec.tEpochMs - startedMs) / 1000,
    interval_ms: rec.intervalMs,
    counters: rec.counters,
    gauges: rec.gauges,
    errors: rec.errors,
    errors_first_seen: rec.errorsFirstSeen,
    metrics: rec.metrics,
    ...(sources && Object.keys(sources).length > 0 ? { sources: { ...sources } } : {}),
  };
  if (rec.errorSamples !== undefined) line.error_samples = rec.errorSamples;
  return line;
}

/**
 * Appends stats.ndjson as the run goes: one synchronous write per line, so every closed
 * interval is in the kernel before the next begins and a run killed with SIGKILL keeps its
 * data (at worst a last line cut mid-write, which the reader skips with a warning).
 */
export class NdjsonWriter {
  private fd: number | undefined;
  /** dumptraffic lines that came with the intervals (traffic-file.ts); null until the first. */
  private traffic: TrafficFile | null = null;

  private constructor(
    readonly path: string,
    fd: number,
    private readonly startedMs: number,
  ) {
    this.fd = fd;
  }

  /** Creates (or truncates) the file, making its directory, and writes the header line. */
  static open(path: string, header: StatsHeaderInput): NdjsonWriter {
    const startedMs = Date.parse(header.started);
    if (Number.isNaN(startedMs)) throw new StatsFormatError(path, `header.started is not an ISO date: ${header.started}`);
    mkdirSync(dirname(path), { recursive: true });
    const w = new NdjsonWriter(path, openSync(path, 'w'), startedMs);
    const line: StatsHeader = { type: 'header', schema: STATS_SCHEMA, ...header };
    w.writeLine(line);
    return w;
  }

  /** Writes the interval's line; its dumptraffic lines, if any, go to traffic.log beside it. */
  writeInterval(rec: IntervalRecord, sources?: Readonly<Record<string, unknown>>): void {
    this.writeLine(intervalLine(rec, this.startedMs, sources));
    if (rec.traffic !== undefined) {
      (this.traffic ??= new TrafficFile(join(dirname(this.path), TRAFFIC_FILE))).append(rec.traffic);
    }
  }

  writeEnd(end: StatsEndInput): void {
    this.writeLine({ ...end, type: 'end' });
  }

  /** Closes the file; later writes are a bug. Idempotent. */
  async close(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    await this.traffic?.close();
  }

  private writeLine(obj: object): void {
    if (this.fd === undefined) throw new StatsFormatError(this.path, 'write after close (bug in xload)');
    writeSync(this.fd, JSON.stringify(obj) + '\n');
  }
}

/** stats.ndjson read back, with anything skipped explained in `warnings`. */
export interface StatsRead extends StatsData {
  warnings: string[];
}

/** Reads and checks a stats.ndjson file. Throws StatsMissingError or StatsFormatError. */
export function readStatsNdjson(path: string): StatsRead {
  let text: string;
  try {
    text = readRegularTextSync(path, READ_LIMITS.statsNdjson);
  } catch (err) {
    // A FIFO, a folder, a file over the limit: said as such (not_a_file, file_too_large).
    if (err instanceof XloadError) throw err;
    throw new StatsMissingError(path, { cause: err });
  }
  return parseStatsNdjson(text, path);
}

/**
 * Parses stats.ndjson text. A last line without its newline that does not parse was cut
 * mid-write (the run was killed): it is dropped with a warning. A bad line anywhere else means
 * the file is not what xload wrote, and is an error with its line number.
 */
export function parseStatsNdjson(text: string, path = 'stats.ndjson'): StatsRead {
  const lines = text.split('\n');
  const endsWithNewline = lines[lines.length - 1] === '';
  if (endsWithNewline) lines.pop();
  const warnings: string[] = [];
  let header: StatsHeader | undefined;
  const intervals: StatsInterval[] = [];
  let end: StatsEnd | undefined;

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const lineNo = i + 1;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      if (i === lines.length - 1 && !endsWithNewline && header !== undefined) {
        warnings.push(`${path}:${lineNo}: last line is truncated (run killed mid-write?); ignored`);
        break;
      }
      throw new StatsFormatError(path, `line ${lineNo} is not JSON`);
    }
    if (typeof obj !== 'object' || obj === null || !('type' in obj)) {
      throw new StatsFormatError(path, `line ${lineNo} has no "type"`);
    }
    const line = obj as { type: unknown; schema?: unknown };
    if (header === undefined) {
      if (line.type !== 'header') throw new StatsFormatError(path, 'first line is not an xload stats header');
      if (line.schema !== STATS_SCHEMA) {
        throw new StatsFormatError(path, `unknown schema ${JSON.stringify(line.schema)} (this xload reads ${STATS_SCHEMA})`);
      }
      header = obj as StatsHeader;
    } else if (end !== undefined) {
      warnings.push(`${path}:${lineNo}: line after the end line; ignored`);
    } else if (line.type === 'interval') {
      intervals.push(checkInterval(obj as StatsInterval, path, lineNo, header.interval_ms));
    } else if (line.type === 'end') {
      end = obj as StatsEnd;
    } else {
      warnings.push(`${path}:${lineNo}: unknown line type ${JSON.stringify(line.type)}; ignored`);
    }
  }
  if (header === undefined) throw new StatsFormatError(path, 'empty file (no header line)');
  return end === undefined ? { header, intervals, warnings } : { header, intervals, end, warnings };
}

function checkInterval(line: StatsInterval, path: string, lineNo: number, intervalMs: number): StatsInterval {
  const ok =
    typeof line.t_s === 'number' &&
    typeof line.metrics === 'object' &&
    line.metrics !== null &&
    typeof line.counters === 'object' &&
    line.counters !== null;
  if (!ok) throw new StatsFormatError(path, `line ${lineNo}: interval line lacks t_s, metrics or counters`);
  // Lines from older writers may lack the optional maps; readers can rely on them.
  line.gauges ??= {};
  line.errors ??= {};
  line.errors_first_seen ??= {};
  if (line.error_samples !== undefined && (typeof line.error_samples !== 'object' || line.error_samples === null))
    delete line.error_samples;
  line.interval_ms ??= intervalMs;
  return line;
}
