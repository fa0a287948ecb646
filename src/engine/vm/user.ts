import type { Op, RequestOp, SessionSpec } from '../../scenario/plan.js';
import { XloadError } from '../../errors.js';
import type { ConnectionHandlers, Frame, XmppTransport } from '../../xmpp/index.js';
import type { ShardHost } from '../shard/shard-host.js';
import type { TimerTarget } from '../shard/timer-heap.js';
import { runControlOp, endFrame, type VmFrame } from './control-flow.js';
import { startRequest } from './request-runner.js';
import { handleUnsolicited } from './inbound.js';
import { retryConnect } from './connect-retry.js';
import { reconnectAfterDrop } from './requests/reconnect.js';
import { closeGracefully } from './drain.js';
import type { Vars } from './vars.js';
import { TIMER_LATENESS_METRIC } from '../../stats/loop-delay.js';
import type { Pending } from './pending.js';
import type { AuthMemory } from './requests/auth-memory.js';
import { completePending, failPending, pendingOnFrame, pendingOnStreamOpen } from './pending.js';

/** What a user is blocked on, if anything. */
export enum Wait {
  None = 0,
  Think = 1,
  Reply = 2,
  Global = 3,
}

/**
 * One simulated user: a small interpreter over its session's ops, driven by callbacks from
 * its connection and the shard's timer heap. It holds no promise and no closure while idle;
 * its whole state is these fields.
 */
export class User implements TimerTarget, ConnectionHandlers {
  /** TCP/TLS, WebSocket or BOSH: the user sees one transport interface. */
  conn: XmppTransport | null = null;
  /** Parsed `<stream:features>` of the current stream. */
  features: import('../../xmpp/index.js').StreamFeatures | null = null;
  jid: string | null = null;
  vars: Vars | null = null;
  /** Set by `<xmpp_authenticate>`; otherwise the name is derived from the id when asked. */
  private ownUsername: string | null = null;
  private ownPassword: string | null = null;
  domain: string;
  previousDest: string | null = null;
  rosterJid: string | null = null;
  startedAt: number;
  /** When the current step was meant to happen (arrival or thinktime due time): the
   * reference for stamped messages, so a late schedule shows up as latency. */
  intendedAt: number;
  wait: Wait = Wait.None;
  pending: Pending | null = null;
  timerToken = 0;
  ended = false;
  /** Graceful stop requested: finish at the next blocking point. */
  stopping = false;
  online = false;
  /**
   * This user's slot in the shared online set: its id, or the slot of the CSV name
   * `<xmpp_authenticate>` gave it (name-slots.ts); 0 for none (the set ignores 0).
   */
  onlineId: number;
  /** Bytes/stanzas already reported to stats from this user's current connection. */
  reportedIn = 0;
  reportedOut = 0;
  reportedStanzasIn = 0;
  reportedStanzasOut = 0;
  /** `<match do="restart">` count, and `<match do="loop">` counts per request. */
  restarts?: number;
  /** Connections closed by this user that the server has not closed yet (see drain.ts). */
  closing = 0;
  /** Connect attempts that failed so far for the current connect request (max_retries). */
  retryAttempt = 0;
  loops?: Map<string, number>;
  /** How this user last logged in (requests/auth-memory.ts); shared between users. */
  authMemory: Readonly<AuthMemory> | null = null;
  readonly stack: VmFrame[];

  constructor(
    readonly host: ShardHost,
    readonly id: number,
    readonly session: SessionSpec,
    scheduledAt: number,
    /** A `<session run_once>` user (before the load): counted as run_once_*, not users_*. */
    readonly runOnce = false,
  ) {
    const j = host.plan.options.jabber;
    this.onlineId = id;
    this.domain = j.domain;
    this.startedAt = host.now();
    this.intendedAt = scheduledAt;
    this.stack = [{ ops: session.ops, pc: 0, op: null, iter: 0, start: this.startedAt }];
  }

  /**
   * Login name and password: Tsung's `username`/`passwd` options followed by the id, built
   * when a login asks (a few times a session) instead of kept as two strings per user.
   */
  get username(): string {
    return this.ownUsername ?? `${this.host.plan.options.jabber.username}${this.id}`;
  }

  set username(name: string) {
    this.ownUsername = name;
  }

  get password(): string {
    return this.ownPassword ?? `${this.host.plan.options.jabber.passwd}${this.id}`;
  }

  set password(pw: string) {
    this.ownPassword = pw;
  }

  start(): void {
    this.host.stats.count(this.counter('started'));
    if (!this.runOnce) this.host.stats.count(`users_started.${this.session.name}`);
    this.run();
  }

  /** Runs ops until one blocks (a reply, a thinktime, a barrier) or the session ends. */
  run(): void {
    while (!this.ended) {
      if (this.stopping) {
        this.interrupt(false);
        return;
      }
      const frame = this.stack[this.stack.length - 1];
      if (!frame) {
        this.finish();
        return;
      }
      if (frame.pc >= frame.ops.length) {
        if (!endFrame(this, frame)) this.stack.pop();
        continue;
      }
      const op = frame.ops[frame.pc++] as Op;
      const blocked = op.kind === 'request' ? startRequest(this, op as RequestOp) : runControlOp(this, op);
      if (blocked || this.ended) return;
    }
  }

  /**
   * The send time a stamped message carries: when it was meant to go (intendedAt), so a
   * late generator's lateness counts in the latency (no coordinated omission), but never
   * later than now: the timer heap fires entries up to 0.5 ms early to batch them, and a
   * stamp in the future would make those messages' latency look shorter than it was.
   */
  stampTime(): number {
    return Math.min(this.intendedAt, this.host.now());
  }

