/**
 * Stream management requests (XEP-0198), an xload extension: `sm:enable` asks for acks
 * and resumption (§3, §5), `sm:request` sends `<r/>` and waits for the `<a/>` (§4; its
 * round trip is `request.sm:request`). A server that does not offer SM on this stream
 * gets nothing: the user counts `feature_not_offered.sm` and goes on without it.
 */
import { ProtocolError, smEnable, smRequest } from '../../../xmpp/index.js';
import { Match, type ReplyMatcher } from '../pending.js';
import { detach } from '../detach.js';
import { notConnected } from './not-connected.js';
import { smOf, smSendControl, smStart } from './sm-state.js';
import { Sent, type RequestHandler } from './sent.js';
import { COUNTER } from '../../../stats/metric-names.js';

export const smEnableRequest: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  if (u.features && !u.features.sm) {
    u.host.stats.error('feature_not_offered.sm');
    return Sent.Skipped;
  }
  p.matcher = enabledReply;
  u.conn.send(smEnable(true));
  return Sent.AwaitReply;
};

/** §3: `<enabled id resume/>`, or `<failed/>` with a stanza error condition (§3, §6). */
export const enabledReply: ReplyMatcher = (u, f) => {
  if (f.name === 'enabled') {
    const id = f.attrs.resume === 'true' || f.attrs.resume === '1' ? detach(f.attrs.id ?? '') : null;
    if (u.conn) smStart(u, u.conn, id || null);
    u.host.stats.count(COUNTER.smEnabled);
    return Match.Done;
  }
  if (f.name === 'failed') return new ProtocolError('sm_failed', 'the server refused to enable stream management');
  return Match.NotMine;
};

export const smRequestAck: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const s = smOf(u);
  if (!s) {
    u.host.stats.error('sm_not_enabled');
    return Sent.Skipped;
  }
  p.matcher = ackReply;
  smSendControl(s, u.conn, smRequest());
  return Sent.AwaitReply;
};

const ackReply: ReplyMatcher = (_u, f) => (f.name === 'a' ? Match.Done : Match.NotMine);
