import type { IdRange } from './id-range.js';
import { OnlineSet } from './online-set.js';

/**
 * Replicates an OnlineSet between processes (the nodes of a multi-node run). Local changes
 * are journaled by the set itself as they happen (each changed slot once until collected),
 * so `collect()` costs O(changes), not O(userid_max), and can run every few ms: the other
 * nodes learn about a leaver within ONLINE_SYNC_MS plus one relay hop. `apply()` writes
 * another node's changes, except to slots a local user holds. Pooled user ids come from
 * disjoint ranges, so only CSV-name slots can ever be claimed by two nodes; `own` is kept
 * as a guard: another node never reports ids of this node's range.
 */
export class OnlineReplica {
  private readonly set: OnlineSet;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly own: IdRange,
  ) {
    this.set = OnlineSet.attach(buffer);
  }

  /** Whether collect() would return anything (one atomic load). */
  pending(): boolean {
    return this.set.hasChanges();
  }

  /** This node's changes since the last call, as [slot, flags, slot, flags, ...]. */
  collect(): number[] {
    return this.set.collect();
  }

  apply(pairs: readonly number[]): void {
    const { lo, hi } = this.own;
    const mine = (id: number) => id >= lo && id <= hi;
    let foreign = pairs;
    if (pairs.some((v, k) => k % 2 === 0 && mine(v))) {
      const kept: number[] = [];
      for (let k = 0; k + 1 < pairs.length; k += 2) if (!mine(pairs[k]!)) kept.push(pairs[k]!, pairs[k + 1]!);
      foreign = kept;
    }
    this.set.apply(foreign);
  }
}
