/**
 * xload request types beyond Tsung, for features every modern client uses: message
 * carbons (XEP-0280), client state indication (XEP-0352), blocking (XEP-0191) and
 * message archive queries (XEP-0313). Each is an iq with its reply matched by id, except
 * CSI, which has no reply (XEP-0352 §4) and is refused locally when the stream does not
 * offer it (`feature_not_offered.csi`), as a server would silently drop it.
 */
import { csi, escapeAttr } from '../../../xmpp/index.js';
import { resolveDestination } from './destination.js';
import { smOf, smSendControl } from './sm-state.js';
import { sendIq } from './iq-reply.js';
import { notConnected } from './not-connected.js';
import { Sent, type RequestHandler } from './sent.js';

const CARBONS = 'urn:xmpp:carbons:2';
const BLOCKING = 'urn:xmpp:blocking';

/** XEP-0280 §4: enable / disable carbons for this resource. */
export const carbonsEnable: RequestHandler = (u, req, p) => carbons(u, req, p, 'enable');
export const carbonsDisable: RequestHandler = (u, req, p) => carbons(u, req, p, 'disable');

function carbons(...[u, req, p, what]: [...Parameters<RequestHandler>, 'enable' | 'disable']): Sent {
  if (!u.conn) return notConnected(u, req.type);
  sendIq(u, p, (id) => `<iq type='set' id='${escapeAttr(id)}'><${what} xmlns='${CARBONS}'/></iq>`);
  return Sent.AwaitReply;
}

/** XEP-0352 §3: `<active/>` / `<inactive/>` (no reply). */
export const csiActive: RequestHandler = (u, req) => csiSend(u, req, true);
export const csiInactive: RequestHandler = (u, req) => csiSend(u, req, false);

function csiSend(u: Parameters<RequestHandler>[0], req: Parameters<RequestHandler>[1], active: boolean): Sent {
  if (!u.conn) return notConnected(u, req.type);
  if (u.features && !u.features.csi) {
    u.host.stats.error('feature_not_offered.csi');
    return Sent.Skipped;
  }
  // A nonza: XEP-0198 §4 does not count it, so neither does our SM bookkeeping.
  const sm = smOf(u);
  if (sm) smSendControl(sm, u.conn, csi(active));
  else u.conn.send(csi(active));
  return Sent.NoReply;
}

/** XEP-0191 §3.3: block a destination user (it becomes the one block:remove unblocks). */
export const blockAdd: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const dest = resolveDestination(u, req);
  if (!dest) return Sent.Skipped;
  u.extensions().blocked = dest.jid;
  sendIq(
    u,
    p,
    (id) => `<iq type='set' id='${escapeAttr(id)}'><block xmlns='${BLOCKING}'><item jid='${escapeAttr(dest.jid)}'/></block></iq>`,
  );
  return Sent.AwaitReply;
};

/** XEP-0191 §3.4: unblock the last blocked user, or everyone (§3.5) when there is none. */
export const blockRemove: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const jid = u.ext?.blocked;
  if (u.ext) delete u.ext.blocked;
  const item = jid ? `<item jid='${escapeAttr(jid)}'/>` : '';
  sendIq(u, p, (id) => `<iq type='set' id='${escapeAttr(id)}'><unblock xmlns='${BLOCKING}'>${item}</unblock></iq>`);
  return Sent.AwaitReply;
};

/** XEP-0191 §3.2: the block list. */
export const blockGet: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  sendIq(u, p, (id) => `<iq type='get' id='${escapeAttr(id)}'><blocklist xmlns='${BLOCKING}'/></iq>`);
  return Sent.AwaitReply;
};
