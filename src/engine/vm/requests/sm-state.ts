/**
 * Stream management (XEP-0198) state of one user's stream, kept beside the user (most
 * users never enable it). `h` counts the stanzas we handled (§4: message, presence, iq),
 * `sent` the stanzas we wrote since enabling, `acked` the last h the server reported, and
 * `unacked` holds the stanzas after `acked` (§4: "the client SHOULD keep a copy of every
 * stanza it sends until acknowledged"), so a resumption can retransmit them (§5).
 */
import type { Frame, XmppTransport } from '../../../xmpp/index.js';
import { smAck, smRequest } from '../../../xmpp/index.js';
import type { VmUser } from '../user-api.js';
import type { SmState } from '../user-ext.js';
import { COUNTER } from '../../../stats/metric-names.js';

export type { SmState } from '../user-ext.js';

/**
 * Unacked stanzas that make us ask for an ack (`<r/>`) ourselves, as real clients do, so
 * the copies kept for retransmission stay bounded (16 stanzas, ~4 KB a user) when the
 * scenario never asks.
 */
export const SM_ASK_EVERY = 16;

export function smOf(u: VmUser): SmState | undefined {
  return u.ext?.sm;
}

/** SM is on for `conn` from now (§3 `<enabled/>`): counts start at zero. */
export function smStart(u: VmUser, conn: XmppTransport, id: string | null): SmState {
  const s: SmState = { id, h: 0, acked: 0, sent: 0, unacked: [], asked: false, inControl: false, sentAtDrop: 0, dropped: false };
  u.extensions().sm = s;
  track(u, s, conn);
  return s;
}

export function smForget(u: VmUser): void {
  if (u.ext) delete u.ext.sm;
}

/** Stanzas written since enabling (not counting SM's own elements); `conn` is no longer needed. */
export function smSent(s: SmState, _conn?: XmppTransport): number {
  return s.sent;
}

/** Sends one SM element (`<r/>`, `<a/>`) or other nonza, which the peer does not count. */
export function smSendControl(s: SmState, conn: XmppTransport, xml: string): void {
  s.inControl = true;
  try {
    conn.send(xml);
  } finally {
    s.inControl = false;
  }
}

/** Every stanza written on `conn` is kept until acked; past SM_ASK_EVERY we ask for an ack. */
function track(u: VmUser, s: SmState, conn: XmppTransport): void {
  conn.onSend = (data) => {
    if (s.inControl) return;
    s.sent++;
    s.unacked.push(data);
    if (!s.asked && s.unacked.length >= SM_ASK_EVERY) {
      s.asked = true;
      u.host.stats.count(COUNTER.smRequestsAuto);
      smSendControl(s, conn, smRequest());
    }
  };
}

/** The server has handled `h` of our stanzas (§4 `<a h/>`, §5 `<resumed h/>`): drop their copies. */
export function smAcked(s: SmState, h: number): void {
  if (!Number.isFinite(h)) return;
  // §4: h wraps at 2^32; the difference modulo 2^32 is how many more were handled.
  const n = Math.min(s.unacked.length, (h - s.acked) >>> 0);
  if (n > 0) s.unacked.splice(0, n);
  s.acked = h;
}

/** The inbound side: count stanzas, answer `<r/>` (§4), take in `<a/>`. */
export function smOnFrame(u: VmUser, s: SmState, f: Frame): void {
  switch (f.name) {
    case 'message':
    case 'presence':
    case 'iq':
      s.h++;
      return;
    case 'r':
      if (u.conn) smSendControl(s, u.conn, smAck(s.h));
      return;
    case 'a':
      smAcked(s, Number(f.attrs.h));
      s.asked = false;
      u.host.stats.count(COUNTER.smAcksReceived);
      return;
    default:
      return;
  }
}
