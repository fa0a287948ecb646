import { escapeAttr, escapeXml, presence } from '../../../xmpp/index.js';
import { resolveDestination } from './destination.js';
import { sendIq } from './iq-reply.js';
import { notConnected } from './not-connected.js';
import { Sent, type RequestHandler } from './sent.js';
import { COUNTER } from '../../../stats/metric-names.js';

const ROSTER = 'jabber:iq:roster';

/**
 * iq:roster:add (RFC 6121 §2.3): adds a destination user (online or offline, as Tsung)
 * named by its JID into `group`; it becomes the "roster contact" that rename, remove,
 * presence:subscribe and presence:roster act on.
 */
export const rosterAdd: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const dest = resolveDestination(u, { ...req, destination: req.destination === 'offline' ? 'offline' : 'online' });
  if (!dest) return Sent.Skipped;
  u.setRosterJid(dest.jid);
  const j = escapeAttr(dest.jid);
  sendIq(
    u,
    p,
    (id) =>
      `<iq id='${escapeAttr(id)}' type='set'><query xmlns='${ROSTER}'><item jid='${j}' name='${j}'><group>${escapeXml(req.group ?? '')}</group></item></query></iq>`,
  );
  return Sent.AwaitReply;
};

/** iq:roster:rename (RFC 6121 §2.4): the roster contact, renamed and moved into `group`. */
export const rosterRename: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const jid = contact(u);
  if (!jid) return Sent.Skipped;
  sendIq(
    u,
    p,
    (id) =>
      `<iq id='${escapeAttr(id)}' type='set'><query xmlns='${ROSTER}'><item jid='${escapeAttr(jid)}' name='Tsung Testuser'><group>${escapeXml(req.group ?? '')}</group></item></query></iq>`,
  );
  return Sent.AwaitReply;
};

/** iq:roster:remove (RFC 6121 §2.5). */
export const rosterRemove: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const jid = contact(u);
  if (!jid) return Sent.Skipped;
  sendIq(
    u,
    p,
    (id) =>
      `<iq id='${escapeAttr(id)}' type='set'><query xmlns='${ROSTER}'><item jid='${escapeAttr(jid)}' subscription='remove'/></query></iq>`,
  );
  return Sent.AwaitReply;
};

/** presence:subscribe (RFC 6121 §3.1.1) to the roster contact; Tsung skips it without one. */
export const presenceSubscribe: RequestHandler = (u, req) => {
  if (!u.conn) return notConnected(u, req.type);
  const jid = contact(u);
  if (!jid) return Sent.Skipped;
  u.conn.send(presence({ to: jid, type: 'subscribe' }));
  return Sent.NoReply;
};

/**
 * presence:roster: Tsung sends `subscribed` (RFC 6121 §3.1.5) to the request's destination;
 * xload sends it to the roster contact, or else to the previous chat destination.
 */
export const presenceRoster: RequestHandler = (u, req) => {
  if (!u.conn) return notConnected(u, req.type);
  const jid = u.rosterJid ?? u.previousDest;
  if (!jid) {
    u.host.stats.count(COUNTER.errorNoRosterContact);
    return Sent.Skipped;
  }
  u.conn.send(presence({ to: jid, type: 'subscribed' }));
  return Sent.NoReply;
};

function contact(u: Parameters<RequestHandler>[0]): string | null {
  if (!u.rosterJid) u.host.stats.count(COUNTER.errorNoRosterContact);
  return u.rosterJid;
}
