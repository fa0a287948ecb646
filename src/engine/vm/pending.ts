import { XloadError } from '../../errors.js';
import type { Frame } from '../../xmpp/index.js';
import { GlobalAckTimeoutError, RequestTimeoutError } from './errors.js';
import { applyReplyRules } from './reply-rules.js';
import { failed, Match, type Pending, type ReplyMatcher, type VmUser } from './user-api.js';
import { METRIC, requestMetric } from '../../stats/metric-names.js';
import { dumpRequest } from './traffic-tap.js';
import { waitChecks } from './checks.js';

export { Match, type Pending, type ReplyMatcher } from './user-api.js';

export { newPending } from './new-pending.js';

/** Blocks the user on `p`, with a reply timeout on the shard's timer heap. */
export function installPending(u: VmUser, p: Pending): void {
  u.block(p);
}

export function completePending(u: VmUser, frame: Frame | null): void {
  const p = u.unblock();
  if (!p) return;
  const now = u.host.now();
  if (p.recordRequest) u.host.stats.record(requestMetric(p.req.type), now - p.started);
  if (p.metric) u.host.stats.record(p.metric, now - p.started);
  if (u.host.traffic) dumpRequest(u, p.req.type, 'ok', now - p.started);
  if (frame && p.op && (p.op.dynVars.length > 0 || p.op.matches.length > 0)) {
    if (!applyReplyRules(u, p.op, frame.raw)) return;
  }
  if (u.ext?.checks && waitChecks(u)) return;
  u.run();
}

/** The pending request timed out. */
export function failPending(u: VmUser): void {
  const p = u.pending;
  if (!p) return;
  const err =
    p.mode === 'global'
      ? new GlobalAckTimeoutError(u.host.plan.options.globalAckTimeoutMs)
      : new RequestTimeoutError(p.req.type, u.host.requestTimeoutMs);
  u.end(failed(err));
}

/** An inbound frame while blocked; `null` means the socket just connected. */
export function pendingOnFrame(u: VmUser, frame: Frame | null): void {
  const p = u.pending!;
  if (frame === null) {
    if (p.mode === 'connect') connected(u, p);
    return;
  }
  switch (p.mode) {
    case 'reply': {
      const r = p.matcher!(u, frame, p);
      if (r === Match.Done) completePending(u, frame);
      else if (r instanceof XloadError) {
        // The frame that made the request fail is what the server said (error samples).
        r.detail ??= frame.raw;
        u.end(failed(r));
      }
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

export function pendingOnStreamOpen(u: VmUser, _attrs: Record<string, string>): void {
  const p = u.pending!;
  if (p.mode === 'stream') completePending(u, null);
}

/** The socket (and TLS, for direct TLS) is up: open the stream. */
function connected(u: VmUser, p: Pending): void {
  const conn = u.conn!;
  u.host.stats.record(METRIC.connect, u.host.now() - p.started);
  u.host.shared.online.setConnected(u.onlineId, true);
  const legacy = p.req.type === 'connect' && p.req.version === 'legacy';
  conn.openStream(u.domain, { version: legacy ? null : '1.0' });
  if (!p.thenWaitStream) {
    completePending(u, null);
    return;
  }
  p.mode = legacy ? 'stream' : 'reply';
  p.matcher = featuresMatcher;
}

/** The reply to a stream (re)open is its `<stream:features>` (RFC 6120 §4.3.2). */
export const featuresMatcher: ReplyMatcher = (_u, f) => (f.name === 'stream:features' ? Match.Done : Match.NotMine);
