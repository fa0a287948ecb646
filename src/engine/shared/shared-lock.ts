/**
 * A mutex in one Int32 word of a SharedArrayBuffer, for short critical sections shared by
 * worker threads (and the node's main thread, where Node.js allows Atomics.wait). Drepper's
 * three-state futex mutex ("Futexes Are Tricky", 2011, mutex3): 0 free, 1 locked,
 * 2 locked with waiters; release wakes one waiter only when there may be one. A short
 * spin first: the sections it guards are a few stores long.
 */
const SPINS = 100;

export class SharedLock {
  constructor(
    private readonly i32: Int32Array,
    private readonly index: number,
  ) {}

  acquire(): void {
    const a = this.i32;
    const i = this.index;
    let c = Atomics.compareExchange(a, i, 0, 1);
    if (c === 0) return;
    for (let k = 0; k < SPINS; k++) {
      if (Atomics.load(a, i) === 0) {
        c = Atomics.compareExchange(a, i, 0, 1);
        if (c === 0) return;
      }
    }
    if (c !== 2) c = Atomics.exchange(a, i, 2);
    while (c !== 0) {
      Atomics.wait(a, i, 2);
      c = Atomics.exchange(a, i, 2);
    }
  }

  release(): void {
    if (Atomics.sub(this.i32, this.index, 1) !== 1) {
      Atomics.store(this.i32, this.index, 0);
      Atomics.notify(this.i32, this.index, 1);
    }
  }
}
