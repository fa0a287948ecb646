import type { JabberRequest, RequestOp } from '../../scenario/plan.js';
import { XloadError } from '../../errors.js';
import type { Frame } from '../../xmpp/index.js';
import { GlobalAckTimeoutError, RequestTimeoutError } from './errors.js';
import { applyReplyRules } from './reply-rules.js';
import { Wait, type User } from './user.js';

/** What a reply matcher says about one inbound frame. */
export enum Match {
  /** Not the reply to this request: keep waiting. */
  NotMine = 0,
  /** The reply: the request is complete. */
  Done = 1,
  /** Part of the exchange (a SASL challenge, a TLS proceed): keep waiting. */
  Consumed = 2,
}

export type ReplyMatcher = (u: User, f: Frame, p: Pending) => Match | XloadError;

/**
 * The request a user is blocked on, and how it completes. One object per blocking
 * request; dropped as soon as the request completes.
 */
export interface Pending {
  op: RequestOp;
  req: JabberRequest;
  started: number;
  mode: 'connect' | 'reply' | 'any' | 'regexp' | 'global' | 'stream' | 'closing';
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

export function newPending(op: RequestOp, req: JabberRequest, now: number): Pending {
  return {
    op,
    req,
    started: now,
    mode: 'reply',
    matcher: null,
    regexp: null,
    target: 0,
    recordRequest: req.ack !== 'no_ack',
    metric: null,
    thenWaitStream: false,
    state: null,
    id: null,
  };
}

/** Blocks the user on `p`, with a reply timeout on the shard's timer heap. */
export function installPending(u: User, p: Pending): void {
  u.pending = p;
  u.wait = p.mode === 'global' ? Wait.Global : Wait.Reply;
  const opts = u.host.plan.options;
  const ms = p.mode === 'global' ? opts.globalAckTimeoutMs : u.host.requestTimeoutMs;
  u.timerToken = u.host.timers.schedule(u.host.now() + ms, u);
  if (p.mode === 'global') u.host.watchGlobalAck();
}

export function completePending(u: User, frame: Frame | null): void {
  const p = u.pending;
  if (!p) return;
  u.pending = null;
  u.wait = Wait.None;
  u.timerToken = 0;
  const now = u.host.now();
  if (p.recordRequest) u.host.stats.record(requestMetric(p.req.type), now - p.started);
  if (p.metric) u.host.stats.record(p.metric, now - p.started);
  u.intendedAt = now;
  if (frame && (p.op.dynVars.length > 0 || p.op.matches.length > 0)) {
    if (!applyReplyRules(u, p.op, frame.raw)) return;
  }
  u.run();
}

const requestMetrics = new Map<string, string>();

/** `request.<type>`, built once per type rather than once per completed request. */
function requestMetric(type: string): string {
  let m = requestMetrics.get(type);
  if (m === undefined) requestMetrics.set(type, (m = `request.${type}`));
  return m;
}

export function failPending(u: User, why: 'timeout'): void {
  const p = u.pending;
  if (!p) return;
  const err =
    p.mode === 'global'
      ? new GlobalAckTimeoutError(u.host.plan.options.globalAckTimeoutMs)
      : new RequestTimeoutError(p.req.type, u.host.requestTimeoutMs);
  void why;
  u.fail(err);
}

/** An inbound frame while blocked; `null` means the socket just connected. */
export function pendingOnFrame(u: User, frame: Frame | null): void {
  const p = u.pending!;
  if (frame === null) {
    if (p.mode === 'connect') connected(u, p);
    return;
  }
  switch (p.mode) {
    case 'reply': {
      const r = p.matcher!(u, frame, p);
      if (r === Match.Done) completePending(u, frame);
      else if (r instanceof XloadError) u.fail(r);
      return;
    }
    case 'any':
      completePending(u, frame);
      return;
    case 'regexp':
      if (p.regexp!.test(frame.raw)) completePending(u, frame);
      return;
    default:
      return;
  }
}

export function pendingOnStreamOpen(u: User, _attrs: Record<string, string>): void {
  const p = u.pending!;
  if (p.mode === 'stream') completePending(u, null);
}

/** The socket (and TLS, for direct TLS) is up: open the stream. */
function connected(u: User, p: Pending): void {
  const conn = u.conn!;
  u.host.stats.record('connect', u.host.now() - p.started);
  u.host.shared.online.setConnected(u.onlineId, true);
  const legacy = p.req.version === 'legacy';
  conn.openStream(u.domain, { version: legacy ? null : '1.0' });
  if (!p.thenWaitStream) {
    completePending(u, null);
    return;
  }
  p.mode = legacy ? 'stream' : 'reply';
  p.matcher = featuresMatcher;
}

/** The reply to a stream (re)open is its `<stream:features>` (RFC 6120 §4.3.2). */
export const featuresMatcher: ReplyMatcher = (_u, f) =>
  f.name === 'stream:features' ? Match.Done : Match.NotMine;
