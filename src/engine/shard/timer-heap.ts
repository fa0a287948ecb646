/**
 * One timer for a whole shard: a binary min-heap of due times driving a single
 * setTimeout, instead of one Node timer per user (users think, wait for acks and time
 * out by the thousand). Entries are cancelled lazily: the owner keeps the token it got
 * and ignores a firing whose token is stale.
 */
export interface TimerTarget {
  onTimer(token: number, due: number): void;
}

/**
 * The heap is three parallel arrays (struct of arrays) rather than an array of entry
 * objects: a schedule allocates nothing on the JS heap. That matters because most entries
 * are stale reply timeouts (30 s by default) that outlive several young-generation
 * collections: as objects they were copied by each scavenge and then promoted.
 */
export class TimerHeap {
  private dues = new Float64Array(256);
  /** Tokens count up from 1; a Float64Array holds them exactly up to 2^53. */
  private tokens = new Float64Array(256);
  private targets: (TimerTarget | undefined)[] = [];
  private n = 0;
  private nextToken = 1;
  private handle: NodeJS.Timeout | null = null;
  private armedFor = Infinity;

  /**
   * Made once per heap: a setTimeout with an extra argument would allocate an argument
   * array with every arming, and the heap re-arms after nearly every firing.
   */
  private readonly onTimeout = (): void => this.fire();

  constructor(private readonly now: () => number) {}

  get size(): number {
    return this.n;
  }

  /** Schedules target.onTimer(token, due) at epoch-ms `due`; returns the token. */
  schedule(due: number, target: TimerTarget): number {
    const token = this.nextToken++;
    this.push(due, token, target);
    if (due < this.armedFor) this.arm();
    return token;
  }

  stop(): void {
    if (this.handle) clearTimeout(this.handle);
    this.handle = null;
    this.targets = [];
    this.n = 0;
    this.armedFor = Infinity;
  }

  private arm(): void {
    if (this.handle) clearTimeout(this.handle);
    if (this.n === 0) {
      this.handle = null;
      this.armedFor = Infinity;
      return;
    }
    const due = this.dues[0]!;
    this.armedFor = due;
    // Whole milliseconds, rounded down: a fractional duration would make Node build a new
    // timer list under a new string key (its lists are keyed by duration) every time. Down,
    // not up: Node fires a timer once its integer loop clock has passed start + duration,
    // which is already up to 1 ms after the real instant, so ceil() made every firing
    // ~0.5 ms late on average (1.2 ms at p99), and a stamped chat carries its intended send
    // time, so that lateness showed in xmpp_msg_latency. With floor() and fire()'s 0.5 ms
    // slack a firing lands within about -0.5..+0.6 ms of its due time (p50 +0.03 ms,
    // measured); a wake that comes too early to fire anything just re-arms.
    this.handle = setTimeout(this.onTimeout, Math.max(0, Math.floor(due - this.now())));
  }

  private fire(): void {
    this.handle = null;
    this.armedFor = Infinity;
    // Fire everything due (with a small slack so near-simultaneous timers batch).
    const limit = this.now() + 0.5;
    let fired = 0;
    while (this.n > 0 && this.dues[0]! <= limit && fired < 5000) {
      const due = this.dues[0]!;
      const token = this.tokens[0]!;
      const target = this.targets[0]!;
      this.popTop();
      fired++;
      target.onTimer(token, due);
    }
    if (this.n > 0 && !this.handle) this.arm();
  }

  private push(due: number, token: number, target: TimerTarget): void {
    if (this.n === this.dues.length) this.grow();
    const d = this.dues;
    const k = this.tokens;
    const t = this.targets;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (d[p]! <= due) break;
      d[i] = d[p]!;
      k[i] = k[p]!;
      t[i] = t[p];
      i = p;
    }
    d[i] = due;
    k[i] = token;
    t[i] = target;
  }

  /** Removes the root: the last entry sinks down from the top. */
  private popTop(): void {
    const d = this.dues;
    const k = this.tokens;
    const t = this.targets;
    const last = --this.n;
    const due = d[last]!;
    const token = k[last]!;
    const target = t[last];
    t[last] = undefined;
    if (last === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= last) break;
      const r = l + 1;
      const c = r < last && d[r]! < d[l]! ? r : l;
      if (d[c]! >= due) break;
      d[i] = d[c]!;
      k[i] = k[c]!;
      t[i] = t[c];
      i = c;
    }
    d[i] = due;
    k[i] = token;
    t[i] = target;
  }

  private grow(): void {
    const size = this.dues.length * 2;
    const d = new Float64Array(size);
    d.set(this.dues);
    const k = new Float64Array(size);
    k.set(this.tokens);
    this.dues = d;
    this.tokens = k;
  }
}
