import { describe, expect, it } from 'vitest';
import { DeliveryLedger } from './delivery-ledger.js';
import { GlobalBarrier } from './global-barrier.js';
import { OnlineSet } from './online-set.js';

describe('DeliveryLedger', () => {
  it('counts first receipts, duplicates and missing sequence numbers', () => {
    const l = DeliveryLedger.create(1000);
    const seqs = Array.from({ length: 100 }, () => l.nextSeq());
    expect(seqs[99]).toBe(99);
    for (const s of seqs.slice(0, 90)) expect(l.markReceived(s)).toBe(true);
    expect(l.markReceived(5)).toBe(false);
    expect(l.countMissing(0, l.issued())).toBe(10);
    expect(l.countMissing(0, 90)).toBe(0);
  });
});

describe('GlobalBarrier', () => {
  it('releases each generation of `size` arrivals together', () => {
    const b = GlobalBarrier.create(3);
    const t1 = b.arrive();
    const t2 = b.arrive();
    expect(b.isReleased(t1)).toBe(false);
    const t3 = b.arrive();
    expect([t1, t2, t3]).toEqual([3, 3, 3]);
    expect(b.isReleased(t1)).toBe(true);
    const t4 = b.arrive();
    expect(t4).toBe(6);
    expect(b.isReleased(t4)).toBe(false);
  });
});

describe('OnlineSet', () => {
  it('picks only online users other than self', () => {
    const s = OnlineSet.create(50);
    s.setConnected(10, true);
    s.setOnline(10, true);
    s.setConnected(20, true);
    s.setOnline(20, true);
    let seed = 1;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 20; i++) expect(s.pickOnline(10, rnd)).toBe(20);
    s.setConnected(20, false);
    expect(s.isOnline(20)).toBe(false);
    expect(s.pickOnline(10, rnd)).toBe(0);
    const off = s.pickOffline(0, 50, rnd);
    expect(off).not.toBe(10);
  });
});
