import type { Frame } from '../../../xmpp/index.js';
import { detach } from '../detach.js';
import type { User } from '../user.js';

/**
 * The MUC rooms a user is in and the occupants it sees there (XEP-0045 §7.2.3: the room
 * sends every occupant's presence, then the user's own). Kept beside the user, not in it:
 * most users never join a room and pay nothing. The occupant count at send time is how
 * many deliveries a groupchat message should make (the room reflects it to every
 * occupant, the sender included, XEP-0045 §7.4).
 */
const rooms = new WeakMap<User, Map<string, Set<string>>>();

export function roomsOf(u: User): Map<string, Set<string>> | undefined {
  return rooms.get(u);
}

export function enterRoom(u: User, room: string): void {
  let m = rooms.get(u);
  if (!m) rooms.set(u, (m = new Map()));
  if (!m.has(room)) m.set(room, new Set());
}

export function leaveRoom(u: User, room: string): void {
  rooms.get(u)?.delete(room);
}

export function occupantCount(u: User, room: string): number {
  return rooms.get(u)?.get(room)?.size ?? 0;
}

/** An inbound presence: keeps the occupant set of a joined room current. */
export function trackOccupant(u: User, f: Frame): void {
  const m = rooms.get(u);
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
