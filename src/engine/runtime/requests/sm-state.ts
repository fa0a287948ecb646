/**
 * Stream management (XEP-0198) counters of one user's stream, kept beside the user (most
 * users never enable it). `h` counts the stanzas we handled (§4: message, presence, iq),
 * `sent` the stanzas we wrote since enabling, `acked` the last h the server reported.
 * At a drop, `sent - acked` stanzas were on their way with no proof of arrival.
 */
import type { Frame, XmppTransport } from '../../../xmpp/index.js';
import { smAck } from '../../../xmpp/index.js';
import type { User } from '../user.js';

export interface SmState {
  /** Resumption id from `<enabled/>` (§5), or null when the server will not resume. */
  id: string | null;
  h: number;
  acked: number;
  /** conn.stanzasOut when enabled, and our own `<r/>`/`<a/>` since, to count stanzas only. */
  outBase: number;
  control: number;
  /** Our outbound stanza count at the moment of a drop (for `<resumed h>` accounting). */
  sentAtDrop: number;
}

const states = new WeakMap<User, SmState>();

export function smOf(u: User): SmState | undefined {
  return states.get(u);
}

export function smStart(u: User, conn: XmppTransport, id: string | null): SmState {
  const s: SmState = { id, h: 0, acked: 0, outBase: conn.stanzasOut, control: 0, sentAtDrop: 0 };
  states.set(u, s);
  return s;
}

export function smForget(u: User): void {
  states.delete(u);
}

/** Stanzas written since enabling (not counting SM's own elements). */
export function smSent(s: SmState, conn: XmppTransport): number {
  return conn.stanzasOut - s.outBase - s.control;
}

/** Sends one SM element (`<r/>` or `<a/>`), which the peer does not count. */
export function smSendControl(s: SmState, conn: XmppTransport, xml: string): void {
  if (conn.send(xml)) s.control++;
}

/** The inbound side: count stanzas, answer `<r/>` (§4), take in `<a/>`. */
export function smOnFrame(u: User, s: SmState, f: Frame): void {
  switch (f.name) {
    case 'message':
    case 'presence':
    case 'iq':
      s.h++;
      return;
    case 'r':
      if (u.conn) smSendControl(s, u.conn, smAck(s.h));
      return;
    case 'a': {
      const h = Number(f.attrs.h);
      if (Number.isFinite(h)) s.acked = h;
      u.host.stats.count('sm_acks_received');
      return;
    }
    default:
      return;
  }
}
