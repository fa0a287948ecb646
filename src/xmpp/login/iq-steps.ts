/**
 * The iq steps of a login, as answers to one frame: resource binding (RFC 6120 §7), the
 * RFC 3921 session, and XEP-0078 iq:auth. The request stanzas are in stanzas.ts.
 */
import { SaslError, StanzaError } from '../errors.js';
import { unescapeXml } from '../escape.js';
import type { Frame } from '../framer.js';
import { iqAnswer, type StepAnswer } from './reply.js';

/** Done on the bind result; the JID is read with boundJid(). */
export const bindAnswer = iqAnswer;

/** Done on the session result. */
export const sessionAnswer = iqAnswer;

const JID = /<jid>([^<]+)<\/jid>/;

/** The full JID of a bind result (§7.6.1), or null. Read from the raw text: no DOM per login. */
export function boundJid(raw: string): string | null {
  const m = JID.exec(raw);
  return m ? unescapeXml(m[1]!.trim()) : null;
}

/** XEP-0078 §3.1: an empty result; an error is a failed login, counted auth_failed like SASL's. */
export function legacyAuthAnswer(f: Frame, id: string | null): StepAnswer {
  const r = iqAnswer(f, id);
  return r instanceof StanzaError ? new SaslError(r.condition) : r;
}
