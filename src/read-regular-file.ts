import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { XloadError, fileSystemErrorText, isFileSystemError } from './errors.js';

/**
 * Every file xload reads goes through here (issue 13): a FIFO would block the read until a
 * writer comes, /dev/zero would fill memory, a folder fails late with EISDIR. So the path
 * is stat'ed first and anything but a regular file is refused in words, and each use
 * names its own size limit.
 */

/** The path names something other than a regular file: a FIFO, a device, a folder, a socket. */
export class NotAFileError extends XloadError {
  constructor(
    readonly path: string,
    readonly kind: string,
  ) {
    super('not_a_file', `${path} is ${kind}, not a regular file`);
  }
}

/** The file is over the size its use allows. */
export class FileTooLargeError extends XloadError {
  constructor(
    readonly path: string,
    readonly limitBytes: number,
    readonly sizeBytes: number,
  ) {
    super('file_too_large', `${path} is ${sizeText(sizeBytes)}, over the ${sizeText(limitBytes)} limit for this file`);
  }
}

const MiB = 1024 * 1024;

/**
 * Each use's limit, in one table so they are seen side by side. Text read into one string
 * stays under V8's string limit (~512 MiB); small files (tokens, keys) get small limits so
 * a wrong path is refused instead of read.
 */
export const READ_LIMITS = {
  /** stats.ndjson: a line per interval; a day at 1 s with many metrics is a few hundred MiB. */
  statsNdjson: { maxBytes: 500 * MiB },
  /** summary.json, nodes.json, a capacity folder's summary.json. */
  summaryJson: { maxBytes: 64 * MiB },
  /** The capacity history (history.ndjson): a line per search. */
  capacityHistory: { maxBytes: 64 * MiB },
  /** file_server / users data files (CSV rows, one per user). */
  dataFile: { maxBytes: 500 * MiB },
  /** An agent or coordinator token file. */
  token: { maxBytes: 64 * 1024 },
  /** A TLS certificate, key or CA bundle (PEM). */
  tlsPem: { maxBytes: 4 * MiB },
  /** A /proc file a monitor samples (net/tcp lists every socket: 150 bytes each). */
  procFile: { maxBytes: 256 * MiB },
  /** xload's own package files (package.json, the chart.js asset). */
  ownAsset: { maxBytes: 16 * MiB },
} as const satisfies Record<string, ReadLimit>;

/** How much of a file one use reads at most. */
export interface ReadLimit {
  /** Larger files are refused with FileTooLargeError. */
  maxBytes: number;
}

/** What a stat says the path is, in words ("a FIFO", "a folder"), or null for a regular file. */
export function notAFileKind(st: Stats): string | null {
  if (st.isFile()) return null;
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a file';
}

// O_NONBLOCK: should the path become a FIFO between the stat and the open, the open does
// not wait for a writer (the fstat after it refuses it). O_NOCTTY: a terminal never becomes ours.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/**
 * The whole of a regular file, at most `maxBytes`. Throws NotAFileError, FileTooLargeError,
 * or the file call's own error (ENOENT, EACCES…: see readErrorText). Files whose stat says
 * size 0 (/proc) are read to their end, still within the limit.
 */
export function readRegularFileSync(path: string, limit: ReadLimit): Buffer {
  checkStat(path, statSync(path), limit);
  const fd = openSync(path, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    checkStat(path, st, limit);
    const chunks = new Chunks(path, st.size, limit);
    let buf = chunks.next();
    while (chunks.add(buf, readSync(fd, buf, 0, buf.length, null))) buf = chunks.next();
    return chunks.whole();
  } finally {
    closeSync(fd);
  }
}

/** readRegularFileSync as text. */
export function readRegularTextSync(path: string, limit: ReadLimit, encoding: BufferEncoding = 'utf8'): string {
  return readRegularFileSync(path, limit).toString(encoding);
}

/** readRegularFileSync on the event loop (the monitors' /proc reads). */
export async function readRegularFile(path: string, limit: ReadLimit): Promise<Buffer> {
  checkStat(path, await stat(path), limit);
  const fh = await open(path, OPEN_FLAGS);
  try {
    const st = await fh.stat();
    checkStat(path, st, limit);
    const chunks = new Chunks(path, st.size, limit);
    let buf = chunks.next();
    while (chunks.add(buf, (await fh.read(buf, 0, buf.length, null)).bytesRead)) buf = chunks.next();
    return chunks.whole();
  } finally {
    await fh.close();
  }
}

/** readRegularFile as text. */
export async function readRegularText(path: string, limit: ReadLimit, encoding: BufferEncoding = 'utf8'): Promise<string> {
  return (await readRegularFile(path, limit)).toString(encoding);
}

/**
 * Why a read failed, in words for a one-line message: the refusals' own messages say the
 * path; a file call's error says what happened ("no such file", "is a folder").
 */
export function readErrorText(err: unknown): string {
  if (err instanceof NotAFileError) return `it is ${err.kind}, not a regular file`;
  if (err instanceof FileTooLargeError) return `it is ${sizeText(err.sizeBytes)}, over the ${sizeText(err.limitBytes)} limit`;
  if (err instanceof XloadError) return err.message;
  if (isFileSystemError(err) && err.code === 'ENOENT') return 'no such file';
  if (isFileSystemError(err)) return fileSystemErrorText(err);
  return err instanceof Error ? err.message : String(err);
}

/** What one read of a file has gathered, checked against its limit as it comes (sync and async alike). */
class Chunks {
  private readonly parts: Buffer[] = [];
  private total = 0;

  constructor(
    private readonly path: string,
    private readonly statSize: number,
    private readonly limit: ReadLimit,
  ) {}

  /**
   * A buffer for the next read: what the stat promised plus one byte (to see a file that
   * grew), 64 KiB at a time when the stat says nothing (/proc), never past one byte over the limit.
   */
  next(): Buffer {
    const want = this.statSize > this.total ? this.statSize - this.total + 1 : 64 * 1024;
    return Buffer.allocUnsafe(Math.min(want, this.limit.maxBytes + 1 - this.total));
  }

  /** Keeps the `n` bytes read into `buf`; false at the end of the file. */
  add(buf: Buffer, n: number): boolean {
    if (n === 0) return false;
    this.total += n;
    if (this.total > this.limit.maxBytes) throw new FileTooLargeError(this.path, this.limit.maxBytes, this.total);
    this.parts.push(n === buf.length ? buf : buf.subarray(0, n));
    return true;
  }

  whole(): Buffer {
    return Buffer.concat(this.parts, this.total);
  }
}

function checkStat(path: string, st: Stats, limit: ReadLimit): void {
  const kind = notAFileKind(st);
  if (kind !== null) throw new NotAFileError(path, kind);
  if (st.size > limit.maxBytes) throw new FileTooLargeError(path, limit.maxBytes, st.size);
}

/** 1536 → "1536 bytes"; 16 MiB → "16 MiB (16777216 bytes)". */
function sizeText(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]} (${n} bytes)`;
}
