import type { SessionSpec } from '../../scenario/plan.js';
import type { ShardInterval } from '../../stats/interval-forms.js';
import { COUNTER } from '../../stats/metric-names.js';

/** How a run-once sequence ended: `failed` names the session and the errors it counted. */
export interface RunOnceResult {
  failed?: { session: string; errors: Record<string, number> };
  /** Errors of no_ack requests, which the sessions went on after (all sessions together). */
  tolerated?: Record<string, number>;
}

/** What the sequence needs from the shard that runs it. */
export interface RunOnceShard {
  /** Starts one run-once user for `session` (its end comes back through userGone()). */
  startRunOnce(session: SessionSpec): void;
  /** Posts the stats collected so far as a snapshot, and returns it. */
  flushStats(): ShardInterval;
  /** Tells the coordinator the sequence is over. */
  reportSetup(result: RunOnceResult): void;
}

/**
 * The plan's `<session run_once="true">`s, run on one shard before the load (the
 * coordinator picks the shard, so they run once across the whole cluster): one user per
 * session, one session after the other, in document order. A session whose user fails
 * (any error of a request that waits for its reply: connect, auth, a timeout, a stanza
 * error answering ack="local") ends the sequence as failed, so the load never runs
 * against a half-prepared server. Errors answering ack="no_ack" requests are the
 * author's "do not wait, do not care" (e.g. deleting a node that may not exist): they
 * are counted and reported, and the sequence goes on.
 */
export class RunOnceSequence {
  private next = 0;
  private over = false;
  private readonly tolerated: Record<string, number> = {};

  constructor(
    private readonly sessions: readonly SessionSpec[],
    private readonly shard: RunOnceShard,
  ) {}

  begin(): void {
    this.advance();
  }

  /** The current session's user is gone (ended, and its last connection closed). */
  userGone(): void {
    if (this.over) return;
    // Nothing else runs on the shard before the load: this snapshot is the session's own.
    const snap = this.shard.flushStats();
    const session = this.sessions[this.next - 1];
    const failed = (snap.counters[COUNTER.runOnceFailed] ?? 0) + (snap.counters[COUNTER.runOnceInterrupted] ?? 0) > 0;
    if (session && failed) {
      this.end({ failed: { session: session.name, errors: snap.errors } });
      return;
    }
    for (const [k, n] of Object.entries(snap.errors)) this.tolerated[k] = (this.tolerated[k] ?? 0) + n;
    this.advance();
  }

  /** The run is stopping: no further session starts, nothing more is reported. */
  cancel(): void {
    this.over = true;
  }

  private advance(): void {
    const session = this.sessions[this.next++];
    if (session) this.shard.startRunOnce(session);
    else this.end(Object.keys(this.tolerated).length > 0 ? { tolerated: this.tolerated } : {});
  }

  private end(result: RunOnceResult): void {
    this.over = true;
    this.shard.reportSetup(result);
  }
}
