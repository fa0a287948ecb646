import { describe, expect, it } from 'vitest';
import { UserIdPool } from './user-ids.js';

describe('UserIdPool', () => {
  it('hands out the lowest free id and reuses released ids first', () => {
    const pool = UserIdPool.create(100);
    const got = Array.from({ length: 40 }, () => pool.acquire());
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    pool.release(7);
    pool.release(35);
    expect(pool.acquire()).toBe(7);
    expect(pool.acquire()).toBe(35);
    expect(pool.acquire()).toBe(41);
  });

  it('returns 0 when every id is taken', () => {
    const pool = UserIdPool.create(33);
    for (let i = 1; i <= 33; i++) expect(pool.acquire()).toBe(i);
    expect(pool.acquire()).toBe(0);
    pool.release(33);
    expect(pool.acquire()).toBe(33);
  });
});
