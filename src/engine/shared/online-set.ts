import { SharedLock } from './shared-lock.js';

/**
 * Which users are "online" (did an available presence and are still connected), across
 * every worker thread of a node. Tsung keeps this in one global process (ts_user_server);
 * a SharedArrayBuffer avoids a round trip per chat. Slots are user ids (1..userid_max)
 * followed by CSV user names (see name-slots.ts); 0 is "nobody".
 *
 * destination="online" must cost O(1) whatever userid_max is, so besides one flag byte per
 * slot the online slots are kept in a dense array with a position table (swap-remove).
 * Writers (login, presence, logout: rare) take a lock; pick (every chat) reads without it.
 * Dense entries are written with Atomics, a removed tail entry is left in place, so a pick
 * racing a remove reads a valid slot that may just have gone offline (Tsung's pick has
 * the same window), never a torn or out-of-range one.
 *
 * In a multi-node run, local changes are journaled (each changed slot once) for the node
 * host to ship; slots held by a local user are never overwritten by another node's news.
 */
const CONNECTED = 1;
const ONLINE = 2;
/** A user of this node holds the slot: remote updates are ignored. */
const LOCAL = 4;
/** The slot is in the journal, not yet collected. */
const DIRTY = 8;
const SHIPPED = CONNECTED | ONLINE;

// Int32 header words.
const H_LOCK = 0;
const H_COUNT = 1;
const H_JOURNAL_LEN = 2;
const H_JOURNALING = 3;
const HEADER = 4;

