import type { JabberRequest } from '../../../scenario/plan.js';
import { nameSlotBase, usesNamedUsers } from '../../shard/name-slots.js';
import type { VmUser } from '../user-api.js';
import { COUNTER } from '../../../stats/metric-names.js';

export interface Destination {
  /** Bare JID. */
  jid: string;
  /**
   * Online-set slot: the Tsung user id, or a CSV name's slot (name-slots.ts); 0 for a user
   * xload cannot tell online (a name in no file, an id beyond userid_max).
   */
  id: number;
}

/**
 * Tsung's destination attribute: online (a user who sent available presence and is still
 * connected, on any shard or node, numbered or named by a CSV file), offline (not
 * connected), random (any id up to userid_max), unique (the first user), previous (the
 * last destination this user wrote to). Returns null and counts Tsung's error name when
 * there is none.
 */
export function resolveDestination(u: VmUser, req: JabberRequest): Destination | null {
  const { online } = u.host.shared;
  const j = u.host.plan.options.jabber;
  const max = j.userIdMax;
  let id = 0;
  // Tsung's random_from_fileid / offline_from_fileid: destinations are CSV users (first column).
  const fileId = req.destination === 'random' ? j.randomFromFileId : req.destination === 'offline' ? j.offlineFromFileId : undefined;
  if (fileId !== undefined) {
    const row = u.host.files.next(fileId, 'random', j.fileIdDelimiter, u.host.rng);
    if (!row || !row[0]) return miss(u, req.destination === 'offline' ? COUNTER.errorNoOffline : COUNTER.errorNoRandom);
    const jid = row[0].includes('@') ? row[0] : `${row[0]}@${u.domain}`;
    return { jid, id: slotOfJid(u, jid) };
  }
  switch (req.destination) {
    case 'online':
      id = online.pickOnline(u.onlineId, u.host.rng);
      if (!id) return miss(u, COUNTER.errorNoOnline);
      return { jid: jidOfSlot(u, id), id };
    case 'offline':
      // As Tsung's ts_user_server:get_offline: numbered users only.
      id = online.pickOffline(u.onlineId, max, u.host.rng);
      if (!id) return miss(u, COUNTER.errorNoOffline);
      break;
    case 'random':
      id = 1 + Math.floor(u.host.rng() * max);
      break;
    case 'unique':
      id = 1;
      break;
    case 'previous':
      if (!u.previousDest) return miss(u, COUNTER.errorNoPrevious);
      return { jid: u.previousDest, id: slotOfJid(u, u.previousDest) };
  }
  return { jid: numberedJid(j.username, id, u.domain), id };
}

/**
 * Bare JIDs of numbered users, built once per slot and domain rather than once per message
 * (a chat to an online user is the hot path): at most userid_max strings per domain, filled
 * only for slots actually drawn.
 */
const jidCache = new Map<string, string[]>();
let jidCacheUser = '';

function numberedJid(username: string, slot: number, domain: string): string {
  if (username !== jidCacheUser) {
    jidCache.clear();
    jidCacheUser = username;
  }
  let byId = jidCache.get(domain);
  if (byId === undefined) jidCache.set(domain, (byId = []));
  return (byId[slot] ??= `${username}${slot}@${domain}`);
}

/** The online-set slot of a user name (what `<xmpp_authenticate>` set), or 0. */
export function slotOfName(u: VmUser, name: string): number {
  if (!usesNamedUsers(u.host.plan)) return 0;
  return u.host.files.nameSlots(nameSlotBase(u.host.plan)).slotOf(name);
}

function jidOfSlot(u: VmUser, slot: number): string {
  const j = u.host.plan.options.jabber;
  if (slot <= j.userIdMax) return numberedJid(j.username, slot, u.domain);
  const name = u.host.files.nameSlots(nameSlotBase(u.host.plan)).nameOf(slot) ?? '';
  return name.includes('@') ? name : `${name}@${u.domain}`;
}

function slotOfJid(u: VmUser, jid: string): number {
  const j = u.host.plan.options.jabber;
  const at = jid.indexOf('@');
  const local = at < 0 ? jid : jid.slice(0, at);
  if (local.startsWith(j.username)) {
    const n = Number(local.slice(j.username.length));
    if (Number.isInteger(n) && n > 0 && n <= j.userIdMax) return n;
  }
  return slotOfName(u, jid) || slotOfName(u, local);
}

function miss(u: VmUser, counter: string): null {
  u.host.stats.count(counter);
  return null;
}
