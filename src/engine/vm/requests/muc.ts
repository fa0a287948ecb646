import { escapeAttr, message, parseElement, presence, StanzaError } from '../../../xmpp/index.js';
import type { JabberRequest } from '../../../scenario/plan.js';
import { Match, type ReplyMatcher } from '../pending.js';
import type { VmUser } from '../user-api.js';
import { makeGroupBody } from './group-stamp.js';
import { enterRoom, leaveRoom, occupantCount } from './muc-rooms.js';
import { notConnected } from './not-connected.js';
import { Sent, type RequestHandler } from './sent.js';
import { COUNTER } from '../../../stats/metric-names.js';

const MUC = 'http://jabber.org/protocol/muc';

/** room@service of a request (Tsung: the room attribute at the muc_service option). */
function roomJid(u: VmUser, req: JabberRequest): string {
  return `${req.room ?? ''}@${u.host.plan.options.jabber.mucService}`;
}

/**
 * muc:join (XEP-0045 §7.2.1): presence to room/nick with the MUC x element. The reply is
 * the user's own presence, marked with status 110 (§7.2.3), or a presence error (§7.2.6+).
 */
export const mucJoin: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const room = roomJid(u, req);
  enterRoom(u, room);
  p.state = room;
  p.matcher = selfPresence;
  u.conn.send(presence({ to: `${room}/${req.nick ?? ''}`, extra: `<x xmlns='${MUC}'/>` }));
  return Sent.AwaitReply;
};

/** muc:nick (XEP-0045 §7.6): the reply is the new self-presence (status 110). */
export const mucNick: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const room = roomJid(u, req);
  p.state = room;
  p.matcher = selfPresence;
  u.conn.send(presence({ to: `${room}/${req.nick ?? ''}` }));
  return Sent.AwaitReply;
};

/** muc:exit (XEP-0045 §7.14): unavailable presence; the reply is our own unavailable (110). */
export const mucExit: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const room = roomJid(u, req);
  leaveRoom(u, room);
  p.state = room;
  p.matcher = selfPresence;
  u.conn.send(presence({ to: `${room}/${req.nick ?? ''}`, type: 'unavailable' }));
  return Sent.AwaitReply;
};

const selfPresence: ReplyMatcher = (u, f, p) => {
  if (f.name !== 'presence' || !fromRoom(f.attrs.from, p.state as string)) return Match.NotMine;
  if (f.attrs.type === 'error') return StanzaError.fromElement(parseElement(f.raw));
  if (!hasStatus(f.raw, '110')) return Match.NotMine;
  // XEP-0045 §10.1.2: a room we just created stays locked (Prosody) until its owner
  // accepts the default configuration; Tsung scenarios expect an instant room.
  if (hasStatus(f.raw, '201') && u.conn) {
    u.conn.send(
      `<iq type='set' id='${u.host.nextStanzaId()}' to='${escapeAttr(p.state as string)}'><query xmlns='${MUC}#owner'><x xmlns='jabber:x:data' type='submit'/></query></iq>`,
    );
    u.host.stats.count(COUNTER.mucRoomsCreated);
  }
  return Match.Done;
};

function hasStatus(raw: string, code: string): boolean {
  return raw.includes(`code='${code}'`) || raw.includes(`code="${code}"`);
}

/**
 * muc:chat (XEP-0045 §7.4): one groupchat message. Stamped, it is accounted per receiver:
 * `muc_messages_sent` counts messages, `muc_deliveries_expected` adds the occupants the
 * sender sees in the room at send time (itself included: the room reflects the message
 * to the sender too), and each receiver counts `muc_deliveries` with `muc_msg_latency`.
 * With an ack the reply is the reflected copy (or a message error).
 */
export const mucChat: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const room = roomJid(u, req);
  let body: string;
  if (req.data !== undefined) body = req.data;
  else if (req.stamped) {
    body = makeGroupBody(u.host.runId, 'm', u.stampTime(), req.size);
    u.host.stats.count(COUNTER.mucMessagesSent);
    u.host.stats.count(COUNTER.mucDeliveriesExpected, occupantCount(u, room));
  } else body = 'x'.repeat(Math.max(0, req.size));
  p.id = u.host.nextStanzaId();
  p.state = room;
  p.matcher = reflected;
  u.conn.send(message({ to: room, type: 'groupchat', id: p.id, body }));
  return Sent.AwaitReply;
};

/** The room's copy of our message carries our id back (ejabberd, Prosody) or an error. */
const reflected: ReplyMatcher = (_u, f, p) => {
  if (f.name !== 'message' || !fromRoom(f.attrs.from, p.state as string)) return Match.NotMine;
  if (f.attrs.type === 'error') return f.attrs.id === p.id ? StanzaError.fromElement(parseElement(f.raw)) : Match.NotMine;
  return f.attrs.id === p.id ? Match.Done : Match.NotMine;
};

function fromRoom(from: string | undefined, room: string): boolean {
  return from !== undefined && from.startsWith(room) && (from.length === room.length || from[room.length] === '/');
}
