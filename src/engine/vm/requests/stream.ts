import { Reply, starttls, starttlsAnswer } from '../../../xmpp/index.js';
import { connectOptions, newTransport } from './transport-factory.js';
import { XloadError } from '../../../errors.js';
import { completePending, featuresMatcher, Match, type ReplyMatcher } from '../pending.js';
import { asMatch } from './iq-reply.js';
import { Sent, type RequestHandler } from './sent.js';
import { closeGracefully } from '../drain.js';
import { failed } from '../user-api.js';

/** Raised for a `<server type>` whose transport this engine does not run yet. */
export class TransportUnsupportedError extends XloadError {
  constructor(type: string) {
    super('transport_unsupported', `server type ${type} is not supported by this engine yet`);
  }
}

/**
 * connect: a new socket and stream; on an open connection, a stream restart (RFC 6120
 * §4.3.3, after STARTTLS or SASL), as Tsung scenarios write it.
 */
export const connect: RequestHandler = (u, req, p) => {
  const legacy = req.version === 'legacy';
  if (u.conn) {
    u.conn.openStream(u.domain, { version: legacy ? null : '1.0' });
    if (legacy) p.mode = 'stream';
    else p.matcher = featuresMatcher;
    return Sent.AwaitReply;
  }
  const server = u.host.pickServer();
  const conn = newTransport(u, server);
  if (!conn) {
    u.end(failed(new TransportUnsupportedError(server.type)));
    return Sent.Skipped;
  }
  u.useConnection(conn);
  conn.connect(connectOptions(u, server));
  p.mode = 'connect';
  p.state = u.retryAttempt;
  u.setRetryAttempt(0);
  p.thenWaitStream = req.ack !== 'no_ack';
  return Sent.MustWait;
};

/**
 * close: `</stream:stream>` (RFC 6120 §4.4); stanzas already on their way are still read.
 * With an ack, the reply is the server closing its side of the stream.
 */
export const close: RequestHandler = (u, req, p) => {
  const conn = u.conn;
  if (!conn) return Sent.Skipped;
  u.releaseConnection();
  closeGracefully(u, conn);
  if (req.ack === 'no_ack') return Sent.NoReply;
  p.mode = 'closing';
  return Sent.MustWait;
};

/** starttls (RFC 6120 §5.4.2): ask, wait for `<proceed/>`, upgrade the socket in place. */
export const startTls: RequestHandler = (u, _req, p) => {
  const conn = u.conn;
  if (!conn) return Sent.Skipped;
  conn.send(starttls());
  p.matcher = tlsMatcher;
  p.mode = 'reply';
  return Sent.MustWait;
};

/** The flow's STARTTLS step: on `<proceed/>` the socket is upgraded, then the request completes. */
const tlsMatcher: ReplyMatcher = (u, f) => {
  const r = starttlsAnswer(f);
  if (r !== Reply.Done) return asMatch(r);
  u.conn?.startTls((err) => {
    if (err) u.end(failed(err));
    else completePending(u, null);
  });
  return Match.Consumed;
};
