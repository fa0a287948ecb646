/**
 * Tsung's step-by-step login requests. Each exchange is a step of the one login flow
 * (src/xmpp/login): the SASL exchange, bind, session and iq:auth answers are the flow's,
 * so a protocol fix lands once; what stays here is the engine's bookkeeping (the auth
 * metric, login counters, the way to log in again after a drop).
 */
import {
  bindAnswer,
  boundJid,
  bindIq,
  legacyAuthAnswer,
  legacyAuthGet,
  legacyAuthSetDigest,
  legacyAuthSetPlain,
  registerIq,
  Reply,
  SaslStep,
  sessionIq,
} from '../../../xmpp/index.js';
import type { ChannelBindingType } from '../../../xmpp/sasl/index.js';
import { XloadError } from '../../../errors.js';
import { countSaslLogin, rememberAuth } from './auth-memory.js';
import type { ReplyMatcher } from '../pending.js';
import { asMatch, sendIq } from './iq-reply.js';
import { detach } from '../detach.js';
import { notConnected } from './not-connected.js';
import { Sent, type RequestHandler } from './sent.js';
import { METRIC } from '../../../stats/metric-names.js';
import { failed } from '../user-api.js';

/**
 * auth_sasl sends PLAIN, as Tsung does, so a Tsung scenario puts the same load on the
 * server; the xload attribute `mechanism` names another one (SCRAM-*-PLUS bind to the TLS
 * connection, `channel_binding` picks the type), or `auto` for the strongest the server
 * offers (RFC 6120 §6), -PLUS first over TLS.
 */
export const authSasl: RequestHandler = (u, req, p) => saslStart(u, p, req.mechanism ?? 'PLAIN', req.channelBinding ?? 'auto');

export const authSaslAnonymous: RequestHandler = (u, _req, p) => saslStart(u, p, 'ANONYMOUS', 'auto');

/** Starts the flow's SASL step on the user's connection; its reply matcher runs the exchange. */
export function saslStart(
  u: Parameters<RequestHandler>[0],
  p: Parameters<RequestHandler>[2],
  wanted: string,
  cb: ChannelBindingType | 'auto',
): Sent {
  const conn = u.conn;
  if (!conn) return notConnected(u, p.req.type);
  // Tsung sends the mechanism whether or not the server lists it.
  const want = { mechanism: wanted, channelBinding: cb, sendUnoffered: true };
  const step = SaslStep.start(conn, want, { username: u.username, password: u.password }, u.domain, u.features);
  if (step instanceof XloadError) {
    u.end(failed(step));
    return Sent.Skipped;
  }
  // A reconnect after a drop logs in the same way (auth-memory.ts).
  rememberAuth(u, { mechanism: step.mechanism, channelBinding: cb, encrypted: conn.encrypted });
  p.state = step;
  p.metric = METRIC.auth;
  p.matcher = saslReply;
  return Sent.AwaitReply;
}

/** SASL exchange (RFC 6120 §6.4): challenges are answered until success or failure. */
const saslReply: ReplyMatcher = (u, f, p) => {
  const step = p.state as SaslStep;
  const r = step.onFrame(f);
  if (r === Reply.Done) countSaslLogin(u, step.mechanism, step.channelBinding);
  return asMatch(r);
};

/** Resource binding (RFC 6120 §7); the bound JID is kept for later requests. */
export const authSaslBind: RequestHandler = (u, req, p) => {
  if (!sendIq(u, p, (id) => bindIq(id, req.resource), bindReply)) return notConnected(u, req.type);
  return Sent.AwaitReply;
};

const bindReply: ReplyMatcher = (u, f, p) => {
  const r = bindAnswer(f, p.id);
  if (r === Reply.Done) {
    const jid = boundJid(f.raw);
    if (jid) u.setJid(detach(jid));
  }
  return asMatch(r);
};

/** The legacy session iq (RFC 3921 §3): servers that list it as optional still answer it. */
export const authSaslSession: RequestHandler = (u, req, p) => {
  if (!sendIq(u, p, (id) => sessionIq(id, u.domain))) return notConnected(u, req.type);
  return Sent.AwaitReply;
};

/** XEP-0078 (iq:auth): get the fields, then set plain or digest. */
export const authGet: RequestHandler = (u, req, p) => {
  if (!sendIq(u, p, (id) => legacyAuthGet(id, u.username))) return notConnected(u, req.type);
  return Sent.AwaitReply;
};

export const authSetPlain: RequestHandler = (u, req, p) => {
  p.metric = METRIC.auth;
  if (!sendIq(u, p, (id) => legacyAuthSetPlain(id, u.username, u.password, req.resource), legacyAuthReply)) {
    return notConnected(u, req.type);
  }
  return Sent.AwaitReply;
};

export const authSetDigest: RequestHandler = (u, req, p) => {
  p.metric = METRIC.auth;
  // Tsung scenarios capture the stream id into %%_sid%% with a regexp on the stream
  // header; the connection already knows it, whatever quoting the server used.
  const sid = u.vars?.get('sid') || u.conn?.streamId || '';
  if (!sendIq(u, p, (id) => legacyAuthSetDigest(id, u.username, sid, u.password, req.resource), legacyAuthReply)) {
    return notConnected(u, req.type);
  }
  return Sent.AwaitReply;
};

/** A legacy auth error is a failed login, counted as auth_failed like a SASL failure. */
export const legacyAuthReply: ReplyMatcher = (_u, f, p) => asMatch(legacyAuthAnswer(f, p.id));

/** In-band registration (XEP-0077 §3.1). */
export const register: RequestHandler = (u, req, p) => {
  if (!sendIq(u, p, (id) => registerIq(id, u.username, u.password))) return notConnected(u, req.type);
  return Sent.AwaitReply;
};
