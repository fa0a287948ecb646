/**
 * One timer for a whole shard: a binary min-heap of due times driving a single
 * setTimeout, instead of one Node timer per user (users think, wait for acks and time
 * out by the thousand). Entries are cancelled lazily: the owner keeps the token it got
 * and ignores a firing whose token is stale.
 */
export interface TimerTarget {
  onTimer(token: number, due: number): void;
}

interface Entry {
  due: number;
  token: number;
  target: TimerTarget;
}

export class TimerHeap {
  private heap: Entry[] = [];
  private nextToken = 1;
  private handle: NodeJS.Timeout | null = null;
  private armedFor = Infinity;

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.heap.length;
  }

  /** Schedules target.onTimer(token, due) at epoch-ms `due`; returns the token. */
  schedule(due: number, target: TimerTarget): number {
    const token = this.nextToken++;
    this.push({ due, token, target });
    if (due < this.armedFor) this.arm();
    return token;
  }

  stop(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.heap = [];
    this.armedFor = Infinity;
  }

  private arm(): void {
    if (this.handle) clearTimeout(this.handle);
    const top = this.heap[0];
    if (!top) {
      this.handle = null;
      this.armedFor = Infinity;
      return;
    }
    this.armedFor = top.due;
    // A shared function and the heap as its argument: no closure allocated per arming.
    this.handle = setTimeout(TimerHeap.onTimeout, Math.max(0, top.due - this.now()), this);
  }

  private static onTimeout(heap: TimerHeap): void {
    heap.fire();
  }

  private fire(): void {
    this.handle = null;
    this.armedFor = Infinity;
    // Fire everything due (with a small slack so near-simultaneous timers batch).
    const limit = this.now() + 0.5;
    let fired = 0;
    while (this.heap.length > 0 && this.heap[0]!.due <= limit && fired < 5000) {
      const e = this.pop()!;
      fired++;
      e.target.onTimer(e.token, e.due);
    }
    if (this.heap.length > 0 && !this.handle) this.arm();
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p]!.due <= e.due) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && h[r]!.due < h[l]!.due ? r : l;
        if (h[c]!.due >= last.due) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
