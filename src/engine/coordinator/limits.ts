import { READ_LIMITS, readRegularTextSync } from '../../read-regular-file.js';
import type { Plan } from '../../scenario/plan.js';

/** The soft open-files limit of this process (Linux /proc), or null where unknown. */
export function openFilesLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(readRegularTextSync('/proc/self/limits', READ_LIMITS.procFile));
    if (!m) return null;
    return m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return null;
  }
}

/**
 * The most users the plan can start (an upper bound on concurrent connections): each
 * phase's expected arrivals capped by maxnumber, over every loop, plus static users.
 */
export function plannedUsers(plan: Plan): number {
  let n = plan.load.staticUsers.length;
  for (const ph of plan.load.phases) {
    const expected = Math.ceil((ph.arrivalRate * ph.durationMs) / 1000);
    n += (plan.load.loop + 1) * Math.min(expected, ph.maxNumber ?? Infinity);
  }
  return n;
}

/** A warning when this process cannot hold as many sockets as the plan may open. */
export function checkOpenFiles(plan: Plan): string | null {
  const limit = openFilesLimit();
  const need = plannedUsers(plan) + 64;
  if (limit === null || limit >= need) return null;
  return (
    `the open-files limit (ulimit -n) is ${limit} but this plan may hold up to ${need - 64} connections; ` +
    `users past the limit will fail with connect_error.emfile. Raise it with \`ulimit -n ${need}\` before running`
  );
}
