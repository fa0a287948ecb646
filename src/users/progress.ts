/** Text for `xload users`: a progress line while it runs and one summary line at the end. Pure. */
import type { UsersProgress, UsersResult } from './types.js';

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** e.g. `users: 120/200 (60%), 0 failed, 1.02 s`. */
export function usersProgressLine(p: UsersProgress): string {
  const pct = p.total > 0 ? Math.floor((p.finished * 100) / p.total) : 100;
  return `users: ${p.finished}/${p.total} (${pct}%), ${p.failed} failed, ${seconds(p.elapsedMs)}`;
}

/**
 * e.g. `created 200, existed 0, failed 0 of 200 accounts user1..user200@localhost via ibr
 * in 1.52 s: 131.6 accounts/s`, one line; when something failed, with the first error's class and message.
 */
export function formatUsersResult(r: UsersResult, range: string): string {
  const counts = r.action === 'create' ? `created ${r.created}, existed ${r.existed}` : `deleted ${r.deleted}, missing ${r.missing}`;
  const skipped = r.skipped > 0 ? `, skipped ${r.skipped}` : '';
  let s = `${counts}, failed ${r.failed}${skipped} of ${r.requested} accounts ${range} via ${r.via} in ${seconds(r.elapsedMs)}: ${r.perSecond.toFixed(1)} accounts/s`;
  if (r.firstError) s += `; first error ${r.firstError.code} (${r.firstError.account}): ${r.firstError.message}`;
  return `${s}\n`;
}
