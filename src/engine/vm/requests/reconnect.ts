/**
 * Reconnect waves (xload extension `xload:reconnect`): after the server drops a user (a
 * node died, a load balancer reset), the user reconnects with randomised exponential
 * back-off, as real clients do, instead of failing. Attempt n waits
 * retry_timeout × 2^n, capped at 30 s, times a random factor in [0.5, 1) (jitter spreads
 * the storm); after max_retries failed attempts the user fails with the drop's error.
 * Metrics: `reconnect` (drop to usable session), counters `reconnects`,
 * `reconnect_attempts`, `reconnect_gave_up`, and with stream management `sm_resume`
 * (drop to resumed), `sm_resumed`, `sm_resume_failed`, `sm_unacked_at_drop`,
 * `sm_replayed` (resent after `<resumed/>`, sm-resume.ts), `sm_unacked_lost` (resume failed).
 * A reconnect logs in the way the session did (STARTTLS, the same SASL mechanism and
 * channel binding), through the one login flow of src/xmpp/login (reconnect-flow.ts).
 */
import type { XloadError } from '../../../errors.js';
import { ClosedByServerError } from '../../../xmpp/index.js';
import { completePending, Match, newPending, installPending } from '../pending.js';
import type { PseudoRequest, VmUser } from '../user-api.js';
import { notConnected } from './not-connected.js';
import { ReconnectFlow } from './reconnect-flow.js';
import { smOf, smSent } from './sm-state.js';
import { smAbandoned } from './sm-resume.js';
import { Sent, type RequestHandler } from './sent.js';
import { connectOptions, newTransport } from './transport-factory.js';
import { failed } from '../user-api.js';
import { COUNTER, METRIC, reconnectFailedCounter } from '../../../stats/metric-names.js';

const CAP_MS = 30_000;

/** `xload:reconnect`: from here on, a dropped connection is reconnected. */
export const reconnectOn: RequestHandler = (u) => {
  u.extensions().reconnect = true;
  return Sent.NoReply;
};

/**
 * `xload:drop`: drops the socket without closing the stream, as a dead network would, to
 * exercise reconnection and resumption on demand. It completes when the user is back.
 */
export const dropConnection: RequestHandler = (u, req, p) => {
  const conn = u.conn;
  if (!conn) return notConnected(u, req.type);
  if (!beginReconnect(u, new ClosedByServerError('connection dropped by xload:drop'))) {
    u.end(failed(new ClosedByServerError('connection dropped by xload:drop (no xload:reconnect)')));
    return Sent.Skipped;
  }
  p.matcher = () => Match.NotMine;
  p.recordRequest = false;
  return Sent.MustWait;
};

/** Called by the user when its connection closed with an error; true = handled here. */
export function reconnectAfterDrop(u: VmUser, err: XloadError): boolean {
  if (u.ext?.reconnect !== true || u.conn === null) return false;
  if (!beginReconnect(u, err)) return false;
  // A user sleeping through its thinktime waits for the reconnection, then sleeps what is
  // left of it: the drop must not shorten the session the scenario describes.
  if (u.phase === 'thinking' || u.phase === 'running') {
    const thinkingUntil = u.thinkingUntil;
    const p = newPending(null, PAUSE_REQ, u.host.now());
    p.state = thinkingUntil;
    p.matcher = () => Match.NotMine;
    p.recordRequest = false;
    installPending(u, p);
  }
  return true;
}

function beginReconnect(u: VmUser, err: XloadError): boolean {
  if (u.ext?.reconnect !== true || !u.conn) return false;
  const conn = u.conn;
  const sm = smOf(u);
  if (sm) {
    sm.sentAtDrop = smSent(sm, conn);
    sm.dropped = true;
    const unacked = sm.sentAtDrop - sm.acked;
    if (unacked > 0) u.host.stats.count(COUNTER.smUnackedAtDrop, unacked);
  }
  u.flushIo(conn);
  conn.handlers = IGNORE;
  conn.destroy();
  const wasOnline = u.online;
  u.releaseConnection();
  u.host.stats.count(COUNTER.connectionsDropped);
  attempt(u, { droppedAt: u.host.now(), err, n: 0, wasOnline });
  return true;
}

interface Wave {
  droppedAt: number;
  err: XloadError;
  n: number;
  wasOnline: boolean;
}

function attempt(u: VmUser, w: Wave): void {
  const opts = u.host.plan.options;
  if (w.n >= Math.max(1, opts.maxRetries)) {
    u.host.stats.count(COUNTER.reconnectGaveUp);
    smAbandoned(u);
    u.end(failed(w.err));
    return;
  }
  const delay = Math.min(CAP_MS, Math.max(1, opts.retryTimeoutMs) * 2 ** w.n) * (0.5 + u.host.rng() / 2);
  w.n++;
  setTimeout(() => {
    if (u.ended) return;
    u.host.stats.count(COUNTER.reconnectAttempts);
    const server = u.host.pickServer();
    const conn = newTransport(u, server);
    if (!conn) return u.end(failed(w.err));
    const flow = new ReconnectFlow(u, conn, { online: w.wasOnline, smWanted: smOf(u) !== undefined }, (err, r) => {
      if (u.ended) return conn.destroy();
      if (err || !r) {
        // Every attempt is accounted: reconnect_attempts = reconnects +
        // reconnect_attempts_failed (by class), but for attempts cut short by the user's end.
        u.host.stats.count(COUNTER.reconnectAttemptsFailed);
        if (err) u.host.stats.count(reconnectFailedCounter(err.code));
        return attempt(u, w);
      }
      handOver(u, w, r.conn, r.features, r.resumed);
    });
    void flow;
    conn.connect(connectOptions(u, server));
  }, delay).unref();
}

function handOver(u: VmUser, w: Wave, conn: NonNullable<VmUser['conn']>, features: VmUser['features'], resumed: boolean): void {
  conn.handlers = u;
  u.useConnection(conn, features);
  u.host.shared.online.setConnected(u.onlineId, true);
  if (w.wasOnline) u.setOnline(true);
  const took = u.host.now() - w.droppedAt;
  u.host.stats.count(COUNTER.reconnects);
  u.host.stats.record(METRIC.reconnect, took);
  if (resumed) u.host.stats.record(METRIC.smResume, took);
  const p = u.pending;
  if (p?.req === PAUSE_REQ) {
    const thinkingUntil = typeof p.state === 'number' ? p.state : 0;
    if (thinkingUntil > u.host.now()) {
      u.unblock();
      u.sleepUntil(thinkingUntil);
    } else completePending(u, null);
  } else if (u.pending?.req.type === 'xload:drop') completePending(u, null);
}

const IGNORE = { onConnected() {}, onStreamOpen() {}, onFrame() {}, onClose() {} };

const PAUSE_REQ: PseudoRequest = { type: 'xload:reconnecting', ack: 'no_ack' };
