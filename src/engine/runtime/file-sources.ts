import { readFileSync } from 'node:fs';
import type { FileServerSpec } from '../../scenario/plan.js';
import type { Rng } from './rng.js';

/**
 * Tsung's file_server: CSV-ish files read once per shard, rows served in order ("iter",
 * each shard starting at its own offset so that shards do not hand out the same rows
 * first) or at random.
 */
export class FileSources {
  private readonly lines = new Map<string, string[]>();
  private readonly cursor = new Map<string, number>();

  constructor(
    specs: FileServerSpec[],
    private readonly shardIndex: number,
    private readonly shardCount: number,
  ) {
    for (const s of specs) {
      const rows = readFileSync(s.path, 'utf8')
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '' && !l.startsWith('#'));
      this.lines.set(s.id, rows);
    }
  }

  has(id: string): boolean {
    return this.lines.has(id);
  }

  /** The next row split by `delimiter`, or null if the file is unknown or empty. */
  next(id: string, order: 'iter' | 'random', delimiter: string, rng: Rng): string[] | null {
    const rows = this.lines.get(id);
    if (!rows || rows.length === 0) return null;
    let i: number;
    if (order === 'random') {
      i = Math.floor(rng() * rows.length);
    } else {
      // Interleave: shard k serves rows k, k+n, k+2n, ... then wraps around (as Tsung's iter).
      const c = this.cursor.get(id) ?? 0;
      this.cursor.set(id, c + 1);
      i = (this.shardIndex + c * this.shardCount) % rows.length;
    }
    return rows[i]!.split(delimiter);
  }
}
