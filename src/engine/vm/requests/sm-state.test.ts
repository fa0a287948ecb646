import { describe, expect, it } from 'vitest';
import type { Frame, XmppTransport } from '../../../xmpp/index.js';
import { ShardRecorder } from '../../../stats/recorder.js';
import type { VmUser } from '../user-api.js';
import type { UserExtensions } from '../user-ext.js';
import { makeStampedBody } from '../stamp.js';
import { SM_ASK_EVERY, smOf, smOnFrame, smSendControl, smSent, smStart } from './sm-state.js';
import { smResumed, smResumeFailed } from './sm-resume.js';

/** A transport that only records what is written, calling onSend as the real ones do. */
function fakeConn(): XmppTransport & { wire: string[] } {
  const c = {
    wire: [] as string[],
    onSend: null as ((d: string) => void) | null,
    send(d: string): boolean {
      c.wire.push(d);
      c.onSend?.(d);
      return true;
    },
  };
  return c as unknown as XmppTransport & { wire: string[] };
}

/** The few members of a user that stream management touches, its extension slot included. */
function fakeUser(conn: XmppTransport): VmUser & { stats: ShardRecorder } {
  const stats = new ShardRecorder();
  const u = { conn, host: { stats }, stats, ext: null as UserExtensions | null, extensions: () => (u.ext ??= {}) };
  return u as unknown as VmUser & { stats: ShardRecorder };
}

const frame = (name: string, attrs: Record<string, string> = {}): Frame => ({ name, attrs, raw: `<${name}/>` });
const chat = (seq: number): string => `<message to='a@b' type='chat'><body>${makeStampedBody('run', seq, 1, 0)}</body></message>`;

describe('XEP-0198 outbound queue', () => {
  it('keeps a copy of every stanza until <a h/> covers it; SM elements are not stanzas', () => {
    const conn = fakeConn();
    const u = fakeUser(conn);
    const s = smStart(u, conn, 'id1');
    conn.send('<presence/>');
    conn.send(chat(0));
    smSendControl(s, conn, "<r xmlns='urn:xmpp:sm:3'/>");
    conn.send(chat(1));
    expect(smSent(s)).toBe(3);
    expect(s.unacked).toHaveLength(3);
    smOnFrame(u, s, frame('a', { h: '2' }));
    expect(s.acked).toBe(2);
    expect(s.unacked).toEqual([chat(1)]);
    smOnFrame(u, s, frame('message'));
    smOnFrame(u, s, frame('r'));
    expect(conn.wire.at(-1)).toContain("h='1'");
    expect(s.unacked).toEqual([chat(1)]);
  });

  it(`asks for an ack itself after ${SM_ASK_EVERY} unacked stanzas, once until answered`, () => {
    const conn = fakeConn();
    const u = fakeUser(conn);
    const s = smStart(u, conn, null);
    for (let i = 0; i < SM_ASK_EVERY * 2; i++) conn.send('<presence/>');
    expect(conn.wire.filter((w) => w.startsWith('<r ')).length).toBe(1);
    smOnFrame(u, s, frame('a', { h: String(SM_ASK_EVERY * 2) }));
    expect(s.unacked).toHaveLength(0);
    expect(u.stats.takeSnapshot().counters.sm_requests_auto).toBe(1);
  });

  it('<resumed h/>: drops what the server had and retransmits the rest, in order, before anything new', () => {
    const old = fakeConn();
    const u = fakeUser(old);
    const s = smStart(u, old, 'id1');
    for (let i = 0; i < 5; i++) old.send(chat(i));
    smOnFrame(u, s, frame('a', { h: '1' }));
    smOnFrame(u, s, frame('message'));
    s.sentAtDrop = smSent(s);
    const fresh = fakeConn();
    smResumed(u, fresh, 3);
    expect(fresh.wire).toEqual([chat(3), chat(4)]);
    fresh.send('<presence/>');
    const now = smOf(u)!;
    expect(now.h).toBe(1);
    expect(now.acked).toBe(3);
    expect(smSent(now)).toBe(6);
    expect(now.unacked).toEqual([chat(3), chat(4), '<presence/>']);
    expect(u.stats.takeSnapshot().counters.sm_replayed).toBe(2);
  });

  it('<failed/>: the unacked are lost, the stamped chats among them counted as such', () => {
    const conn = fakeConn();
    const u = fakeUser(conn);
    smStart(u, conn, 'id1');
    conn.send(chat(0));
    conn.send('<presence/>');
    conn.send(chat(1));
    conn.send(chat(2));
    smResumeFailed(u, 1);
    expect(smOf(u)).toBeUndefined();
    const c = u.stats.takeSnapshot().counters;
    expect(c.sm_resume_failed).toBe(1);
    expect(c.sm_unacked_lost).toBe(3);
    expect(c.messages_lost_sm_failed).toBe(2);
  });
});
