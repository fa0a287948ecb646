import type { RequestOp, SessionSpec } from '../../scenario/plan.js';
import { InternalError, type XloadError } from '../../errors.js';
import type { Frame, StreamFeatures, XmppTransport } from '../../xmpp/index.js';
import type { ShardHost } from '../shard/shard-host.js';
import { runOps } from './op-loop.js';
import { STAMP_GRAIN_MS } from './stamp.js';
import { handleUnsolicited } from './inbound.js';
import { retryConnect } from './connect-retry.js';
import { reconnectAfterDrop } from './requests/reconnect.js';
import { pendingOnFrame, pendingOnStreamOpen } from './pending.js';
import { ABORTED, failed, type Pending, type UserOutcome, type VmFrame } from './user-api.js';
import type { AuthMemory, UserExtensions } from './user-ext.js';
import type { UserInternal } from './user-internal.js';
import { checkUserTransition, type UserPhase } from './user-state.js';
import type { Vars } from './vars.js';
import { tapConnection } from './traffic-tap.js';
import { countIo, newIoMark, type IoMark } from './io-count.js';
import { checksOnFrame } from './checks.js';
import { block, globalReleased, onTimer, resume, sleepUntil, suspend, unblock } from './user-wait.js';
import { endSession, leaveOnlineSet, requestStop, userCounter } from './session-end.js';
import { sessionUsersCounter } from '../../stats/metric-names.js';

/**
 * One simulated user: a small interpreter over its session's ops, driven by callbacks from
 * its connection and the shard's timer heap. It holds no promise and no closure while idle;
 * its whole state is these fields, changed only through the methods of VmUser and by the
 * modules that make up the class (user-internal.ts: the fields without `private` are theirs).
 * The methods are thin; the work is in those modules: the op loop (op-loop.ts), waiting and
 * waking (user-wait.ts), the end of a session (session-end.ts).
 */
export class User implements UserInternal {
  _phase: UserPhase = 'idle';
  _stopRequested = false;
  _pending: Pending | null = null;
  /** The timer-heap token this user waits on (thinktime or reply timeout); 0 for none. */
  timerToken = 0;
  _conn: XmppTransport | null = null;
  private _features: StreamFeatures | null = null;
  private _jid: string | null = null;
  private _domain: string;
  /** Set by `<xmpp_authenticate>`; otherwise the name is derived from the id when asked. */
  private ownUsername: string | null = null;
  private ownPassword: string | null = null;
  private _onlineId: number;
  private _online = false;
  private _closing = 0;
  private _retryAttempt = 0;
  private _authMemory: Readonly<AuthMemory> | null = null;
  private _vars: Vars | null = null;
  private _previousDest: string | null = null;
  private _rosterJid: string | null = null;
  private _ext: UserExtensions | null = null;
  _lastRequest: RequestOp | null = null;
  /** Bytes/stanzas already counted into stats from this user's current connection. */
  private readonly ioMark: IoMark = newIoMark();
  readonly startedAt: number;
  _intendedAt: number;
  /** The current 'thinking' is a yield for the op budget, not a thinktime. */
  yielded = false;
  /** When the current thinktime ends (epoch ms); 0 when not in one. */
  _thinkingUntil = 0;
  private readonly _stack: VmFrame[];

  constructor(
    readonly host: ShardHost,
    readonly id: number,
    readonly session: SessionSpec,
    scheduledAt: number,
    readonly runOnce = false,
  ) {
    this._onlineId = id;
    this._domain = host.plan.options.jabber.domain;
    this.startedAt = host.now();
    this._intendedAt = scheduledAt;
    this._stack = [{ ops: session.ops, pc: 0, op: null, iter: 0, start: this.startedAt }];
  }

  // ---- read-only views (VmUser) ----

  get stack(): readonly VmFrame[] {
    return this._stack;
  }

  get phase(): UserPhase {
    return this._phase;
  }
  get ended(): boolean {
    return this._phase === 'ended';
  }
  get stopRequested(): boolean {
    return this._stopRequested;
  }
  get pending(): Pending | null {
    return this._pending;
  }
  get conn(): XmppTransport | null {
    return this._conn;
  }
  get features(): StreamFeatures | null {
    return this._features;
  }
  get jid(): string | null {
    return this._jid;
  }
  get domain(): string {
    return this._domain;
  }
  get onlineId(): number {
    return this._onlineId;
  }
  get online(): boolean {
    return this._online;
  }
  get closing(): number {
    return this._closing;
  }
  get retryAttempt(): number {
    return this._retryAttempt;
  }
  get authMemory(): Readonly<AuthMemory> | null {
    return this._authMemory;
  }
  get vars(): Vars | null {
    return this._vars;
  }
  get previousDest(): string | null {
    return this._previousDest;
  }
  get rosterJid(): string | null {
    return this._rosterJid;
  }
  get ext(): UserExtensions | null {
    return this._ext;
  }
  get intendedAt(): number {
    return this._intendedAt;
  }
  get lastRequest(): RequestOp | null {
    return this._lastRequest;
  }

  /**
   * Login name and password: Tsung's `username`/`passwd` options followed by the id, built
   * when a login asks (a few times a session) instead of kept as two strings per user.
   */
  get username(): string {
    return this.ownUsername ?? `${this.host.plan.options.jabber.username}${this.id}`;
  }
  get password(): string {
    return this.ownPassword ?? `${this.host.plan.options.jabber.passwd}${this.id}`;
  }

