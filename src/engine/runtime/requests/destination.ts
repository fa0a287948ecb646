import type { JabberRequest } from '../../../scenario/plan.js';
import type { User } from '../user.js';

export interface Destination {
  /** Bare JID. */
  jid: string;
  /** Tsung user id, or 0 for a user outside the id pool (CSV names, `previous`). */
  id: number;
}

/**
 * Tsung's destination attribute: online (a user who sent available presence and is still
 * connected, on any shard), offline (not connected), random (any id up to userid_max),
 * unique (the first user), previous (the last destination this user wrote to). Returns
 * null and counts Tsung's error name when there is none.
 */
export function resolveDestination(u: User, req: JabberRequest): Destination | null {
  const { online } = u.host.shared;
  const max = u.host.plan.options.jabber.userIdMax;
  let id = 0;
  const j = u.host.plan.options.jabber;
  // Tsung's random_from_fileid / offline_from_fileid: destinations are CSV users (first column).
  const fileId = req.destination === 'random' ? j.randomFromFileId : req.destination === 'offline' ? j.offlineFromFileId : undefined;
  if (fileId !== undefined) {
    const row = u.host.files.next(fileId, 'random', j.fileIdDelimiter, u.host.rng);
    if (!row || !row[0]) return miss(u, req.destination === 'offline' ? 'error_no_offline' : 'error_no_random');
    const jid = row[0].includes('@') ? row[0] : `${row[0]}@${u.domain}`;
    return { jid, id: idOf(u, jid) };
  }
  switch (req.destination) {
    case 'online':
      id = online.pickOnline(u.id, max, u.host.rng);
      if (!id) return miss(u, 'error_no_online');
      break;
    case 'offline':
      id = online.pickOffline(u.id, max, u.host.rng);
      if (!id) return miss(u, 'error_no_offline');
      break;
    case 'random':
      id = 1 + Math.floor(u.host.rng() * max);
      break;
    case 'unique':
      id = 1;
      break;
    case 'previous':
      if (!u.previousDest) return miss(u, 'error_no_previous');
      return { jid: u.previousDest, id: idOf(u, u.previousDest) };
  }
  const jid = `${u.host.plan.options.jabber.username}${id}@${u.domain}`;
  return { jid, id };
}

function idOf(u: User, jid: string): number {
  const prefix = u.host.plan.options.jabber.username;
  const local = jid.slice(0, jid.indexOf('@'));
  if (!local.startsWith(prefix)) return 0;
  const n = Number(local.slice(prefix.length));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

function miss(u: User, counter: string): null {
  u.host.stats.count(counter);
  return null;
}
