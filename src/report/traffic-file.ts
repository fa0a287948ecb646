import { createWriteStream, type WriteStream } from 'node:fs';

/** The run folder's dumptraffic file (Tsung's `dumptraffic`): every shard's lines, one file per run. */
export const TRAFFIC_FILE = 'traffic.log';

/**
 * Appends the dumptraffic lines shards send with their interval snapshots. One buffered
 * stream (async writes, never a sync write per line); opened only when a first interval
 * carries traffic, so a run without the option has no file. A write error (disk full) stops
 * the dump and is kept in `error` instead of failing the run it only describes.
 */
export class TrafficFile {
  private stream: WriteStream | null = null;
  error: Error | null = null;

  constructor(readonly path: string) {}

  append(text: string): void {
    if (this.error !== null) return;
    if (this.stream === null) {
      this.stream = createWriteStream(this.path, { flags: 'a' });
      this.stream.on('error', (err) => {
        this.error = err;
      });
    }
    this.stream.write(text);
  }

  /** Flushes and closes; resolves once every line is written (or the stream failed). */
  close(): Promise<void> {
    const s = this.stream;
    this.stream = null;
    if (s === null || s.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('error', () => resolve());
      s.end(() => resolve());
    });
  }
}
