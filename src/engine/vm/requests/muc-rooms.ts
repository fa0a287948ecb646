import type { Frame } from '../../../xmpp/index.js';
import { detach } from '../detach.js';
import type { VmUser } from '../user-api.js';

/**
 * The MUC rooms a user is in and the occupants it sees there (XEP-0045 §7.2.3: the room
 * sends every occupant's presence, then the user's own). Kept in the user's extension slot
 * (user-ext.ts): most users never join a room and pay nothing. The occupant count at send time is how
 * many deliveries a groupchat message should make (the room reflects it to every
 * occupant, the sender included, XEP-0045 §7.4).
 */
export function roomsOf(u: VmUser): Map<string, Set<string>> | undefined {
  return u.ext?.rooms;
}

export function enterRoom(u: VmUser, room: string): void {
  const m = (u.extensions().rooms ??= new Map());
  if (!m.has(room)) m.set(room, new Set());
}

export function leaveRoom(u: VmUser, room: string): void {
  u.ext?.rooms?.delete(room);
}

export function occupantCount(u: VmUser, room: string): number {
  return u.ext?.rooms?.get(room)?.size ?? 0;
}

/** An inbound presence: keeps the occupant set of a joined room current. */
export function trackOccupant(u: VmUser, f: Frame): void {
  const m = u.ext?.rooms;
  const from = f.attrs.from;
  if (!m || !from) return;
  const slash = from.indexOf('/');
  if (slash < 0) return;
  const set = m.get(from.slice(0, slash));
  if (!set) return;
  const nick = from.slice(slash + 1);
  if (f.attrs.type === 'unavailable') set.delete(nick);
  else if (f.attrs.type === undefined && !set.has(nick)) set.add(detach(nick));
}
