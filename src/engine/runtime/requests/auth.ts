import {
  bindIq,
  createSaslClient,
  isSupportedMechanism,
  legacyAuthGet,
  legacyAuthSetDigest,
  legacyAuthSetPlain,
  parseElement,
  pickMechanism,
  ProtocolError,
  registerIq,
  SaslError,
  saslAuth,
  saslResponse,
  sessionIq,
  StanzaError,
  type SaslClient,
} from '../../../xmpp/index.js';
import { XloadError } from '../../../errors.js';
import { NotConnectedError } from '../errors.js';
import { Match, type ReplyMatcher } from '../pending.js';
import { iqReply, sendIq } from './iq-reply.js';
import { detach } from '../detach.js';
import { Sent, type RequestHandler } from './sent.js';

/**
 * auth_sasl sends PLAIN, as Tsung does, so a Tsung scenario puts the same load on the
 * server; the xload attribute `mechanism` names another one, or `auto` for the strongest
 * the server offers (RFC 6120 §6).
 */
export const authSasl: RequestHandler = (u, req, p) => saslStart(u, p, req.mechanism ?? 'PLAIN');

export const authSaslAnonymous: RequestHandler = (u, _req, p) => saslStart(u, p, 'ANONYMOUS');

function saslStart(u: Parameters<RequestHandler>[0], p: Parameters<RequestHandler>[2], wanted: string): Sent {
  const conn = u.conn;
  if (!conn) return notConnected(u, p.req.type);
  let mech = wanted.toUpperCase();
  if (mech === 'AUTO') {
    const picked = pickMechanism(u.features?.mechanisms ?? [], 'auto');
    if (!picked) {
      u.fail(new ProtocolError('auth_no_mechanism', `server offers no SASL mechanism xload knows (${(u.features?.mechanisms ?? []).join(', ') || 'none'})`));
      return Sent.Skipped;
    }
    mech = picked;
  }
  if (!isSupportedMechanism(mech)) {
    u.fail(new ProtocolError('auth_unsupported_mechanism', `SASL mechanism ${mech} is not supported; use PLAIN, SCRAM-SHA-1, SCRAM-SHA-256, SCRAM-SHA-512, ANONYMOUS or auto`));
    return Sent.Skipped;
  }
  const client = createSaslClient(mech, { username: u.username, password: u.password });
  p.state = client;
  p.metric = 'auth';
  p.matcher = saslReply;
  conn.send(saslAuth(client.mechanism, client.initial()));
  return Sent.AwaitReply;
}

/** SASL exchange (RFC 6120 §6.4): challenges are answered until success or failure. */
const saslReply: ReplyMatcher = (u, f, p) => {
  const client = p.state as SaslClient;
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
    if (m) u.jid = detach(m[1]!);
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
  p.metric = 'auth';
  if (!sendIq(u, p, (id) => legacyAuthSetPlain(id, u.username, u.password, req.resource), legacyAuthReply)) {
    return notConnected(u, req.type);
  }
  return Sent.AwaitReply;
};

export const authSetDigest: RequestHandler = (u, req, p) => {
  p.metric = 'auth';
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
  u.fail(new NotConnectedError(type));
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
