/**
 * `<expect>` checks at run time (issue 16). A request's checks open when it is sent, so
 * the reply and anything else that arrives while its ack is awaited count; once the request
 * is done the user waits for the checks still open, on the shard's timer heap (one entry:
 * the nearest deadline), never a timer of its own. A check passes on the first stanza that
 * meets it inside its window and fails when the window closes without one; every check
 * is counted once, by name (`check_pass.<name>`, `check_fail.<name>`).
 *
 * A check still open when its session ends is decided then: failed when the session
 * failed (the stanza can no longer come), not counted when the run interrupted it.
 */
import type { ExpectSpec } from '../../scenario/plan.js';
import type { Frame } from '../../xmpp/index.js';
import { checkCounterNames } from '../../stats/metric-names.js';
import { DomCache, frameMeets } from './check-match.js';
import { CheckFailedError } from './errors.js';
import { newPending } from './new-pending.js';
import { failed, type VmUser } from './user-api.js';
import { describeExpect } from '../../scenario/compile-expect.js';
import type { OpenChecks } from './user-ext.js';

const dom = new DomCache();

/** The request is about to be sent: its checks' windows open now. */
export function openChecks(u: VmUser, specs: readonly ExpectSpec[]): void {
  const ext = u.extensions();
  // Checks a `<match do="loop|restart">` left behind: their window is over undecided.
  if (ext.checks) closeChecks(u, true);
  ext.checks = { specs, opened: u.host.now(), open: (1 << specs.length) - 1 };
}

/**
 * An inbound frame, whatever the user waits for. Returns true when it decided the last
 * open check of a user waiting on them and resumed it: the frame is used up (the next
 * request, already started, must not see it).
 */
export function checksOnFrame(u: VmUser, f: Frame): boolean {
  const c = u.ext!.checks!;
  const now = u.host.now();
  for (let i = 0; i < c.specs.length; i++) {
    const bit = 1 << i;
    if ((c.open & bit) === 0) continue;
    const spec = c.specs[i]!;
    if (now - c.opened > spec.timeoutMs || !frameMeets(spec, f, dom)) continue;
    c.open &= ~bit;
    const [pass, , latency] = checkCounterNames(spec.name);
    u.host.stats.count(pass);
    u.host.stats.record(latency, now - c.opened);
  }
  dom.clear();
  if (c.open !== 0 || u.pending?.mode !== 'expect') return false;
  u.unblock();
  u.extensions().checks = undefined;
  u.run();
  return true;
}

/**
 * The request is done (sent without ack, or its reply came): fail the checks whose window
 * has closed, and block on the rest until the nearest deadline. Returns true when the user
 * does not run on now (it waits, or a failed check ended it).
 */
export function waitChecks(u: VmUser, now = u.host.now()): boolean {
  const c = u.ext?.checks;
  if (!c) return false;
  let due = Infinity;
  for (let i = 0; i < c.specs.length; i++) {
    const bit = 1 << i;
    if ((c.open & bit) === 0) continue;
    const spec = c.specs[i]!;
    const deadline = c.opened + spec.timeoutMs;
    if (deadline <= now) {
      c.open &= ~bit;
      failCheck(u, spec);
      if (u.ended) return true;
    } else if (deadline < due) {
      due = deadline;
    }
  }
  if (c.open === 0) {
    u.extensions().checks = undefined;
    return false;
  }
  // A graceful stop came while the request was in flight: run() ends the session now, the
  // open checks uncounted, instead of holding the stop for their timeout.
  if (u.stopRequested) return false;
  const op = u.lastRequest;
  const p = newPending(op, op ? op.jabber : EXPECT_WAIT, now);
  p.mode = 'expect';
  p.recordRequest = false;
  u.block(p, due);
  return true;
}

/**
 * The nearest deadline of a waiting user passed: the timer heap fired for `due`. It fires
 * up to 0.5 ms early to batch timers, so the deadline counts as reached now; re-blocking
 * on it would fire again at once.
 */
export function checksTimedOut(u: VmUser, due: number): void {
  u.unblock();
  if (!waitChecks(u, Math.max(u.host.now(), due))) u.run();
}

/** The session ends with checks open: failed ones count as failed, interrupted ones not at all. */
export function closeChecks(u: VmUser, sessionFailed: boolean): void {
  const c = u.ext?.checks;
  if (!c) return;
  u.extensions().checks = undefined;
  if (!sessionFailed) return;
  for (let i = 0; i < c.specs.length; i++) {
    if ((c.open & (1 << i)) !== 0) u.host.stats.count(checkCounterNames(c.specs[i]!.name)[1]);
  }
}

/** One check's window closed without its stanza: count it, then do what on_fail says. */
function failCheck(u: VmUser, spec: ExpectSpec): void {
  u.host.stats.count(checkCounterNames(spec.name)[1]);
  if (spec.onFail === 'continue') return;
  const err = new CheckFailedError(spec.name, `${describeExpect(spec)} within ${spec.timeoutMs} ms (line ${spec.pos.line})`);
  if (spec.onFail === 'stop_run') u.host.abortAll(`check ${spec.name} failed (line ${spec.pos.line}, on_fail="stop_run")`);
  u.end(failed(err));
}

/** The pending request of a check wait when no scenario request is at hand (never in practice). */
const EXPECT_WAIT = { type: 'thinktime', ack: 'no_ack' } as const;

export type { OpenChecks };
