import type { VmUser } from './user-api.js';

/**
 * Remove-before-logout (issue 7): a user that leaves has already been taken out of the
 * online set; in a multi-node run the other nodes learn it a few ms later and may have
 * chats to it on their way; on one node, another thread or the server's routing may. Its
 * unavailable presence and its `</stream>` are therefore sent `leaveGraceMs` later, so
 * those chats are delivered, not stored offline and lost. Not the hot path: one timer per
 * leave.
 */
export function afterLeaveGrace(u: VmUser, fn: () => void): void {
  const ms = u.host.shared.leaveGraceMs;
  if (ms > 0) setTimeout(fn, ms);
  else fn();
}
