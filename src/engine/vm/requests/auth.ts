import {
  bindIq,
  createSaslClient,
  legacyAuthGet,
  legacyAuthSetDigest,
  legacyAuthSetPlain,
  parseElement,
  registerIq,
  SaslError,
  saslAuth,
  saslResponse,
  sessionIq,
  StanzaError,
  type SaslClient,
} from '../../../xmpp/index.js';
import { chooseSasl, tlsSocketOf, type ChannelBindingType } from '../../../xmpp/sasl/index.js';
import { XloadError } from '../../../errors.js';
import { countSaslLogin, rememberAuth } from './auth-memory.js';
import { NotConnectedError } from '../errors.js';
import { Match, type ReplyMatcher } from '../pending.js';
import { iqReply, sendIq } from './iq-reply.js';
import { detach } from '../detach.js';
import { Sent, type RequestHandler } from './sent.js';
import { failed } from '../user-api.js';
import { METRIC } from '../../../stats/metric-names.js';

/**
 * auth_sasl sends PLAIN, as Tsung does, so a Tsung scenario puts the same load on the
 * server; the xload attribute `mechanism` names another one (SCRAM-*-PLUS bind to the TLS
 * connection, `channel_binding` picks the type), or `auto` for the strongest the server
 * offers (RFC 6120 §6), -PLUS first over TLS.
 */
export const authSasl: RequestHandler = (u, req, p) => saslStart(u, p, req.mechanism ?? 'PLAIN', req.channelBinding ?? 'auto');

export const authSaslAnonymous: RequestHandler = (u, _req, p) => saslStart(u, p, 'ANONYMOUS', 'auto');

interface SaslState {
  client: SaslClient;
  binding: string | undefined;
}

function saslStart(u: Parameters<RequestHandler>[0], p: Parameters<RequestHandler>[2], wanted: string, cb: ChannelBindingType | 'auto'): Sent {
  const conn = u.conn;
  if (!conn) return notConnected(u, p.req.type);
  const tls = tlsSocketOf(conn);
  const choice = chooseSasl({
    wanted,
    offered: u.features?.mechanisms ?? [],
    tls,
    channelBinding: cb,
    advertisedBindings: u.features?.channelBindings ?? null,
  });
  if (choice instanceof XloadError) {
    u.end(failed(choice));
    return Sent.Skipped;
  }
  const client = createSaslClient(choice.mechanism, { username: u.username, password: u.password }, choice.opts);
  // A reconnect after a drop logs in the same way (auth-memory.ts).
  rememberAuth(u, { mechanism: choice.mechanism, channelBinding: cb, encrypted: conn.encrypted });
  const state: SaslState = { client, binding: choice.opts.channelBinding?.type };
  p.state = state;
  p.metric = METRIC.auth;
  p.matcher = saslReply;
  conn.send(saslAuth(client.mechanism, client.initial()));
  return Sent.AwaitReply;
}

/** SASL exchange (RFC 6120 §6.4): challenges are answered until success or failure. */
const saslReply: ReplyMatcher = (u, f, p) => {
  const { client, binding } = p.state as SaslState;
  switch (f.name) {
    case 'challenge':
      u.conn?.send(saslResponse(client.challenge(innerText(f.raw))));
      return Match.Consumed;
    case 'success':
      try {
        client.success(innerText(f.raw));
      } catch (err) {
        return err instanceof XloadError ? err : new SaslError('server-signature-mismatch');
      }
      countSaslLogin(u, client.mechanism, binding);
      return Match.Done;
    case 'failure':
      return SaslError.fromElement(parseElement(f.raw));
    default:
      return Match.NotMine;
  }
};

/** Resource binding (RFC 6120 §7); the bound JID is kept for later requests. */
export const authSaslBind: RequestHandler = (u, req, p) => {
  if (!sendIq(u, p, (id) => bindIq(id, req.resource), bindReply)) return notConnected(u, req.type);
  return Sent.AwaitReply;
};

const bindReply: ReplyMatcher = (u, f, p) => {
  const r = iqReply(u, f, p);
  if (r === Match.Done) {
    const m = /<jid>([^<]+)<\/jid>/.exec(f.raw);
    if (m) u.setJid(detach(m[1]!));
  }
  return r;
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
const legacyAuthReply: ReplyMatcher = (u, f, p) => {
  const r = iqReply(u, f, p);
  if (r instanceof StanzaError) return new SaslError(r.condition);
  return r;
};

/** In-band registration (XEP-0077 §3.1). */
export const register: RequestHandler = (u, req, p) => {
  if (!sendIq(u, p, (id) => registerIq(id, u.username, u.password))) return notConnected(u, req.type);
  return Sent.AwaitReply;
};

function notConnected(u: Parameters<RequestHandler>[0], type: string): Sent {
  u.end(failed(new NotConnectedError(type)));
  return Sent.Skipped;
}

/** The base64 payload between a SASL element's tags ('' for none or '='). */
function innerText(raw: string): string {
  const start = raw.indexOf('>');
  const end = raw.lastIndexOf('</');
  if (start < 0 || end < start || raw[start - 1] === '/') return '';
  const t = raw.slice(start + 1, end).trim();
  return t === '=' ? '' : t;
}
