/**
 * Which users are "online" (did an available presence and are still connected), across
 * every worker thread: one byte per user id in a SharedArrayBuffer. Tsung keeps this in
 * one global process (ts_user_server); a shared array avoids a round trip per chat.
 * Also tracks "connected" (a stream is open) for destination="offline".
 */
const CONNECTED = 1;
const ONLINE = 2;

export class OnlineSet {
  private readonly flags: Uint8Array;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly max: number,
  ) {
    this.flags = new Uint8Array(buffer);
  }

  static create(max: number): OnlineSet {
    return new OnlineSet(new SharedArrayBuffer(max + 1), max);
  }

  setConnected(id: number, on: boolean): void {
    if (on) Atomics.or(this.flags, id, CONNECTED);
    else Atomics.and(this.flags, id, ~(CONNECTED | ONLINE) & 0xff);
  }

  setOnline(id: number, on: boolean): void {
    if (on) Atomics.or(this.flags, id, ONLINE);
    else Atomics.and(this.flags, id, ~ONLINE & 0xff);
  }

  isOnline(id: number): boolean {
    return (Atomics.load(this.flags, id) & ONLINE) !== 0;
  }

  isConnected(id: number): boolean {
    return (Atomics.load(this.flags, id) & CONNECTED) !== 0;
  }

  /**
   * A random online user other than `self`, or 0 when none. Random probes first (cheap
   * when many are online), then a scan from a random start so a sparse set is still found.
   */
  pickOnline(self: number, limit: number, rnd: () => number): number {
    return this.pick(self, limit, rnd, (f) => (f & ONLINE) !== 0);
  }

  /** A random user id that is not connected (Tsung's destination="offline"), or 0. */
  pickOffline(self: number, limit: number, rnd: () => number): number {
    return this.pick(self, limit, rnd, (f) => (f & CONNECTED) === 0);
  }

  private pick(self: number, limit: number, rnd: () => number, ok: (f: number) => boolean): number {
    const n = Math.min(limit, this.max);
    if (n < 1) return 0;
    for (let i = 0; i < 16; i++) {
      const id = 1 + Math.floor(rnd() * n);
      if (id !== self && ok(Atomics.load(this.flags, id))) return id;
    }
    const start = Math.floor(rnd() * n);
    for (let k = 0; k < n; k++) {
      const id = 1 + ((start + k) % n);
      if (id !== self && ok(Atomics.load(this.flags, id))) return id;
    }
    return 0;
  }
}
