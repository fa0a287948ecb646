import { UserIdPool } from './user-ids.js';

/** A node's share of user ids: lo..hi inclusive (1-based); empty when hi < lo. */
export interface IdRange {
  lo: number;
  hi: number;
}

/**
 * A UserIdPool over all `max` ids that hands out only lo..hi: the ids outside the range are
 * marked in use from the start. Tsung's lowest-free-id rule then holds within the node,
 * and ids stay unique across nodes without a round trip to the coordinator per user.
 */
export function createRangedPool(max: number, range: IdRange): UserIdPool {
  const pool = UserIdPool.create(max);
  const words = new Int32Array(pool.buffer);
  const wordCount = Math.ceil(max / 32);
  for (let i = 0; i < wordCount; i++) {
    let mask = 0;
    for (let b = 0; b < 32; b++) {
      const id = i * 32 + b + 1;
      if (id < range.lo || id > range.hi) mask |= 1 << b;
    }
    words[i + 1] = mask;
  }
  words[0] = range.hi >= range.lo ? (range.lo - 1) >>> 5 : 0;
  return pool;
}
