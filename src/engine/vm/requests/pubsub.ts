import { escapeAttr } from '../../../xmpp/index.js';
import type { JabberRequest } from '../../../scenario/plan.js';
import type { VmUser } from '../user-api.js';
import { makeGroupBody } from './group-stamp.js';
import { resolveDestination } from './destination.js';
import { sendIq } from './iq-reply.js';
import { notConnected } from './not-connected.js';
import { nodeAttr, nodeOptionFields } from './pubsub-node.js';
import { Sent, type RequestHandler } from './sent.js';
import { COUNTER } from '../../../stats/metric-names.js';

const PUBSUB = 'http://jabber.org/protocol/pubsub';
const OWNER = 'http://jabber.org/protocol/pubsub#owner';

function service(u: VmUser): string {
  return escapeAttr(u.host.plan.options.jabber.pubsubService);
}

function bare(u: VmUser): string {
  return escapeAttr(`${u.username}@${u.domain}`);
}

function iqSet(u: VmUser, id: string, payload: string): string {
  return `<iq to='${service(u)}' type='set' id='${escapeAttr(id)}'>${payload}</iq>`;
}

/**
 * pubsub:create (XEP-0060 §8.1): `node_type` becomes the create element's type (e.g.
 * collection), `data` the x:data configure form (Tsung's Erlang-term list; an
 * unparseable one is counted as `pubsub_bad_options` and sent without options, as Tsung).
 */
export const pubsubCreate: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  let fields = '';
  if (req.data !== undefined) {
    const f = nodeOptionFields(req.data);
    if (f === null) u.host.stats.count(COUNTER.pubsubBadOptions);
    else fields = f;
  }
  const type = req.nodeType ? ` type='${escapeAttr(req.nodeType)}'` : '';
  const node = nodeAttr(req.node, u.domain, u.username);
  // Without options the node takes the service's defaults (§8.1.1): no configure element,
  // which Prosody would reject as bad-request when empty.
  const configure = fields ? `<configure><x xmlns='jabber:x:data' type='submit'>${formType()}${fields}</x></configure>` : '';
  sendIq(u, p, (id) => iqSet(u, id, `<pubsub xmlns='${PUBSUB}'><create${node}${type}/>${configure}</pubsub>`));
  return Sent.AwaitReply;
};

function formType(): string {
  return `<field var='FORM_TYPE' type='hidden'><value>${PUBSUB}#node_config</value></field>`;
}

/** pubsub:delete (XEP-0060 §8.4), owner namespace. */
export const pubsubDelete: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const node = nodeAttr(req.node, u.domain, u.username);
  sendIq(u, p, (id) => iqSet(u, id, `<pubsub xmlns='${OWNER}'><delete${node}/></pubsub>`));
  return Sent.AwaitReply;
};

/** The user whose hierarchy a subscription names (Tsung: the destination user). */
function targetUser(u: VmUser, req: JabberRequest): string | null {
  const dest = resolveDestination(u, req);
  if (!dest) return null;
  return dest.jid.slice(0, dest.jid.indexOf('@'));
}

/** pubsub:subscribe (XEP-0060 §6.1) to a node of the destination user's hierarchy. */
export const pubsubSubscribe: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const owner = targetUser(u, req);
  if (owner === null) return Sent.Skipped;
  const node = nodeAttr(req.node ?? '', u.domain, owner);
  sendIq(u, p, (id) => iqSet(u, id, `<pubsub xmlns='${PUBSUB}'><subscribe${node} jid='${bare(u)}'/></pubsub>`));
  return Sent.AwaitReply;
};

/** pubsub:unsubscribe (XEP-0060 §6.2), with the subid when the scenario has one. */
export const pubsubUnsubscribe: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  const owner = targetUser(u, req);
  if (owner === null) return Sent.Skipped;
  const node = nodeAttr(req.node ?? '', u.domain, owner);
  const subid = req.subid ? ` subid='${escapeAttr(req.subid)}'` : '';
  sendIq(u, p, (id) => iqSet(u, id, `<pubsub xmlns='${PUBSUB}'><unsubscribe${node} jid='${bare(u)}'${subid}/></pubsub>`));
  return Sent.AwaitReply;
};

/**
 * pubsub:publish (XEP-0060 §7.1) of an `<entry>` of `size` bytes. Stamped, it is accounted
 * per notified subscriber: `pubsub_published` here, `pubsub_deliveries` and
 * `pubsub_msg_latency` at each subscriber that gets the event (§7.1.2).
 */
export const pubsubPublish: RequestHandler = (u, req, p) => {
  if (!u.conn) return notConnected(u, req.type);
  let entry: string;
  if (req.stamped) {
    entry = makeGroupBody(u.host.runId, 'p', u.stampTime(), req.size);
    u.host.stats.count(COUNTER.pubsubPublished);
  } else entry = 'x'.repeat(Math.max(0, req.size));
  const node = nodeAttr(req.node, u.domain, u.username);
  sendIq(u, p, (id) =>
    iqSet(
      u,
      id,
      `<pubsub xmlns='${PUBSUB}'><publish${node}><item><entry xmlns='urn:xload:entry'>${entry}</entry></item></publish></pubsub>`,
    ),
  );
  return Sent.AwaitReply;
};
