/**
 * User as the modules that make it up see it (USER_MODULES in user-state.test.ts): VmUser,
 * plus the fields behind its read-only views that those modules change. The class stays one
 * object whose fields are all set in its constructor, in one order (one hidden class for
 * every user); its behaviour lives in these modules as free functions over this interface,
 * as requests/*.ts work over VmUser. Nothing else imports this file (user-state.test.ts):
 * request handlers and matchers see VmUser, the shard sees User. A leaf: types only.
 */
import type { RequestOp } from '../../scenario/plan.js';
import type { XmppTransport } from '../../xmpp/index.js';
import type { Pending, VmUser } from './user-api.js';
import type { UserPhase } from './user-state.js';

export interface UserInternal extends VmUser {
  /** Changed only through setPhase, which checks the transition. */
  readonly _phase: UserPhase;
  _stopRequested: boolean;
  /** Behind `pending`: the request this user waits on (its reply, a barrier, a check window). */
  _pending: Pending | null;
  /** Behind `conn`: taken by the end of a session, which settles the socket itself. */
  _conn: XmppTransport | null;
  /** Behind `intendedAt`: when the current step was meant to start (the latency stamp). */
  _intendedAt: number;
  /** When the current thinktime ends (epoch ms); 0 when not in one. */
  _thinkingUntil: number;
  /** When the session started (epoch ms): the session metric's start. */
  readonly startedAt: number;
  /** The timer-heap token this user waits on (thinktime, back-off, reply timeout); 0 for none. */
  timerToken: number;
  _lastRequest: RequestOp | null;
  /** The current 'thinking' is a yield for the op budget, not a thinktime. */
  yielded: boolean;
  /** Closes the innermost container: the op loop's end of a frame that does not loop again. */
  leaveFrame(): void;
  /** The one way the phase changes: checked against user-state.ts's transitions. */
  setPhase(to: UserPhase): void;
  /** The timer heap's callback (the user is its own timer entry). */
  onTimer(token: number, due: number): void;
}
