/**
 * The user VM as its request handlers, reply matchers and inbound handling see it: one
 * interface, in a leaf module (it imports types only), so the ~20 files that act on a user
 * depend on this contract instead of on user.ts and on each other through it. The fields
 * are read-only here; every change goes through a named method that keeps the user's
 * phase (user-state.ts), its connection and its accounting consistent.
 */
import type { XloadError } from '../../errors.js';
import type { JabberRequest, Op, RequestOp, SessionSpec, SourcePos } from '../../scenario/plan.js';
import type { ConnectionHandlers, Frame, StreamFeatures, XmppTransport } from '../../xmpp/index.js';
import type { TimerTarget } from '../shard/timer-heap.js';
import type { ShardHost } from '../shard/shard-host.js';
import type { AuthMemory, UserExtensions } from './user-ext.js';
import type { UserPhase } from './user-state.js';
import type { Vars } from './vars.js';

/** One level of the VM's stack: the op list being run and the op that opened it. */
export interface VmFrame {
  ops: Op[];
  pc: number;
  /** The container (transaction, for, repeat, if, foreach); null for the session itself. */
  op: Op | null;
  iter: number;
  start: number;
  list?: string[];
}

/** What a reply matcher says about one inbound frame. */
export enum Match {
  /** Not the reply to this request: keep waiting. */
  NotMine = 0,
  /** The reply: the request is complete. */
  Done = 1,
  /** Part of the exchange (a SASL challenge, a TLS proceed): keep waiting. */
  Consumed = 2,
}

export type ReplyMatcher = (u: VmUser, f: Frame, p: Pending) => Match | XloadError;

/**
 * What a user can wait on that is not a scenario request: a `wait_global`/`wait_bidi`
 * thinktime, or the reconnection after a drop. Never in a plan: the compiler's
 * JabberType table does not know them.
 */
export interface PseudoRequest {
  readonly type: 'thinktime' | 'xload:reconnecting';
  readonly ack: 'no_ack';
}

export type PendingRequest = JabberRequest | PseudoRequest;

/** `expect`: the request is done, its `<expect>` checks are still open (checks.ts). */
export type PendingMode = 'connect' | 'reply' | 'any' | 'regexp' | 'global' | 'stream' | 'closing' | 'expect';

/**
 * The request a user is blocked on, and how it completes. One object per blocking
 * request; dropped as soon as the request completes.
 */
export interface Pending {
  /** The scenario's request; null for a pseudo request (nothing to capture or match). */
  op: RequestOp | null;
  req: PendingRequest;
  started: number;
  mode: PendingMode;
  matcher: ReplyMatcher | null;
  regexp: RegExp | null;
  /** Barrier count to wait for (ack="global"). */
  target: number;
  /** Record `request.<type>` when complete (acked requests only, as Tsung). */
  recordRequest: boolean;
  /** Another metric this exchange measures (`auth`). */
  metric: string | null;
  /** For connect: once the socket is up, wait for the stream's features (or header). */
  thenWaitStream: boolean;
  /** Per-exchange state of a request handler (a SASL client, a stanza id). */
  state: unknown;
  id: string | null;
}

/** How a session ends: exactly one of these, once (User.end). */
export type UserOutcome =
  | { readonly kind: 'finished' }
  /** `step`: where the failure happened when it is not a request (a `<story>`), for the error sample. */
  | { readonly kind: 'failed'; readonly error: XloadError; readonly step?: FailedStep }
  /** The run ended the session early; `abort` drops the socket instead of closing the stream. */
  | { readonly kind: 'interrupted'; readonly abort: boolean };

export const FINISHED: UserOutcome = Object.freeze({ kind: 'finished' });
/** The run stopped the session (a graceful stop): its stream is closed. */
export const INTERRUPTED: UserOutcome = Object.freeze({ kind: 'interrupted', abort: false });
/** The run aborted the session: its socket is dropped. */
export const ABORTED: UserOutcome = Object.freeze({ kind: 'interrupted', abort: true });
export const failed = (error: XloadError, step?: FailedStep): UserOutcome =>
  step ? { kind: 'failed', error, step } : { kind: 'failed', error };

/** A session step that failed and is not a request: its label (`story:chat`) and scenario position. */
export interface FailedStep {
  readonly label: string;
  readonly pos: SourcePos;
  /** The accounts the step logged in as, when not the user's own (a story's). */
  readonly user?: string;
}

/** What a request handler did. */
export enum Sent {
  /** Nothing was sent (e.g. no online user to write to); the error is already counted. */
  Skipped = 0,
  /** Sent; the request has no natural reply (presence, chat, raw). */
  NoReply = 1,
  /** Sent; `p.matcher` recognises its reply (iq result by id, SASL success, ...). */
  AwaitReply = 2,
  /** The user must block whatever the ack mode (socket connect, STARTTLS upgrade). */
  MustWait = 3,
}

/** Builds and sends one request type; sets up `p` for its reply. */
export type RequestHandler = (u: VmUser, req: JabberRequest, p: Pending) => Sent;

