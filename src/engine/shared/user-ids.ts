/**
 * Tsung's user-id pool (ts_user_server: take the smallest free id, give it back at the end
 * of the session), shared by every worker thread through a SharedArrayBuffer so that ids
 * stay unique without a message to the coordinator per user. Ids are 1..max.
 *
 * Layout: Int32 word 0 = hint (lowest word index that may have a free bit), words 1.. =
 * bitmap, bit set = id in use. Lock-free: compareExchange on the word that holds the bit.
 */
export class UserIdPool {
  private readonly words: Int32Array;
  private readonly wordCount: number;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly max: number,
  ) {
    this.words = new Int32Array(buffer);
    this.wordCount = Math.ceil(max / 32);
  }

  static create(max: number): UserIdPool {
    return new UserIdPool(new SharedArrayBuffer(4 * (1 + Math.ceil(max / 32))), max);
  }

  /** The lowest free id, now marked in use; 0 when all `max` ids are taken. */
  acquire(): number {
    const w = this.words;
    for (let i = Atomics.load(w, 0); i < this.wordCount; i++) {
      for (;;) {
        const cur = Atomics.load(w, i + 1);
        if (cur === -1) break;
        const bit = lowestZeroBit(cur);
        const id = i * 32 + bit + 1;
        if (id > this.max) return 0;
        if (Atomics.compareExchange(w, i + 1, cur, cur | (1 << bit)) === cur) {
          if ((cur | (1 << bit)) === -1) this.raiseHint(i);
          return id;
        }
      }
    }
    return 0;
  }

  release(id: number): void {
    if (id < 1 || id > this.max) return;
    const i = (id - 1) >>> 5;
    Atomics.and(this.words, i + 1, ~(1 << ((id - 1) & 31)));
    // Lower the hint so the next acquire finds this id (lowest free first).
    for (;;) {
      const hint = Atomics.load(this.words, 0);
      if (hint <= i || Atomics.compareExchange(this.words, 0, hint, i) === hint) return;
    }
  }

  isInUse(id: number): boolean {
    if (id < 1 || id > this.max) return false;
    return (Atomics.load(this.words, ((id - 1) >>> 5) + 1) & (1 << ((id - 1) & 31))) !== 0;
  }

  private raiseHint(i: number): void {
    // Move the hint past a word that is now full. A release racing with this can leave the
    // hint one word too high for a moment; it lowers the hint itself right after.
    Atomics.compareExchange(this.words, 0, i, i + 1);
  }
}

function lowestZeroBit(x: number): number {
  const inv = ~x;
  return 31 - Math.clz32(inv & -inv);
}
