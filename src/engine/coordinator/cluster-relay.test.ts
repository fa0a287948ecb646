import { describe, expect, it } from 'vitest';
import { ClusterRelay } from './cluster-relay.js';

describe('ClusterRelay', () => {
  it('relays online changes and remote arrivals to the other nodes only', () => {
    const r = new ClusterRelay(3, 1024);
    const out = r.onSync({ type: 'sync', node: 1, online: [5, 3], arrivals: 2, issued: 0 });
    expect(out.map((o) => o.node)).toEqual([0, 2]);
    expect(out[0]!.msg).toEqual({ type: 'relay', online: [5, 3], remoteArrivals: 2 });
    r.onSync({ type: 'sync', node: 0, online: [], arrivals: 1, issued: 0 });
    const again = r.onSync({ type: 'sync', node: 2, online: [], arrivals: 4, issued: 0 });
    expect(again.find((o) => o.node === 0)!.msg).toMatchObject({ remoteArrivals: 6 });
    expect(again.find((o) => o.node === 1)!.msg).toMatchObject({ remoteArrivals: 5 });
    expect(r.onSync({ type: 'sync', node: 2, online: [], arrivals: 4, issued: 0 })).toEqual([]);
  });

  it('settles delivery exactly across seq spaces: delivered, duplicated, lost, in flight', () => {
    const size = 1024;
    const r = new ClusterRelay(2, size);
    // Node 0 sent seqs 0..9, node 1 sent 1024..1019+... (10 each).
    r.onSync({ type: 'sync', node: 0, online: [], arrivals: 0, issued: 10 });
    r.onSync({ type: 'sync', node: 1, online: [], arrivals: 0, issued: 10 });
    r.sample(1000);
    // Node 0 received 8 of node 1's, node 1 received all 10 of node 0's, one twice.
    expect(r.onReceived(0, [1024, 1025, 1026, 1027, 1028, 1029, 1030, 1031])).toBe(8);
    expect(r.onReceived(1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 9])).toBe(11);
    // Two more from node 1 after the last sample, never received.
    r.onSync({ type: 'sync', node: 1, online: [], arrivals: 0, issued: 12 });
    const whole = r.settle(20, { cut: false, endedAt: 10_000, windowMs: 5000 });
    expect(whole).toEqual({ sent: 22, delivered: 18, duplicated: 1, lost: 4, in_flight: 0 });
    // Cut short right after: what was issued after the sample at t=1000 is in flight.
    const cut = r.settle(22, { cut: true, endedAt: 6000, windowMs: 5000 });
    expect(cut).toEqual({ sent: 22, delivered: 18, duplicated: 1, lost: 2, in_flight: 2 });
  });

  it("counts each node's connected users from the online changes it syncs", () => {
    const r = new ClusterRelay(2, 1024, 100);
    r.onSync({ type: 'sync', node: 1, online: [60, 1, 61, 3, 62, 1], arrivals: 0, issued: 0 });
    expect(r.connectedOn(1)).toBe(3);
    r.onSync({ type: 'sync', node: 1, online: [60, 0, 61, 1], arrivals: 0, issued: 0 });
    expect(r.connectedOn(1)).toBe(2);
    expect(r.connectedOn(0)).toBe(0);
  });

  it('counts a CSV name slot on the node that holds it, whatever order the nodes report in', () => {
    const r = new ClusterRelay(2, 1024, 10);
    // Slot 500 (beyond userid_max: a CSV name) moves from node 0 to node 1; node 1's
    // login arrives before node 0's logout.
    r.onSync({ type: 'sync', node: 0, online: [500, 3], arrivals: 0, issued: 0 });
    r.onSync({ type: 'sync', node: 1, online: [500, 3], arrivals: 0, issued: 0 });
    r.onSync({ type: 'sync', node: 0, online: [500, 0], arrivals: 0, issued: 0 });
    expect(r.connectedOn(0)).toBe(0);
    expect(r.connectedOn(1)).toBe(1);
  });
});
