/**
 * mam:query (XEP-0313 §4): asks the user's own archive for one page of `size` messages
 * (RSM max, XEP-0059; 20 when size is 0). The server sends each archived message as a
 * `<result/>` message, then the iq result with `<fin/>` (§4.3): the request completes on
 * that iq, so `request.mam:query` is the latency of the full page. Results are counted
 * (`mam_results_received`) and never taken for deliveries.
 */
import { escapeAttr } from '../../../xmpp/index.js';
import { iqReply } from './iq-reply.js';
import { notConnected } from './not-connected.js';
import { Sent, type RequestHandler } from './sent.js';
import { Match, type ReplyMatcher } from '../pending.js';

const MAM = 'urn:xmpp:mam:2';
const RSM = 'http://jabber.org/protocol/rsm';

export const mamQuery: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const max = req.size > 0 ? req.size : 20;
  p.id = u.host.nextStanzaId();
  p.matcher = pageReply;
  const qid = escapeAttr(p.id);
  u.conn.send(`<iq type='set' id='${qid}'><query xmlns='${MAM}' queryid='${qid}'><set xmlns='${RSM}'><max>${max}</max></set></query></iq>`);
  return Sent.AwaitReply;
};

const pageReply: ReplyMatcher = (u, f, p) => {
  // Each result was counted as `mam_results_received` by the inbound handler.
  if (f.name === 'message' && (f.raw.includes(`queryid='${p.id}'`) || f.raw.includes(`queryid="${p.id}"`))) return Match.Consumed;
  return iqReply(u, f, p);
};
