import { presence } from '../../../xmpp/index.js';
import { resolveDestination } from './destination.js';
import { afterLeaveGrace } from '../leave-grace.js';
import { announceOnline } from '../join-confirm.js';
import { Sent, type RequestHandler } from './sent.js';

/** presence: plain available presence (RFC 6121 §4.2). */
export const presenceAvailable: RequestHandler = (u) => {
  if (!u.conn) return Sent.Skipped;
  u.conn.send(presence());
  return Sent.NoReply;
};

/** presence:initial: available presence, and this user now counts as "online". */
export const presenceInitial: RequestHandler = (u) => {
  if (!u.conn) return Sent.Skipped;
  u.conn.send(presence());
  // Pickable by others once the server has it (join-confirm.ts).
  announceOnline(u);
  return Sent.NoReply;
};

/** presence:final: unavailable presence; no longer a destination for others' chats. */
export const presenceFinal: RequestHandler = (u) => {
  const conn = u.conn;
  if (!conn) return Sent.Skipped;
  u.setOnline(false);
  // Other nodes may still pick this user for a moment (leave-grace.ts); the session goes on.
  afterLeaveGrace(u, () => conn.send(presence({ type: 'unavailable' })));
  return Sent.NoReply;
};

export const presenceBroadcast: RequestHandler = (u, req) => {
  if (!u.conn) return Sent.Skipped;
  u.conn.send(presence({ show: req.show, status: req.status }));
  return Sent.NoReply;
};

/** presence:directed: to one online user (RFC 6121 §4.6). */
export const presenceDirected: RequestHandler = (u, req) => {
  if (!u.conn) return Sent.Skipped;
  const dest = resolveDestination(u, { ...req, destination: 'online' });
  if (!dest) return Sent.Skipped;
  u.conn.send(presence({ to: dest.jid, show: req.show, status: req.status }));
  return Sent.NoReply;
};
