import { chatMessage, escapeXml, pingIq, rosterGetIq } from '../../../xmpp/index.js';
import { makeStampedBody } from '../stamp.js';
import { sendIq } from './iq-reply.js';
import { resolveDestination } from './destination.js';
import { Sent, type RequestHandler } from './sent.js';
import { COUNTER } from '../../../stats/metric-names.js';

/**
 * chat: one message to a destination (Tsung's semantics). A stamped chat to a user who is
 * online when it is sent is accounted for: it gets a sequence number, and its receiver
 * marks it delivered. One to a user who is offline would be stored by the server, not
 * delivered in this run, so it is sent unstamped and counted apart.
 */
export const chat: RequestHandler = (u, req) => {
  const conn = u.conn;
  if (!conn) return Sent.Skipped;
  const dest = resolveDestination(u, req);
  if (!dest) return Sent.Skipped;
  u.setPreviousDest(dest.jid);
  // Character data, escaped: the stamp and the filler are made of safe characters.
  let body: string;
  if (req.data !== undefined) {
    body = escapeXml(req.data);
  } else if (req.stamped && dest.id > 0 && u.host.shared.online.isOnline(dest.id)) {
    const seq = u.host.shared.ledger.nextSeq();
    if (seq >= 0) {
      body = makeStampedBody(u.host.runId, seq, u.stampTime(), req.size);
      u.host.stats.count(COUNTER.messagesSent);
    } else {
      body = filler(req.size);
      u.host.stats.count(COUNTER.messagesUntracked);
    }
  } else {
    if (req.stamped) u.host.stats.count(COUNTER.messagesSentOffline);
    body = filler(req.size);
  }
  conn.send(chatMessage(dest.jid, u.host.nextStanzaId(), body));
  return Sent.NoReply;
};

/** raw: the data attribute (or element text) sent as is. */
export const raw: RequestHandler = (u, req) => {
  if (!u.conn) return Sent.Skipped;
  const data = req.data ?? req.text ?? '';
  if (data) u.conn.send(data);
  return Sent.NoReply;
};

/** wait: sends nothing; with ack="parse" it waits for a stanza matching `regexp`. */
export const wait: RequestHandler = () => Sent.NoReply;

/** ping: XEP-0199 client-to-server ping; its reply is the iq result. */
export const ping: RequestHandler = (u, _req, p) => {
  if (!sendIq(u, p, (id) => pingIq(id, u.domain))) return Sent.Skipped;
  return Sent.AwaitReply;
};

/** iq:roster:get (RFC 6121 §2.2). */
export const rosterGet: RequestHandler = (u, _req, p) => {
  if (!sendIq(u, p, (id) => rosterGetIq(id))) return Sent.Skipped;
  return Sent.AwaitReply;
};

const fillers = new Map<number, string>();

/** Tsung sends `size` bytes of text in unstamped chats; cached per size. */
function filler(size: number): string {
  let s = fillers.get(size);
  if (s === undefined) {
    s = 'x'.repeat(Math.max(0, size));
    if (fillers.size < 64) fillers.set(size, s);
  }
  return s;
}
