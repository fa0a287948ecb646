import type { Frame } from '../../xmpp/index.js';
import type { VmUser } from './user-api.js';

/**
 * A user becomes pickable by destination="online" once the server has processed its
 * initial presence, not when it is sent: a chat to a bare JID reaches only available
 * resources (RFC 6121 §8.5.2.1.1), so one that overtakes the presence is stored offline
 * and would count as lost through no fault of the server. The server broadcasts initial
 * presence to all of the user's available resources, the sender's included (RFC 6121
 * §4.2.2): that echo is the confirmation. A server that sends no echo gets
 * CONFIRM_FALLBACK_MS instead. Not the hot path: once per presence:initial.
 */
export const CONFIRM_FALLBACK_MS = 500;

/** After sending available presence: online for this user's own logic now, for others on confirmation. */
export function announceOnline(u: VmUser): void {
  u.setOnline(true, false);
  u.extensions().confirmingPresence = true;
  setTimeout(() => confirm(u), CONFIRM_FALLBACK_MS);
}

/** Every inbound presence: the echo of the user's own available presence confirms it. */
export function onOwnPresence(u: VmUser, f: Frame): void {
  if (u.ext?.confirmingPresence !== true || f.attrs.type !== undefined) return;
  const from = f.attrs.from;
  if (!from) return;
  const slash = from.indexOf('/');
  const bare = slash < 0 ? from : from.slice(0, slash);
  const own = u.jid ? u.jid.split('/', 1)[0] : `${u.username}@${u.domain}`;
  if (bare === own) confirm(u);
}

function confirm(u: VmUser): void {
  if (u.ext?.confirmingPresence !== true) return;
  u.ext.confirmingPresence = false;
  // Left (or went unavailable) meanwhile: nothing to publish.
  if (u.online && u.conn && !u.ended) u.setOnline(true);
}
