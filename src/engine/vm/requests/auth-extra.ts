import { createHash } from 'node:crypto';
import { escapeXml, legacyAuthAnswer, ProtocolError, Reply, SaslError } from '../../../xmpp/index.js';
import type { ReplyMatcher } from '../pending.js';
import { saslStart } from './auth.js';
import { asMatch, sendIq } from './iq-reply.js';
import { notConnected } from './not-connected.js';
import { Sent, type RequestHandler } from './sent.js';
import { METRIC } from '../../../stats/metric-names.js';
import { failed } from '../user-api.js';

const md5hex = (s: string): string => createHash('md5').update(s).digest('hex');

/** Tsung's SIP digest for iq:auth (ts_digest.erl): HA1 over jid:realm:password, REGISTER HA2. */
export function sipDigest(nonce: string, jid: string, realm: string, password: string): { digest: string; integrity: string } {
  const ha1 = md5hex(`${jid}:${realm}:${password}`);
  const integrity = md5hex(`${nonce}:${md5hex(`REGISTER:${jid}`)}`);
  return { digest: md5hex(`${ha1}:${integrity}`), integrity };
}

/**
 * auth_set_sip: Tsung's iq:auth (XEP-0078) with an `xmpp:assert` SIP-digest token; the
 * nonce comes from the dynvar `nonce` (captured from the server's reply, as in Tsung).
 * Few servers know it: a refusal is a failed login (`auth_failed`).
 */
export const authSetSip: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const nonce = u.vars?.get('nonce') ?? '';
  const jid = `${u.username}@${u.domain}`;
  const { digest, integrity } = sipDigest(nonce, jid, u.domain, u.password);
  p.metric = METRIC.auth;
  const x = escapeXml;
  sendIq(
    u,
    p,
    (id) =>
      `<iq id='${x(id)}' type='set'><query xmlns='jabber:iq:auth'><username>${x(jid)}</username><resource>${x(req.resource)}</resource>` +
      `<x xmlns='xmpp:assert' version='1.0'><ContextInfo><ServiceValue><Realm>${x(u.domain)}</Realm></ServiceValue></ContextInfo>` +
      `<TokenInfo><SubjectValue><Username>${x(jid)}</Username><Password type='sip-digest' encoding='hex'>${digest}</Password>` +
      `<Nonce encoding='hex'>${x(nonce)}</Nonce><Integrity encoding='hex'>${integrity}</Integrity></SubjectValue></TokenInfo></x></query></iq>`,
    sipReply,
  );
  return Sent.AwaitReply;
};

const sipReply: ReplyMatcher = (_u, f, p) => {
  const r = legacyAuthAnswer(f, p.id);
  // XEP-0078 §3.1: success is an empty result. A result carrying the auth fields is the
  // server's answer to a request it did not understand as a login (Prosody does this).
  if (r === Reply.Done && f.raw.includes('jabber:iq:auth'))
    return new SaslError('not-authorized', 'the server answered with the auth fields');
  return asMatch(r);
};

/**
 * auth_sasl_external (XEP-0178): the identity is the TLS client certificate; the initial
 * response is empty ('='). A server that does not offer EXTERNAL on this stream is
 * reported as `auth_no_mechanism` instead of being sent a request it will refuse.
 */
export const authSaslExternal: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const offered = u.features?.mechanisms ?? [];
  if (u.features && !offered.includes('EXTERNAL')) {
    u.end(failed(new ProtocolError('auth_no_mechanism', `server does not offer SASL EXTERNAL (offers ${offered.join(', ') || 'none'})`)));
    return Sent.Skipped;
  }
  // The flow's SASL step with EXTERNAL: an empty initial response ('=', XEP-0178 §3).
  return saslStart(u, p, 'EXTERNAL', 'auto');
};
