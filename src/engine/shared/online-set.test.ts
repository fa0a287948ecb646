import { describe, expect, it } from 'vitest';
import { OnlineSet } from './online-set.js';

function lcg(seed: number): () => number {
  return () => (seed = (seed * 48271) % 2147483647) / 2147483647;
}

function join(s: OnlineSet, id: number): void {
  s.setConnected(id, true);
  s.setOnline(id, true);
}

describe('OnlineSet (dense index)', () => {
  it('picks uniformly among the online users other than self, whatever the table size', () => {
    const s = OnlineSet.create(100_000);
    for (const id of [5, 70_000, 99_999, 12]) join(s, id);
    const rnd = lcg(7);
    const counts = new Map<number, number>();
    for (let i = 0; i < 3000; i++) {
      const id = s.pickOnline(12, rnd);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([5, 70_000, 99_999]);
    for (const c of counts.values()) expect(c).toBeGreaterThan(850);
    expect(s.onlineCount()).toBe(4);
    expect(s.audit()).toEqual([]);
  });

  it('returns 0 when self is the only one online, and after everyone left', () => {
    const s = OnlineSet.create(10);
    const rnd = lcg(3);
    expect(s.pickOnline(1, rnd)).toBe(0);
    join(s, 4);
    expect(s.pickOnline(4, rnd)).toBe(0);
    expect(s.pickOnline(0, rnd)).toBe(4);
    s.setOnline(4, false);
    expect(s.isConnected(4)).toBe(true);
    expect(s.pickOnline(0, rnd)).toBe(0);
    join(s, 4);
    s.setConnected(4, false);
    expect(s.isOnline(4)).toBe(false);
    expect(s.onlineCount()).toBe(0);
    expect(s.audit()).toEqual([]);
  });

  it('swap-removes from the middle and never holds a slot twice', () => {
    const s = OnlineSet.create(50);
    for (let id = 1; id <= 50; id++) join(s, id);
    for (let id = 1; id <= 50; id += 3) s.setConnected(id, false);
    for (let id = 1; id <= 50; id++) s.setOnline(id, true); // again: no duplicates
    expect(s.audit()).toEqual([]);
    expect(s.onlineCount()).toBe(50);
    expect(s.pickOnline(0, lcg(1))).toBeGreaterThan(0);
  });

  it('ignores out-of-range slots instead of corrupting the table', () => {
    const s = OnlineSet.create(10);
    s.setConnected(11, true);
    s.setOnline(-1, true);
    s.setOnline(0, true);
    s.apply([11, 3, 0, 3, 2.5, 3]);
    expect(s.onlineCount()).toBe(0);
    expect(s.isOnline(11)).toBe(false);
  });

  it('journals local changes once per slot and never lets another node overwrite a local user', () => {
    const a = OnlineSet.create(20, true);
    expect(a.hasChanges()).toBe(false);
    join(a, 3);
    a.setOnline(3, false);
    a.setOnline(3, true);
    join(a, 9);
    expect(a.collect()).toEqual([3, 3, 9, 3]);
    expect(a.hasChanges()).toBe(false);
    // Another node says 3 is gone: 3 is this node's user, so it stays.
    a.apply([3, 0, 15, 3]);
    expect(a.isOnline(3)).toBe(true);
    expect(a.isOnline(15)).toBe(true);
    // Applying others' news is not journaled back.
    expect(a.collect()).toEqual([]);
    // A local user taking slot 15 (a CSV name) drops what the other node said about it.
    a.setConnected(15, true);
    expect(a.isOnline(15)).toBe(false);
    expect(a.collect()).toEqual([15, 1]);
    // Off-changes to a slot no local user holds are not this node's.
    a.apply([16, 3]);
    a.setConnected(16, false);
    expect(a.isOnline(16)).toBe(true);
    expect(a.audit()).toEqual([]);
  });

  it('does not journal in a single-node run', () => {
    const s = OnlineSet.create(20);
    join(s, 2);
    expect(s.hasChanges()).toBe(false);
    expect(s.collect()).toEqual([]);
  });

  it('attach() finds the size create() gave', () => {
    const s = OnlineSet.create(1234, true);
    const t = OnlineSet.attach(s.buffer);
    expect(t.max).toBe(1234);
    join(s, 1234);
    expect(t.isOnline(1234)).toBe(true);
    expect(t.collect()).toEqual([1234, 3]);
  });
});
