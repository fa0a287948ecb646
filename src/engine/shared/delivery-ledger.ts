/**
 * Delivery accounting for stamped messages, shared by all worker threads.
 *
 * Every stamped message gets a sequence number from one atomic counter; the receiver sets
 * that number's bit. First receipt = delivered, a bit already set = duplicated. At the end
 * the coordinator counts the clear bits below the counter: those messages were never
 * received, and whether they count as lost or in flight depends on when they were sent
 * (the coordinator samples the counter each interval to know that).
 *
 * Layout (Int32): [0] next sequence number, [1..] bitmap. Capacity is fixed at creation;
 * messages past it are sent unstamped for accounting and counted as `messages_untracked`.
 */
export class DeliveryLedger {
  protected readonly words: Int32Array;
  readonly capacity: number;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.words = new Int32Array(buffer);
    this.capacity = (this.words.length - 1) * 32;
  }

  static create(capacity: number): DeliveryLedger {
    return new DeliveryLedger(new SharedArrayBuffer(4 * (1 + Math.ceil(capacity / 32))));
  }

  /** A new sequence number, or -1 when the ledger is full. */
  nextSeq(): number {
    const seq = Atomics.add(this.words, 0, 1);
    return seq < this.capacity ? seq : -1;
  }

  /** Sequence numbers handed out so far (capped at capacity). */
  issued(): number {
    return Math.min(Atomics.load(this.words, 0), this.capacity);
  }

  /** Marks `seq` received; returns true the first time, false for a duplicate. */
  markReceived(seq: number): boolean {
    if (seq < 0 || seq >= this.capacity) return false;
    const bit = 1 << (seq & 31);
    return (Atomics.or(this.words, (seq >>> 5) + 1, bit) & bit) === 0;
  }

  /** How many of the sequence numbers in [from, to) were never received. */
  countMissing(from: number, to: number): number {
    let missing = 0;
    for (let s = from; s < to; s++) {
      if ((Atomics.load(this.words, (s >>> 5) + 1) & (1 << (s & 31))) === 0) missing++;
    }
    return missing;
  }
}
