import type { IdRange } from './id-range.js';

/**
 * Replicates an OnlineSet between processes. Each node owns the flags of its own id range
 * (only its users set them); `collect()` returns what changed there since the last call
 * as flat [id, flags, id, flags, ...] pairs, and `apply()` writes another node's changes.
 * Ranges are disjoint, so writes never conflict. Scanning a range of 30,000 ids against a
 * shadow copy takes well under a millisecond, so it can run every 100 ms.
 */
export class OnlineReplica {
  private readonly flags: Uint8Array;
  private readonly shadow: Uint8Array;

  constructor(
    buffer: SharedArrayBuffer,
    private readonly own: IdRange,
  ) {
    this.flags = new Uint8Array(buffer);
    this.shadow = new Uint8Array(Math.max(0, own.hi - own.lo + 1));
  }

  collect(): number[] {
    const out: number[] = [];
    const { lo, hi } = this.own;
    for (let id = lo; id <= hi; id++) {
      const f = Atomics.load(this.flags, id);
      if (f !== this.shadow[id - lo]) {
        this.shadow[id - lo] = f;
        out.push(id, f);
      }
    }
    return out;
  }

  apply(pairs: readonly number[]): void {
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const id = pairs[i]!;
      if (id >= this.own.lo && id <= this.own.hi) continue;
      if (id > 0 && id < this.flags.length) Atomics.store(this.flags, id, pairs[i + 1]!);
    }
  }
}
