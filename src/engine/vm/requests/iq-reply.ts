import { parseElement, StanzaError } from '../../../xmpp/index.js';
import { XloadError } from '../../../errors.js';
import { Match, type Pending, type ReplyMatcher } from '../pending.js';
import type { VmUser } from '../user-api.js';

/** The reply to an iq is the iq with the same id (RFC 6120 §8.2.3): result, or error. */
export const iqReply: ReplyMatcher = (_u, f, p) => {
  if (f.name !== 'iq' || f.attrs.id !== p.id) return Match.NotMine;
  if (f.attrs.type === 'result') return Match.Done;
  if (f.attrs.type === 'error') return StanzaError.fromElement(parseElement(f.raw));
  return Match.NotMine;
};

/** Sends an iq built for a fresh id and waits for its reply. */
export function sendIq(u: VmUser, p: Pending, build: (id: string) => string, matcher: ReplyMatcher = iqReply): boolean {
  const conn = u.conn;
  if (!conn) return false;
  p.id = u.host.nextStanzaId();
  p.matcher = matcher;
  conn.send(build(p.id));
  return true;
}

export function isXloadError(x: unknown): x is XloadError {
  return x instanceof XloadError;
}