export class OnlineSet {
  private readonly i32: Int32Array;
  private readonly dense: Int32Array;
  private readonly pos: Int32Array;
  private readonly journal: Int32Array;
  private readonly flags: Uint8Array;
  private readonly lock: SharedLock;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly max: number,
  ) {
    const n = max + 1;
    this.i32 = new Int32Array(buffer, 0, HEADER);
    this.dense = new Int32Array(buffer, 4 * HEADER, n);
    this.pos = new Int32Array(buffer, 4 * (HEADER + n), n);
    this.journal = new Int32Array(buffer, 4 * (HEADER + 2 * n), n);
    this.flags = new Uint8Array(buffer, 4 * (HEADER + 3 * n), n);
    this.lock = new SharedLock(this.i32, H_LOCK);
  }

  /** `journaled`: record local changes for another node (a multi-node run). */
  static create(max: number, journaled = false): OnlineSet {
    const set = new OnlineSet(new SharedArrayBuffer(13 * (max + 1) + 4 * HEADER), max);
    if (journaled) Atomics.store(set.i32, H_JOURNALING, 1);
    return set;
  }

  /** A view of a buffer create() made (its size says how many slots it has). */
  static attach(buffer: SharedArrayBuffer): OnlineSet {
    return new OnlineSet(buffer, (buffer.byteLength - 4 * HEADER) / 13 - 1);
  }

  /** A local user's stream opened (on) or closed (off: no longer online either). */
  setConnected(id: number, on: boolean): void {
    this.local(id, on, on ? CONNECTED : 0, CONNECTED | ONLINE | LOCAL);
  }

  /** A local user's available (on) or unavailable (off) presence. */
  setOnline(id: number, on: boolean): void {
    this.local(id, on, on ? ONLINE : 0, ONLINE);
  }

  isOnline(id: number): boolean {
    return this.valid(id) && (Atomics.load(this.flags, id) & ONLINE) !== 0;
  }

  isConnected(id: number): boolean {
    return this.valid(id) && (Atomics.load(this.flags, id) & CONNECTED) !== 0;
  }

  /** How many slots are online (on this node and, replicated, on the others). */
  onlineCount(): number {
    return Atomics.load(this.i32, H_COUNT);
  }

  /** A random online slot other than `self`, or 0 when there is none. O(1), no lock. */
  pickOnline(self: number, rnd: () => number): number {
    for (let attempt = 0; attempt < 4; attempt++) {
      const n = Atomics.load(this.i32, H_COUNT);
      if (n === 0) return 0;
      const selfAt = self > 0 && self <= this.max ? Atomics.load(this.pos, self) - 1 : -1;
      const others = selfAt >= 0 && selfAt < n ? n - 1 : n;
      if (others === 0) return 0;
      // Uniform over the others: skip over self's own position.
      let i = Math.floor(rnd() * others);
      if (others < n && i >= selfAt) i++;
      const id = Atomics.load(this.dense, i);
      // Raced with a writer (self moved, the entry left): try again, a few times.
      if (id !== self && id > 0 && id <= this.max && (Atomics.load(this.flags, id) & ONLINE) !== 0) return id;
    }
    return 0;
  }

  /**
   * A random user id in 1..limit that is not connected (Tsung's destination="offline"), or
   * 0. Random probes first: offline users are usually the many; then a scan.
   */
  pickOffline(self: number, limit: number, rnd: () => number): number {
    const n = Math.min(limit, this.max);
    if (n < 1) return 0;
    const ok = (id: number) => id !== self && (Atomics.load(this.flags, id) & CONNECTED) === 0;
    for (let i = 0; i < 16; i++) {
      const id = 1 + Math.floor(rnd() * n);
      if (ok(id)) return id;
    }
    const start = Math.floor(rnd() * n);
    for (let k = 0; k < n; k++) {
      const id = 1 + ((start + k) % n);
      if (ok(id)) return id;
    }
    return 0;
  }

  /** Local changes since the last call, as [slot, flags, ...] (flags: 1 connected, 2 online). */
  collect(): number[] {
    const out: number[] = [];
    if (Atomics.load(this.i32, H_JOURNAL_LEN) === 0) return out;
    this.lock.acquire();
    const len = this.i32[H_JOURNAL_LEN]!;
    for (let k = 0; k < len; k++) {
      const id = this.journal[k]!;
      const f = this.flags[id]! & ~DIRTY;
      Atomics.store(this.flags, id, f);
      out.push(id, f & SHIPPED);
    }
    Atomics.store(this.i32, H_JOURNAL_LEN, 0);
    this.lock.release();
    return out;
  }

  /** Whether collect() has anything (cheap: one atomic load). */
  hasChanges(): boolean {
    return Atomics.load(this.i32, H_JOURNAL_LEN) > 0;
  }

  /** Another node's changes; a slot a local user holds keeps its local state. */
  apply(pairs: readonly number[]): void {
    this.lock.acquire();
    for (let k = 0; k + 1 < pairs.length; k += 2) {
      const id = pairs[k]!;
      if (!this.valid(id)) continue;
      const f = this.flags[id]!;
      if (f & LOCAL) continue;
      this.write(id, (f & ~SHIPPED) | (pairs[k + 1]! & SHIPPED), false);
    }
    this.lock.release();
  }

  /**
   * A local user takes the slot (on: what another node said about it is dropped) or
   * changes it; off-changes to a slot no local user holds are not this node's to make
   * (a CSV name another node's user is logged in with).
   */
  private local(id: number, on: boolean, set: number, clear: number): void {
    if (!this.valid(id)) return;
    this.lock.acquire();
    const f = this.flags[id]!;
    if (on) this.write(id, ((f & LOCAL) !== 0 ? f : f & ~SHIPPED) | set | LOCAL, true);
    else if ((f & LOCAL) !== 0) this.write(id, f & ~clear, true);
    this.lock.release();
  }

  /**
   * The structure's invariants, checked while no one writes (tests): the dense array holds
   * each online slot exactly once and the position table points back at it.
   */
  audit(): string[] {
    const bad: string[] = [];
    const n = this.i32[H_COUNT]!;
    const seen = new Set<number>();
    for (let i = 0; i < n; i++) {
      const id = this.dense[i]!;
      if (!this.valid(id)) bad.push(`dense[${i}] = ${id}`);
      else if (seen.has(id)) bad.push(`slot ${id} twice`);
      else if (this.pos[id] !== i + 1) bad.push(`pos[${id}] = ${this.pos[id]}, not ${i + 1}`);
      seen.add(id);
    }
    for (let id = 1; id <= this.max; id++) {
      const online = (this.flags[id]! & ONLINE) !== 0;
      if (online !== seen.has(id)) bad.push(`slot ${id}: online flag ${online}, in dense array ${seen.has(id)}`);
    }
    if (this.i32[H_LOCK] !== 0) bad.push('lock held');
    return bad;
  }

  private valid(id: number): boolean {
    return Number.isInteger(id) && id > 0 && id <= this.max;
  }

  /** Under the lock: new flags for `id`, the dense array kept in step, journaled if local. */
  private write(id: number, f: number, local: boolean): void {
    const was = this.flags[id]!;
    if (local && Atomics.load(this.i32, H_JOURNALING) === 1 && (f & SHIPPED) !== (was & SHIPPED) && !(was & DIRTY)) {
      const len = this.i32[H_JOURNAL_LEN]!;
      Atomics.store(this.journal, len, id);
      Atomics.store(this.i32, H_JOURNAL_LEN, len + 1);
      f |= DIRTY;
    } else {
      f |= was & DIRTY;
    }
    Atomics.store(this.flags, id, f);
    if ((f & ONLINE) !== 0 && (was & ONLINE) === 0) this.add(id);
    else if ((f & ONLINE) === 0 && (was & ONLINE) !== 0) this.remove(id);
  }

  private add(id: number): void {
    if (this.pos[id] !== 0) return;
    const n = this.i32[H_COUNT]!;
    Atomics.store(this.dense, n, id);
    Atomics.store(this.pos, id, n + 1);
    Atomics.store(this.i32, H_COUNT, n + 1);
  }

  private remove(id: number): void {
    const p = this.pos[id]!;
    if (p === 0) return;
    const last = this.i32[H_COUNT]! - 1;
    const moved = this.dense[last]!;
    // Swap-remove: the last entry takes the leaver's place. The tail entry keeps its old
    // value (a valid slot) for readers that loaded the count just before.
    Atomics.store(this.dense, p - 1, moved);
    Atomics.store(this.pos, moved, p);
    Atomics.store(this.pos, id, 0);
    Atomics.store(this.i32, H_COUNT, last);
  }
}
