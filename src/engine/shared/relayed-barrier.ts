import { GlobalBarrier } from './global-barrier.js';

/**
 * ack="global" across nodes. Cell [0] is the cluster-wide arrival count the waiting users
 * poll (local arrivals plus those the coordinator relays from other nodes); cell [1]
 * counts this node's own arrivals, so the node can report them without double counting.
 * Arrival numbers may interleave differently on each node for a moment; every node
 * releases once the cluster total reaches the generation's size, as Tsung's single timer does.
 */
export class RelayedBarrier extends GlobalBarrier {
  static createRelayed(size: number): RelayedBarrier {
    return new RelayedBarrier(new SharedArrayBuffer(8), size);
  }

  override arrive(): number {
    Atomics.add(this.cells, 1, 1);
    return super.arrive();
  }

  /** This node's own arrivals so far. */
  localArrivals(): number {
    return Atomics.load(this.cells, 1);
  }

  /** Adds arrivals that happened on other nodes. */
  addRemote(n: number): void {
    if (n > 0) Atomics.add(this.cells, 0, n);
  }
}