  // ---- the interpreter ----

  start(): void {
    this.host.stats.count(userCounter(this, 'started'));
    if (!this.runOnce) this.host.stats.count(sessionUsersCounter('started', this.session.name));
    this.setPhase('running');
    this.run();
  }

  /** Started and failed at once: no user id was free for it. */
  refuse(err: XloadError): void {
    this.host.stats.count(userCounter(this, 'started'));
    this.end(failed(err));
  }

  run(): void {
    runOps(this);
  }

  stampTime(): number {
    // Early (the timer heap's batching slack) or late by less than the timer's grain: the
    // send time, as a stamp in the future would shorten the latency and the grain is the
    // clock's, not the server's. Later: the intended time (stamp.ts, STAMP_GRAIN_MS).
    const now = this.host.now();
    return now - this._intendedAt < STAMP_GRAIN_MS ? now : this._intendedAt;
  }

  get thinkingUntil(): number {
    return this._phase === 'thinking' && !this.yielded ? this._thinkingUntil : 0;
  }

  sleepUntil(due: number): void {
    sleepUntil(this, due);
  }
  block(p: Pending, dueAt?: number): void {
    block(this, p, dueAt);
  }
  unblock(): Pending | null {
    return unblock(this);
  }
  suspend(): void {
    suspend(this);
  }
  resume(): void {
    resume(this);
  }
  onTimer(token: number, due: number): void {
    onTimer(this, token, due);
  }
  globalReleased(): void {
    globalReleased(this);
  }

  // ---- connection callbacks (the user is its connection's handler object) ----

  onConnected(): void {
    if (this._pending) pendingOnFrame(this, null);
  }

  onStreamOpen(attrs: Record<string, string>): void {
    if (this._pending) pendingOnStreamOpen(this, attrs);
  }

  onFrame(frame: Frame): void {
    // After the session ended, stanzas already on their way are still accounted for
    // (the server may deliver them before it answers our </stream:stream>).
    handleUnsolicited(this, frame);
    if (this._phase === 'ended') return;
    // Before the pending request sees it: the reply that completes a request is inside its checks' window.
    if (this._ext?.checks && checksOnFrame(this, frame)) return;
    if (this._pending) pendingOnFrame(this, frame);
  }

  onClose(err: XloadError | null): void {
    if (err && this._phase !== 'ended' && retryConnect(this, err)) return;
    if (err && this._phase !== 'ended' && reconnectAfterDrop(this, err)) return;
    this.releaseConnection();
    if (this._phase === 'ended' || err === null) return;
    this.end(failed(err));
  }

  // ---- identity, connection, memory (VmUser) ----

  setCredentials(username: string, password: string, onlineId: number): void {
    this.ownUsername = username;
    this.ownPassword = password;
    this._onlineId = onlineId;
  }
  setDomain(domain: string): void {
    this._domain = domain;
  }
  setJid(jid: string): void {
    this._jid = jid;
  }

  useConnection(conn: XmppTransport, features: StreamFeatures | null = null): void {
    this._conn = conn;
    this._features = features;
    if (this.host.traffic) tapConnection(this, conn);
    const m = this.ioMark;
    m.bytesIn = m.bytesOut = m.stanzasIn = m.stanzasOut = 0;
  }

  releaseConnection(): XmppTransport | null {
    const conn = this._conn;
    if (conn) this.flushIo(conn);
    this._conn = null;
    this._features = null;
    leaveOnlineSet(this);
    return conn;
  }

  setFeatures(features: StreamFeatures | null): void {
    this._features = features;
  }
  setRetryAttempt(n: number): void {
    this._retryAttempt = n;
  }
  rememberLogin(memory: Readonly<AuthMemory>): void {
    this._authMemory = memory;
  }

  setOnline(on: boolean, publish = true): void {
    this._online = on;
    if (publish) this.host.shared.online.setOnline(this._onlineId, on);
  }

  flushIo(conn: XmppTransport): void {
    countIo(this.host.stats, conn, this.ioMark);
  }

  drainStarted(): void {
    this._closing++;
  }
  drainEnded(): void {
    this._closing--;
  }

  setVar(name: string, value: string): void {
    (this._vars ??= new Map()).set(name, value);
  }
  setPreviousDest(jid: string): void {
    this._previousDest = jid;
  }
  setRosterJid(jid: string): void {
    this._rosterJid = jid;
  }
  extensions(): UserExtensions {
    return (this._ext ??= {});
  }

  // ---- the end of a session (session-end.ts) ----

  requestStop(): void {
    requestStop(this);
  }

  /** The run ends this session now: the socket is dropped. */
  abort(): void {
    this.end(ABORTED);
  }

  end(outcome: UserOutcome): void {
    endSession(this, outcome);
  }

  // ---- the stack ----

  enterFrame(frame: VmFrame): void {
    this._stack.push(frame);
  }

  leaveFrame(): void {
    this._stack.pop();
  }

  repeatLastOp(): void {
    const top = this._stack[this._stack.length - 1];
    if (!top || top.pc === 0) throw new InternalError(`user ${this.id}: no op to run again`);
    top.pc -= 1;
  }

  restartSession(): void {
    this._stack.length = 1;
    this._stack[0]!.pc = 0;
  }

  setPhase(to: UserPhase): void {
    this._phase = checkUserTransition(this.id, this._phase, to);
  }
}
