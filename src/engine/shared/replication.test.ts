import { describe, expect, it } from 'vitest';
import { createRangedPool } from './id-range.js';
import { OnlineReplica } from './online-replica.js';
import { OnlineSet } from './online-set.js';
import { RelayedBarrier } from './relayed-barrier.js';
import { attachSharedState, createNodeBuffers } from './shared-state.js';
import { SpacedLedger } from './spaced-ledger.js';

describe('createRangedPool', () => {
  it('hands out only ids of its range, lowest first', () => {
    const pool = createRangedPool(100, { lo: 34, hi: 67 });
    const got = Array.from({ length: 34 }, () => pool.acquire());
    expect(got).toEqual(Array.from({ length: 34 }, (_, i) => 34 + i));
    expect(pool.acquire()).toBe(0);
    pool.release(40);
    expect(pool.acquire()).toBe(40);
  });

  it('two nodes of one run never share an id', () => {
    const a = createRangedPool(1000, { lo: 1, hi: 500 });
    const b = createRangedPool(1000, { lo: 501, hi: 1000 });
    const ids = new Set<number>();
    for (let i = 0; i < 500; i++) {
      ids.add(a.acquire());
      ids.add(b.acquire());
    }
    expect(ids.size).toBe(1000);
    expect(Math.min(...ids)).toBe(1);
    expect(Math.max(...ids)).toBe(1000);
  });
});

describe('OnlineReplica', () => {
  it("ships only its own range's changes, and applies only others'", () => {
    const setA = OnlineSet.create(100, true);
    const setB = OnlineSet.create(100, true);
    const repA = new OnlineReplica(setA.buffer, { lo: 1, hi: 50 });
    const repB = new OnlineReplica(setB.buffer, { lo: 51, hi: 100 });
    setA.setConnected(7, true);
    setA.setOnline(7, true);
    setB.setConnected(60, true);
    const fromA = repA.collect();
    expect(fromA).toEqual([7, 3]);
    expect(repA.collect()).toEqual([]);
    repB.apply(fromA);
    repA.apply(repB.collect());
    expect(setB.isOnline(7)).toBe(true);
    expect(setA.isConnected(60)).toBe(true);
    // A stale message about B's own users never overwrites B.
    repB.apply([60, 0]);
    expect(setB.isConnected(60)).toBe(true);
    setA.setConnected(7, false);
    repB.apply(repA.collect());
    expect(setB.isOnline(7)).toBe(false);
    expect(setB.pickOnline(60, () => 0.5)).toBe(0);
  });
});

describe('SpacedLedger', () => {
  it('stamps from its own range, journals receipts and detects duplicates', () => {
    const buf = SpacedLedger.createSpace(3 * 1024, 1024, 1024);
    const l = new SpacedLedger(buf, 1024, 2048, true);
    expect(l.nextSeq()).toBe(1024);
    expect(l.nextSeq()).toBe(1025);
    expect(l.issued()).toBe(2);
    expect(l.markReceived(5)).toBe(true);
    expect(l.markReceived(5)).toBe(false);
    expect(l.markReceived(2100)).toBe(true);
    expect(l.drain()).toEqual([5, 5, 2100]);
    expect(l.drain()).toEqual([]);
    for (let i = 0; i < 1022; i++) l.nextSeq();
    expect(l.nextSeq()).toBe(-1);
    expect(l.issued()).toBe(1024);
  });

  it("is what a node's shards attach to", () => {
    const b = createNodeBuffers(100, 3, { lo: 51, hi: 100 }, { base: 1 << 20, size: 1 << 20, total: 2 << 20 });
    const s = attachSharedState(b);
    expect(s.ledger).toBeInstanceOf(SpacedLedger);
    expect(s.ledger.nextSeq()).toBe(1 << 20);
    expect(s.userIds.acquire()).toBe(51);
    expect(s.barrier).toBeInstanceOf(RelayedBarrier);
  });
});

describe('RelayedBarrier', () => {
  it('releases a generation when arrivals on all nodes add up to its size', () => {
    const a = RelayedBarrier.createRelayed(4);
    const b = RelayedBarrier.createRelayed(4);
    const ta = [a.arrive(), a.arrive()];
    const tb = [b.arrive(), b.arrive()];
    expect(ta).toEqual([4, 4]);
    expect(a.isReleased(4)).toBe(false);
    // The coordinator relays each node's own count to the other.
    a.addRemote(b.localArrivals());
    b.addRemote(a.localArrivals());
    expect(a.isReleased(ta[0]!)).toBe(true);
    expect(b.isReleased(tb[0]!)).toBe(true);
    expect(a.localArrivals()).toBe(2);
  });
});
