import { describe, expect, it } from 'vitest';
import { ShardRecorder } from '../../stats/recorder.js';
import { decodeHistogram } from '../../stats/hdr.js';
import { attachSharedState, createSharedBuffers } from '../shared/shared-state.js';
import { accountStamped } from './inbound.js';
import { makeStampedBody } from './stamp.js';
import type { User } from './user.js';

function receiver(now: number): User & { stats: ShardRecorder } {
  const stats = new ShardRecorder();
  const host = { runId: 'r1', stats, shared: attachSharedState(createSharedBuffers(10, 1)), now: () => now };
  return { host, stats } as unknown as User & { stats: ShardRecorder };
}

const live = (seq: number, sentAt: number): string =>
  `<message from='a@localhost/x' type='chat'><body>${makeStampedBody('r1', seq, sentAt, 0)}</body></message>`;
// What ejabberd's mod_offline and Prosody's mod_offline add to a stored message (XEP-0203).
const stored = (seq: number, sentAt: number): string =>
  `<message from='a@localhost/x' type='chat'><body>${makeStampedBody('r1', seq, sentAt, 0)}</body>` +
  `<delay xmlns='urn:xmpp:delay' from='localhost' stamp='2026-01-01T00:00:00Z'>Offline Storage</delay></message>`;

describe('accountStamped', () => {
  it('a live delivery is one xmpp_msg_latency sample; a copy of it is a duplicate, not a second sample', () => {
    const u = receiver(1_010);
    const seq = u.host.shared.ledger.nextSeq();
    accountStamped(u, live(seq, 1_000));
    accountStamped(u, live(seq, 1_000));
    const snap = u.stats.takeSnapshot();
    expect(snap.counters.messages_delivered).toBe(1);
    expect(snap.counters.messages_duplicated).toBe(1);
    expect(decodeHistogram(snap.metrics.xmpp_msg_latency!).totalCount).toBe(1);
  });

  it('a delivery from offline storage (XEP-0203 delay) is delivered, counted apart, with its own histogram', () => {
    const u = receiver(18_000);
    const a = u.host.shared.ledger.nextSeq();
    const b = u.host.shared.ledger.nextSeq();
    accountStamped(u, stored(a, 1_000));
    accountStamped(u, live(b, 17_999));
    const snap = u.stats.takeSnapshot();
    expect(snap.counters.messages_delivered).toBe(2);
    expect(snap.counters.messages_delivered_offline).toBe(1);
    expect(decodeHistogram(snap.metrics.xmpp_msg_latency!).totalCount).toBe(1);
    const offline = decodeHistogram(snap.metrics.xmpp_msg_offline_latency!);
    expect(offline.totalCount).toBe(1);
    expect(offline.maxValue / 1000).toBeGreaterThan(16_900);
  });

  it('a stamp of another run is foreign, never delivered', () => {
    const u = receiver(5);
    accountStamped(u, live(0, 1).replace('r1', 'r0'));
    const snap = u.stats.takeSnapshot();
    expect(snap.counters.messages_foreign).toBe(1);
    expect(snap.counters.messages_delivered).toBeUndefined();
  });
});