/** One simulated user, as the code that acts on it sees it (it is its connection's handler). */
export interface VmUser extends ConnectionHandlers, TimerTarget {
  readonly id: number;
  readonly host: ShardHost;
  readonly session: SessionSpec;
  /** A `<session run_once>` user (before the load): counted as run_once_*, not users_*. */
  readonly runOnce: boolean;
  readonly phase: UserPhase;
  /** phase === 'ended'. */
  readonly ended: boolean;
  /** Graceful stop requested: the session ends at its next blocking point. */
  readonly stopRequested: boolean;
  /** The open containers, the session's own frame at the bottom; changed only by the methods below. */
  readonly stack: readonly VmFrame[];
  readonly pending: Pending | null;
  /** Opens a container (transaction, for, repeat, if, foreach): its ops run next. */
  enterFrame(frame: VmFrame): void;
  /** The op just started runs again at the next turn (a connect retry, `<match do="loop">`). */
  repeatLastOp(): void;
  /** Back to the session's first op, every open container dropped (`<match do="restart">`). */
  restartSession(): void;

  // -- identity --
  readonly username: string;
  readonly password: string;
  readonly domain: string;
  /** Full JID once bound. */
  readonly jid: string | null;
  /** Slot in the shared online set (its id, or a CSV name's slot); 0 for none. */
  readonly onlineId: number;
  /** `<xmpp_authenticate>`: this session's credentials, and the online slot that follows the name. */
  setCredentials(username: string, password: string, onlineId: number): void;
  setDomain(domain: string): void;
  setJid(jid: string): void;

  // -- connection --
  readonly conn: XmppTransport | null;
  /** Parsed `<stream:features>` of the current stream. */
  readonly features: StreamFeatures | null;
  /** Available presence sent and not withdrawn (this user's own view). */
  readonly online: boolean;
  /** Connections closed by this user that the server has not closed yet (drain.ts). */
  readonly closing: number;
  /** Connect attempts that failed so far for the current connect request (max_retries). */
  readonly retryAttempt: number;
  /** How this user last logged in (requests/auth-memory.ts); shared between users. */
  readonly authMemory: Readonly<AuthMemory> | null;
  /** A new transport (connect, reconnect): byte counts start at zero; `features` when already known. */
  useConnection(conn: XmppTransport, features?: StreamFeatures | null): void;
  /** Takes the connection away from the user (close, drop, retry): its I/O is counted first. */
  releaseConnection(): XmppTransport | null;
  setFeatures(features: StreamFeatures | null): void;
  setRetryAttempt(n: number): void;
  rememberLogin(memory: Readonly<AuthMemory>): void;
  /** `publish` = false: online for this user's own logic only, not yet pickable by others (join-confirm.ts). */
  setOnline(on: boolean, publish?: boolean): void;
  /** Reports this connection's byte and stanza counts since the last call. */
  flushIo(conn: XmppTransport): void;
  /** A connection of this user starts draining, and later its socket is gone (drain.ts). */
  drainStarted(): void;
  drainEnded(): void;

  // -- scenario memory --
  readonly vars: Vars | null;
  /** Destination of the last chat (destination="previous"), and of the last roster request. */
  readonly previousDest: string | null;
  readonly rosterJid: string | null;
  setVar(name: string, value: string): void;
  setPreviousDest(jid: string): void;
  setRosterJid(jid: string): void;
  /** Optional per-feature state, null until a feature asks for it (user-ext.ts). */
  readonly ext: UserExtensions | null;
  /** The extension slot, created on first use. */
  extensions(): UserExtensions;

  // -- scheduling --
  /** The scenario request this user started last (where an error that no request waits for comes from). */
  readonly lastRequest: RequestOp | null;
  /** When the current step was meant to happen: the reference for stamped messages. */
  readonly intendedAt: number;
  /** The send time a stamped message carries (no coordinated omission, never in the future). */
  stampTime(): number;
  /** Runs ops until one blocks or the session ends. */
  run(): void;
  /** Sleeps until `due` (epoch ms); run() resumes then, with intendedAt = due. */
  sleepUntil(due: number): void;
  /** The end of the thinktime the user is sleeping through (epoch ms); 0 when not thinking. */
  readonly thinkingUntil: number;
  /** Blocks on `p`, with its reply timeout (or until `dueAt`, epoch ms) on the shard's timer heap. */
  block(p: Pending, dueAt?: number): void;
  /** The pending request completed: the user is running again (the caller resumes it). */
  unblock(): Pending | null;
  /**
   * Waits on work outside the VM (a `<story>` body): no pending request and no timer; the
   * owner of that work calls resume() or end(). A graceful stop waits for it, as for a reply.
   */
  suspend(): void;
  /** The outside work is done: run on (a no-op once the user ended). */
  resume(): void;
  /** Ends the session: finished, failed or interrupted, counted once. */
  end(outcome: UserOutcome): void;
}
