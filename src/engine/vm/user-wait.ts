/**
 * How a user waits and wakes: a thinktime, a pending request with its reply timeout, a
 * barrier, a wait on work outside the VM (a story body). Part of User (user-internal.ts):
 * each function is the body of the User method of the same name.
 */
import { METRIC } from '../../stats/metric-names.js';
import { checksTimedOut } from './checks.js';
import { completePending, failPending } from './pending.js';
import type { Pending } from './user-api.js';
import type { UserInternal } from './user-internal.js';

export function sleepUntil(user: UserInternal, due: number): void {
  user.yielded = false;
  user.setPhase('thinking');
  user._pending = null;
  user._thinkingUntil = due;
  user.timerToken = user.host.timers.schedule(due, user);
}

export function block(user: UserInternal, p: Pending, dueAt?: number): void {
  user.setPhase(p.mode === 'global' ? 'barrier' : 'awaiting');
  user._pending = p;
  // The wait for a reconnection is bounded by its back-off (max_retries), which ends the
  // user with the drop's error; a reply timeout would end it first, as `timeout`, while
  // attempts the policy still allows were pending.
  if (awaitsReconnection(user)) {
    user.timerToken = 0;
    return;
  }
  const opts = user.host.plan.options;
  const ms = p.mode === 'global' ? opts.globalAckTimeoutMs : user.host.requestTimeoutMs;
  user.timerToken = user.host.timers.schedule(dueAt ?? user.host.now() + ms, user);
  if (p.mode === 'global') user.host.watchGlobalAck();
}

export function unblock(user: UserInternal): Pending | null {
  const p = user._pending;
  if (!p || user._phase === 'ended') return null;
  user._pending = null;
  user.timerToken = 0;
  user.setPhase('running');
  user._intendedAt = user.host.now();
  return p;
}

export function suspend(user: UserInternal): void {
  user.setPhase('awaiting');
  user._pending = null;
  user.timerToken = 0;
}

export function resume(user: UserInternal): void {
  if (user._phase !== 'awaiting' || user._pending) return;
  user.setPhase('running');
  user._intendedAt = user.host.now();
  user.run();
}

export function onTimer(user: UserInternal, token: number, due: number): void {
  if (token !== user.timerToken || user._phase === 'ended') return;
  if (user._phase === 'thinking') {
    user.timerToken = 0;
    user.setPhase('running');
    if (user.yielded) {
      user.yielded = false;
    } else {
      user.host.stats.record(METRIC.timerLateness, user.host.now() - due);
      user._intendedAt = due;
    }
    user.run();
  } else if (user._pending?.mode === 'expect') {
    checksTimedOut(user, due);
  } else if (user._pending) {
    failPending(user);
  }
}

/** The barrier this user waits on has released (polled by the shard). */
export function globalReleased(user: UserInternal): void {
  if (user._phase === 'barrier' && user._pending) completePending(user, null);
}

/** Waiting for its own reconnection (a drop with retries left): no reply is coming. */
export function awaitsReconnection(user: UserInternal): boolean {
  const type = user._pending?.req.type;
  return type === 'xload:reconnecting' || type === 'xload:drop';
}
