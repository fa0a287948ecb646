import { DeliveryLedger } from './delivery-ledger.js';

/**
 * The delivery ledger of one node (a child process or an agent) in a multi-node run.
 *
 * Sequence numbers live in one global space split into disjoint per-node ranges
 * [base, base + size): node k stamps only from its own range, so the seq in a stamp also
 * says which node sent it, and no two nodes ever need to agree on a counter. The bitmap
 * covers the whole global space, so the node's threads still detect duplicates among
 * themselves without asking anyone; and with `journal` on, each first-or-not receipt is
 * also remembered so the shard can report it in its next interval snapshot, letting the
 * coordinator keep the exact global accounting (a stanza never costs a message of its own).
 *
 * Layout as DeliveryLedger: [0] next seq (starts at `base`), [1..] bitmap of the global space.
 */
export class SpacedLedger extends DeliveryLedger {
  private journal: number[] | null;

  constructor(
    buffer: SharedArrayBuffer,
    readonly base: number,
    readonly limit: number,
    journal: boolean,
  ) {
    super(buffer);
    this.journal = journal ? [] : null;
  }

  /** A ledger for global capacity `total`, handing out [base, base + size); counter set to base. */
  static createSpace(total: number, base: number, size: number): SharedArrayBuffer {
    const buf = DeliveryLedger.create(total).buffer;
    Atomics.store(new Int32Array(buf), 0, base);
    if (base + size > total) throw new RangeError(`seq space [${base}, ${base + size}) exceeds ${total}`);
    return buf;
  }

  override nextSeq(): number {
    const seq = Atomics.add(this.words, 0, 1);
    return seq < this.limit ? seq : -1;
  }

  /** Sequence numbers this node handed out (capped at its range). */
  override issued(): number {
    return Math.min(Atomics.load(this.words, 0), this.limit) - this.base;
  }

  override markReceived(seq: number): boolean {
    this.journal?.push(seq);
    return super.markReceived(seq);
  }

  /** Every seq received (duplicates included) since the last drain; empty when not journaling. */
  drain(): number[] {
    const out = this.journal;
    if (out === null || out.length === 0) return [];
    this.journal = [];
    return out;
  }
}
