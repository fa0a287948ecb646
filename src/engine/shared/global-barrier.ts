/**
 * Tsung's ack="global": a barrier that releases once `size` users (global_number) have
 * reached a global-ack request, across every worker thread. Then it re-arms for the next
 * `size` users (Tsung's ts_timer behaves the same way).
 *
 * Layout (Int32): [0] arrivals so far. A user that arrives as the k-th (1-based) waits for
 * generation ceil(k/size) to fill: until arrivals >= ceil(k/size) * size.
 */
export class GlobalBarrier {
  protected readonly cells: Int32Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly size: number,
  ) {
    this.cells = new Int32Array(buffer);
  }

  static create(size: number): GlobalBarrier {
    return new GlobalBarrier(new SharedArrayBuffer(4), size);
  }

  /** Registers one arrival; returns the arrival count the caller must wait for. */
  arrive(): number {
    const k = Atomics.add(this.cells, 0, 1) + 1;
    return Math.ceil(k / this.size) * this.size;
  }

  isReleased(target: number): boolean {
    return Atomics.load(this.cells, 0) >= target;
  }
}
