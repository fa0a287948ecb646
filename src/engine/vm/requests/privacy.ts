import { escapeAttr } from '../../../xmpp/index.js';
import { sendIq } from './iq-reply.js';
import { notConnected } from './not-connected.js';
import { Sent, type RequestHandler } from './sent.js';

const PRIVACY = 'jabber:iq:privacy';

/**
 * privacy:get_names (XEP-0016 §2.3). Tsung also writes a `from` with resource "tsung";
 * xload leaves it out: the server stamps the real one (RFC 6120 §8.1.2.1).
 */
export const privacyGetNames: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  sendIq(u, p, (id) => `<iq type='get' id='${escapeAttr(id)}'><query xmlns='${PRIVACY}'/></iq>`);
  return Sent.AwaitReply;
};

/** privacy:set_active (XEP-0016 §2.4): the list Tsung names `<user>@<domain>_list`. */
export const privacySetActive: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const list = escapeAttr(`${u.username}@${u.domain}_list`);
  sendIq(u, p, (id) => `<iq type='set' id='${escapeAttr(id)}'><query xmlns='${PRIVACY}'><active name='${list}'/></query></iq>`);
  return Sent.AwaitReply;
};
