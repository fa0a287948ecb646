import { iqAnswer, type StepAnswer } from '../../../xmpp/index.js';
import { XloadError } from '../../../errors.js';
import type { Match, Pending, ReplyMatcher } from '../pending.js';
import type { VmUser } from '../user-api.js';

/**
 * A login step's answer (src/xmpp/login) as a reply matcher's: Reply and Match have the
 * same values (step-match.test.ts), so this costs nothing.
 */
export function asMatch(r: StepAnswer): Match | XloadError {
  return r as unknown as Match | XloadError;
}

/** The reply to an iq is the iq with the same id (RFC 6120 §8.2.3): result, or error. */
export const iqReply: ReplyMatcher = (_u, f, p) => asMatch(iqAnswer(f, p.id));

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
