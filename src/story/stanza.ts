/**
 * Builders for what story users send: each returns the XML string StoryClient.send takes.
 * Addresses are JID strings or story clients; text and attributes are escaped here.
 */
import { escapeAttr as a, escapeXml as x } from '../xmpp/escape.js';
import { bareJid, jidOf, type Addressee } from './jid.js';
import { NS } from './ns.js';

let seq = 0;
/** A fresh stanza id, unique within the process. */
export function newId(prefix = 'st'): string {
  seq += 1;
  return `${prefix}${seq}`;
}

export type PresenceType = 'unavailable' | 'subscribe' | 'subscribed' | 'unsubscribe' | 'unsubscribed' | 'probe';
export interface PresenceOptions {
  to?: Addressee;
  show?: 'away' | 'chat' | 'dnd' | 'xa';
  status?: string;
  priority?: number;
  /** Extra child XML, as written. */
  extra?: string;
}

function presenceXml(type: PresenceType | undefined, o: PresenceOptions): string {
  const attrs = (o.to ? ` to='${a(jidOf(o.to))}'` : '') + (type ? ` type='${type}'` : '');
  const body =
    (o.show ? `<show>${o.show}</show>` : '') +
    (o.status !== undefined ? `<status>${x(o.status)}</status>` : '') +
    (o.priority !== undefined ? `<priority>${o.priority}</priority>` : '') +
    (o.extra ?? '');
  return body ? `<presence${attrs}>${body}</presence>` : `<presence${attrs}/>`;
}

function iq(type: 'get' | 'set', to: Addressee | undefined, payload: string, id: string): string {
  return `<iq type='${type}' id='${a(id)}'${to ? ` to='${a(jidOf(to))}'` : ''}>${payload}</iq>`;
}

/** Anything with an `id` and `from`, i.e. a received iq. */
interface Request {
  attrs: Record<string, string>;
}

export const stanza = {
  /** A type='chat' message with a body. */
  chatTo: (to: Addressee, body: string): string => `<message to='${a(jidOf(to))}' type='chat'><body>${x(body)}</body></message>`,
  /** A message of any type, e.g. 'normal' or 'headline'. */
  message: (to: Addressee, body: string, type = 'normal'): string =>
    `<message to='${a(jidOf(to))}' type='${a(type)}'><body>${x(body)}</body></message>`,

  /** Broadcast presence: available (default) or unavailable, with show/status/priority. */
  presence: (type?: 'unavailable', o: Omit<PresenceOptions, 'to'> = {}): string => presenceXml(type, o),
  /** Directed presence to one JID. */
  presenceTo: (to: Addressee, type?: PresenceType, o: Omit<PresenceOptions, 'to'> = {}): string => presenceXml(type, { ...o, to }),
  /** Subscription requests and answers go to the bare JID (RFC 6121 §3). */
  subscribe: (to: Addressee): string => presenceXml('subscribe', { to: bareJid(jidOf(to)) }),
  subscribed: (to: Addressee): string => presenceXml('subscribed', { to: bareJid(jidOf(to)) }),
  unsubscribe: (to: Addressee): string => presenceXml('unsubscribe', { to: bareJid(jidOf(to)) }),
  unsubscribed: (to: Addressee): string => presenceXml('unsubscribed', { to: bareJid(jidOf(to)) }),

  rosterGet: (id = newId('roster')): string => iq('get', undefined, `<query xmlns='${NS.roster}'/>`, id),
  /** Adds or updates a roster item (RFC 6121 §2.3). */
  rosterAdd: (contact: Addressee, o: { name?: string; groups?: string[] } = {}, id = newId('roster')): string => {
    const name = o.name !== undefined ? ` name='${a(o.name)}'` : '';
    const groups = (o.groups ?? []).map((g) => `<group>${x(g)}</group>`).join('');
    const item = `<item jid='${a(bareJid(jidOf(contact)))}'${name}${groups ? `>${groups}</item>` : '/>'}`;
    return iq('set', undefined, `<query xmlns='${NS.roster}'>${item}</query>`, id);
  },
  rosterRemove: (contact: Addressee, id = newId('roster')): string =>
    iq('set', undefined, `<query xmlns='${NS.roster}'><item jid='${a(bareJid(jidOf(contact)))}' subscription='remove'/></query>`, id),

  /** The empty result answering a received iq get/set (e.g. a roster push). */
  iqResult: (req: Request, payload = ''): string => {
    const to = req.attrs.from ? ` to='${a(req.attrs.from)}'` : '';
    return `<iq type='result' id='${a(req.attrs.id ?? '')}'${to}${payload ? `>${payload}</iq>` : '/>'}`;
  },
  iqGet: (to: Addressee | undefined, payload: string, id = newId('iq')): string => iq('get', to, payload, id),
  iqSet: (to: Addressee | undefined, payload: string, id = newId('iq')): string => iq('set', to, payload, id),
  /** XEP-0199 ping; to the server when `to` is absent. */
  ping: (to?: Addressee, id = newId('ping')): string => iq('get', to, `<ping xmlns='${NS.ping}'/>`, id),

  /** XEP-0045 join: presence to room/nick with the MUC child (no history asked). */
  mucJoin: (room: string, nick: string): string =>
    `<presence to='${a(`${room}/${nick}`)}'><x xmlns='${NS.muc}'><history maxstanzas='0'/></x></presence>`,
  /** Owner accepts the default configuration (§10.1.2 instant room), unlocking a new room. */
  mucInstantRoom: (room: string, id = newId('muc')): string =>
    iq('set', room, `<query xmlns='${NS.mucOwner}'><x xmlns='${NS.dataForm}' type='submit'/></query>`, id),
  mucChat: (room: string, body: string): string => `<message to='${a(room)}' type='groupchat'><body>${x(body)}</body></message>`,
  mucLeave: (room: string, nick: string): string => `<presence to='${a(`${room}/${nick}`)}' type='unavailable'/>`,
  /** Owner destroys the room (§10.9), so a story leaves none behind. */
  mucDestroy: (room: string, id = newId('muc')): string => iq('set', room, `<query xmlns='${NS.mucOwner}'><destroy/></query>`, id),

  /** XEP-0060 node creation with the service's default configuration. */
  pubsubCreate: (service: string, node: string, id = newId('ps')): string =>
    iq('set', service, `<pubsub xmlns='${NS.pubsub}'><create node='${a(node)}'/></pubsub>`, id),
  pubsubSubscribe: (service: string, node: string, subscriber: Addressee, id = newId('ps')): string =>
    iq('set', service, `<pubsub xmlns='${NS.pubsub}'><subscribe node='${a(node)}' jid='${a(bareJid(jidOf(subscriber)))}'/></pubsub>`, id),
  /** Publishes one item whose payload is `payloadXml` (one namespaced element). */
  pubsubPublish: (service: string, node: string, itemId: string, payloadXml: string, id = newId('ps')): string =>
    iq(
      'set',
      service,
      `<pubsub xmlns='${NS.pubsub}'><publish node='${a(node)}'><item id='${a(itemId)}'>${payloadXml}</item></publish></pubsub>`,
      id,
    ),
  pubsubDelete: (service: string, node: string, id = newId('ps')): string =>
    iq('set', service, `<pubsub xmlns='${NS.pubsubOwner}'><delete node='${a(node)}'/></pubsub>`, id),

  /** Raw XML, sent as written (for what no builder covers). */
  raw: (xml: string): string => xml,
};
