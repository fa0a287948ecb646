/**
 * The interpreter's loop: a user steps through its session's ops until one blocks (a
 * request waiting for its reply, a thinktime) or the session ends, within a budget per
 * turn of the event loop. Apart from user.ts so the class holds the state and this file
 * the one function that walks the ops.
 */
import type { Op, RequestOp } from '../../scenario/plan.js';
import { COUNTER } from '../../stats/metric-names.js';
import { endFrame, runControlOp } from './control-flow.js';
import { startRequest } from './request-runner.js';
import { FINISHED, INTERRUPTED } from './user-api.js';
import type { UserInternal } from './user-internal.js';

/**
 * Ops one user may run in one turn of the event loop without blocking. A session that
 * never blocks (a long `<for>` of no_ack requests, `setdynvars` in a loop) would otherwise
 * hold its worker: the stop at --duration, Ctrl-C, stats intervals and every other user
 * would wait. Past the budget the user yields (counted as `vm_yields`) and goes on at the
 * next turn, its intended time unchanged.
 */
export const OPS_PER_TURN = 5_000;

/** Runs ops until one blocks or the session ends (User.run). */
export function runOps(u: UserInternal): void {
  let budget = OPS_PER_TURN;
  while (u._phase === 'running') {
    if (--budget < 0) {
      yieldTurn(u);
      return;
    }
    if (u._stopRequested) {
      u.end(INTERRUPTED);
      return;
    }
    const frame = u.stack[u.stack.length - 1];
    if (!frame) {
      u.end(FINISHED);
      return;
    }
    if (frame.pc >= frame.ops.length) {
      if (!endFrame(u, frame)) u.leaveFrame();
      continue;
    }
    const op = frame.ops[frame.pc++] as Op;
    if (op.kind === 'request') u._lastRequest = op as RequestOp;
    const blocked = op.kind === 'request' ? startRequest(u, op as RequestOp) : runControlOp(u, op);
    if (blocked) return;
  }
}

/**
 * Out of op budget: go on 1 ms later. Not at `now`: the timer heap fires everything due
 * within 0.5 ms in one loop, and would run this user again before any I/O.
 */
function yieldTurn(u: UserInternal): void {
  u.host.stats.count(COUNTER.vmYields);
  u.setPhase('thinking');
  u.yielded = true;
  u.timerToken = u.host.timers.schedule(u.host.now() + 1, u);
}
