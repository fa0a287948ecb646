import { READ_LIMITS, readRegularTextSync } from '../../read-regular-file.js';
import type { FileServerSpec, Plan } from '../../scenario/plan.js';
import type { Rng } from './rng.js';
import { firstColumn, nameSlotBase, NameSlots, usesNamedUsers } from './name-slots.js';

/**
 * Tsung's file_server: CSV-ish files read once per shard, rows served in order ("iter",
 * each shard starting at its own offset so that shards do not hand out the same rows
 * first) or at random.
 */
export class FileSources {
  private readonly lines = new Map<string, string[]>();
  private readonly cursor = new Map<string, number>();
  private slots: NameSlots | null = null;

  constructor(
    specs: FileServerSpec[],
    private readonly shardIndex: number,
    private readonly shardCount: number,
  ) {
    for (const s of specs) {
      const rows = readRegularTextSync(s.path, READ_LIMITS.dataFile)
        .split(/\r?\n/)
        .filter((l) => l.trim() !== '' && !l.startsWith('#'));
      this.lines.set(s.id, rows);
    }
  }

  /**
   * The online-set slots of the names in the files' first column (name-slots.ts), built on
   * first use; every shard and node builds the same from the same files.
   */
  nameSlots(base: number): NameSlots {
    if (!this.slots || this.slots.base !== base) {
      const names: string[] = [];
      const seen = new Set<string>();
      for (const rows of this.lines.values()) firstColumn(rows, names, seen);
      this.slots = new NameSlots(names, base);
    }
    return this.slots;
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

/**
 * How many online-set slots a node must add for CSV user names (the same count every shard
 * of every node finds): 0 unless the plan names its users from files.
 */
export function nameSlotCount(plan: Plan): number {
  if (!usesNamedUsers(plan)) return 0;
  return new FileSources(plan.options.fileServers, 0, 1).nameSlots(nameSlotBase(plan)).size;
}
