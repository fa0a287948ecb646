import type { NodeSync, ToShard } from '../protocol.js';
import { DeliveryLedger } from '../shared/delivery-ledger.js';
import type { DeliveryTotals } from './delivery.js';

/**
 * The coordinator's side of replicated state in a multi-node run. It relays each node's
 * online-set changes to the others, sums ack="global" arrivals, and keeps the global
 * delivery ledger: nodes stamp from disjoint seq spaces (node k: [k*size, (k+1)*size)) and
 * report every receipt in their interval snapshots, so first receipt = delivered and any
 * other = duplicated holds across boxes, exactly as on one box.
 */
export class ClusterRelay {
  readonly ledger: DeliveryLedger;
  private readonly arrivals: number[];
  private readonly issued: number[];
  private readonly samples: { at: number; issued: number[] }[] = [];
  private receipts = 0;
  private unique = 0;

  /**
   * The online-set slots each node reported connected (bit 0 of its flags). Per node: a
   * CSV user name's slot may be taken on one node while another still reports leaving it.
   */
  private readonly connectedBy: Set<number>[];

  constructor(
    readonly nodes: number,
    readonly seqSize: number,
    /** Kept for callers; the per-node sets need no size (CSV name slots go beyond it). */
    _userIdMax = 0,
  ) {
    this.connectedBy = Array.from({ length: nodes }, () => new Set<number>());
    this.ledger = DeliveryLedger.create(nodes * seqSize);
    this.arrivals = new Array<number>(nodes).fill(0);
    this.issued = new Array<number>(nodes).fill(0);
  }

  /** A node's sync; returns the relay message each other node should get. */
  onSync(m: NodeSync): { node: number; msg: ToShard }[] {
    if (m.node < 0 || m.node >= this.nodes) return [];
    const arrivalsChanged = m.arrivals !== this.arrivals[m.node];
    this.arrivals[m.node] = m.arrivals;
    this.issued[m.node] = Math.max(this.issued[m.node]!, m.issued);
    const connected = this.connectedBy[m.node]!;
    for (let i = 0; i + 1 < m.online.length; i += 2) {
      const id = m.online[i]!;
      if (!(id > 0)) continue;
      if (m.online[i + 1]! & 1) connected.add(id);
      else connected.delete(id);
    }
    if (m.online.length === 0 && !arrivalsChanged) return [];
    const total = this.arrivals.reduce((a, b) => a + b, 0);
    const out: { node: number; msg: ToShard }[] = [];
    for (let k = 0; k < this.nodes; k++) {
      if (k === m.node) continue;
      out.push({ node: k, msg: { type: 'relay', online: m.online, remoteArrivals: total - this.arrivals[k]! } });
    }
    return out;
  }

  /** Receipts reported by `node`; returns how many were sent from another node. */
  onReceived(node: number, seqs: readonly number[]): number {
    let cross = 0;
    for (const s of seqs) {
      this.receipts++;
      if (this.ledger.markReceived(s)) this.unique++;
      if (Math.floor(s / this.seqSize) !== node) cross++;
    }
    return cross;
  }

  /** Remembers how many seqs each node had issued at an interval boundary (for in-flight). */
  sample(at: number): void {
    this.samples.push({ at, issued: [...this.issued] });
  }

  /** Users of `node` connected as of its last sync (~10 ms old): who is lost with it. */
  connectedOn(node: number): number {
    return this.connectedBy[node]?.size ?? 0;
  }

  issuedBy(node: number): number {
    return this.issued[node] ?? 0;
  }

  /**
   * Final accounting, as settleDelivery does for one node, per seq space. `sent` is the
   * seqs issued (one per stamped message sent): for a lost node its last sync says more
   * than its last interval snapshot did.
   */
  settle(counted: number, opts: { cut: boolean; endedAt: number; windowMs: number }): DeliveryTotals {
    let missing = 0;
    let inFlight = 0;
    const cutoff = opts.endedAt - opts.windowMs;
    for (let k = 0; k < this.nodes; k++) {
      const base = k * this.seqSize;
      const issued = this.issued[k]!;
      const miss = this.ledger.countMissing(base, base + issued);
      missing += miss;
      if (opts.cut && miss > 0) {
        let from = 0;
        for (const s of this.samples) if (s.at <= cutoff) from = Math.max(from, s.issued[k]!);
        inFlight += this.ledger.countMissing(base + Math.min(from, issued), base + issued);
      }
    }
    const sent = Math.max(
      counted,
      this.issued.reduce((a, b) => a + b, 0),
    );
    return { sent, delivered: this.unique, duplicated: this.receipts - this.unique, lost: missing - inFlight, in_flight: inFlight };
  }
}
