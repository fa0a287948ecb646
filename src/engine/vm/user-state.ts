/**
 * Where a user is in its session. One value, changed only through User.setPhase(), which
 * checks the change against TRANSITIONS (as connection-types.ts does for connections): a
 * user that resumes after it ended, or waits on two things at once, is a bug in xload.
 */
import { InternalError } from '../../errors.js';

export type UserPhase =
  /** Created, not started yet. */
  | 'idle'
  /** Interpreting ops (inside run()). */
  | 'running'
  /** Asleep until a timer: a thinktime, a connect retry's back-off, a `<match do="loop">`. */
  | 'thinking'
  /** Blocked on a reply (or a socket connect, a stream close, a reconnection). */
  | 'awaiting'
  /** Blocked at a `wait_global` / `ack="global"` barrier. */
  | 'barrier'
  /** Finished, failed or interrupted: nothing runs any more. */
  | 'ended';

/** Allowed phase changes; every other change throws. */
export const USER_TRANSITIONS: Readonly<Record<UserPhase, readonly UserPhase[]>> = {
  idle: ['running', 'ended'],
  running: ['thinking', 'awaiting', 'barrier', 'ended'],
  // A drop during a thinktime waits for the reconnection (requests/reconnect.ts).
  thinking: ['running', 'awaiting', 'ended'],
  // A failed connect sleeps through its back-off (connect-retry.ts) before trying again.
  awaiting: ['running', 'thinking', 'ended'],
  barrier: ['running', 'ended'],
  ended: [],
};

/** The phase after `from` -> `to`, or an InternalError (a bug in xload). */
export function checkUserTransition(id: number, from: UserPhase, to: UserPhase): UserPhase {
  if (!USER_TRANSITIONS[from].includes(to)) throw new InternalError(`user ${id} phase ${from} -> ${to}`);
  return to;
}