  /** Blocks until `due` (epoch ms); run() resumes then, with intendedAt = due. */
  sleepUntil(due: number): void {
    this.wait = Wait.Think;
    this.timerToken = this.host.timers.schedule(due, this);
  }

  onTimer(token: number, due: number): void {
    if (token !== this.timerToken || this.ended) return;
    if (this.wait === Wait.Think) {
      this.host.stats.record(TIMER_LATENESS_METRIC, this.host.now() - due);
      this.wait = Wait.None;
      this.intendedAt = due;
      this.run();
    } else if (this.pending) {
      failPending(this, 'timeout');
    }
  }

  /** The barrier this user waits on has released (polled by the shard). */
  globalReleased(): void {
    if (this.wait === Wait.Global && this.pending) completePending(this, null);
  }

  // ---- connection callbacks (the user is its connection's handler object) ----

  onConnected(): void {
    if (this.pending) pendingOnFrame(this, null);
  }

  onStreamOpen(attrs: Record<string, string>): void {
    if (this.pending) pendingOnStreamOpen(this, attrs);
  }

  onFrame(frame: Frame): void {
    // After the session ended, stanzas already on their way are still accounted for
    // (the server may deliver them before it answers our </stream:stream>).
    handleUnsolicited(this, frame);
    if (this.ended) return;
    if (this.pending) pendingOnFrame(this, frame);
  }

  onClose(err: XloadError | null): void {
    if (err && !this.ended && retryConnect(this, err)) return;
    if (err && !this.ended && reconnectAfterDrop(this, err)) return;
    const conn = this.conn;
    if (conn) this.flushIo(conn);
    this.conn = null;
    this.features = null;
    this.setOnline(false);
    this.host.shared.online.setConnected(this.onlineId, false);
    if (this.ended || err === null) return;
    this.fail(err);
  }

  // ---- helpers used by requests and control flow ----

  setOnline(on: boolean): void {
    this.online = on;
    this.host.shared.online.setOnline(this.onlineId, on);
  }

  /** Reports this connection's byte and stanza counts since the last call. */
  flushIo(conn: XmppTransport): void {
    const s = this.host.stats;
    if (conn.bytesIn > this.reportedIn) s.count('bytes_received', conn.bytesIn - this.reportedIn);
    if (conn.bytesOut > this.reportedOut) s.count('bytes_sent', conn.bytesOut - this.reportedOut);
    if (conn.stanzasIn > this.reportedStanzasIn) s.count('stanzas_received', conn.stanzasIn - this.reportedStanzasIn);
    if (conn.stanzasOut > this.reportedStanzasOut) s.count('stanzas_sent', conn.stanzasOut - this.reportedStanzasOut);
    this.reportedIn = conn.bytesIn;
    this.reportedOut = conn.bytesOut;
    this.reportedStanzasIn = conn.stanzasIn;
    this.reportedStanzasOut = conn.stanzasOut;
  }

  /** A new connection starts its byte counts at zero. */
  resetIoMarks(): void {
    this.reportedIn = this.reportedOut = this.reportedStanzasIn = this.reportedStanzasOut = 0;
  }

  /** The session ran to its end (or was stopped gracefully). */
  finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.timerToken = 0;
    this.pending = null;
    const conn = this.conn;
    this.conn = null;
    if (conn) {
      this.setOnline(false);
      this.host.shared.online.setConnected(this.onlineId, false);
      closeGracefully(this, conn);
    }
    this.host.stats.record(this.runOnce ? 'run_once' : 'session', this.host.now() - this.startedAt);
    this.host.stats.count(this.counter('finished'));
    this.host.userEnded(this, false);
  }

  /** This user's session ends with an error; nothing else in the run is affected. */
  fail(err: XloadError): void {
    if (this.ended) return;
    this.ended = true;
    this.timerToken = 0;
    this.pending = null;
    this.host.stats.error(err.code);
    this.host.stats.count(this.counter('failed'));
    if (!this.runOnce) this.host.stats.count(`users_failed.${this.session.name}`);
    const conn = this.conn;
    this.conn = null;
    this.setOnline(false);
    if (conn) {
      this.flushIo(conn);
      conn.destroy();
    }
    this.host.shared.online.setConnected(this.onlineId, false);
    this.host.userEnded(this, true);
  }

  /**
   * Graceful stop (end of --duration, first Ctrl-C): a user that is idle (thinking, or at
   * a barrier) ends now; one waiting for a reply ends when it gets it (run() checks).
   */
  requestStop(): void {
    this.stopping = true;
    if (this.wait === Wait.Think || this.wait === Wait.Global || this.wait === Wait.None) this.interrupt(false);
  }

  /**
   * The run ended this session before its last op: counted as interrupted, not finished
   * and not failed. abort=true drops the socket; otherwise the stream is closed cleanly.
   */
  interrupt(abort: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.timerToken = 0;
    this.pending = null;
    this.wait = Wait.None;
    this.host.stats.count(this.counter('interrupted'));
    const conn = this.conn;
    this.conn = null;
    this.setOnline(false);
    if (conn) {
      if (abort) {
        this.flushIo(conn);
        conn.destroy();
      } else {
        closeGracefully(this, conn);
      }
    }
    this.host.shared.online.setConnected(this.onlineId, false);
    this.host.userEnded(this, false);
  }

  /** run_once_* for run-once users, so the load's users_* counts stay the load's. */
  counter(what: 'started' | 'finished' | 'failed' | 'interrupted'): string {
    return this.runOnce ? `run_once_${what}` : `users_${what}`;
  }
}
