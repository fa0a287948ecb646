/**
 * Predicates on received stanzas, after escalus_pred's common ones (in xload's words): kind
 * and type, addresses, roster, errors, MUC and pubsub. Each carries a label for failures.
 */
import { text, type XmlElement } from '../xmpp/element.js';
import { bareJid, jidOf, resourceOf, type Addressee } from './jid.js';
import { NS } from './ns.js';
import { childText, kid, kids, predicate, type Predicate } from './predicate.js';
import type { Stanza } from './client.js';

const typeOf = (s: Stanza): string | undefined => s.attrs.type;
const isKind = (s: Stanza, name: string): boolean => s.name === name || s.name.endsWith(`:${name}`);
const rosterQuery = (s: Stanza): XmlElement | undefined => (isKind(s, 'iq') ? kid(s, 'query', NS.roster) : undefined);
const messageType = (s: Stanza): string => typeOf(s) ?? 'normal';
const bodyIs = (s: Stanza, body: string | RegExp | undefined): boolean => {
  const b = childText(s, 'body');
  if (body === undefined) return b !== undefined;
  return b !== undefined && (typeof body === 'string' ? b === body : body.test(b));
};
const describe = (v: string | RegExp | undefined): string => (v === undefined ? '' : typeof v === 'string' ? `'${v}'` : String(v));
const errorCondition = (s: Stanza): string | undefined => {
  const e = kid(s, 'error');
  const c = e?.children.find((k): k is XmlElement => typeof k !== 'string' && k.attrs.xmlns === NS.stanzas);
  return c?.name;
};
/** The `<items>` of a pubsub event message. */
const eventItems = (s: Stanza): XmlElement | undefined => {
  const ev = isKind(s, 'message') ? kid(s, 'event', NS.pubsubEvent) : undefined;
  return ev ? kid(ev, 'items') : undefined;
};
const mucUserStatuses = (s: Stanza): string[] => {
  const x = kid(s, 'x', NS.mucUser);
  return x ? kids(x, 'status').map((st) => st.attrs.code ?? '') : [];
};

function rosterItem(s: Stanza, contact: Addressee): XmlElement | undefined {
  const q = rosterQuery(s);
  const want = bareJid(jidOf(contact));
  return q ? kids(q, 'item').find((i) => bareJid(i.attrs.jid ?? '') === want) : undefined;
}

export const is = {
  // kinds and types
  message: predicate('message', (s) => isKind(s, 'message')),
  /** A type='chat' message, with this body when given (string = exact, RegExp = search). */
  chatMessage: (body?: string | RegExp): Predicate =>
    predicate(`chatMessage(${describe(body)})`, (s) => isKind(s, 'message') && messageType(s) === 'chat' && bodyIs(s, body)),
  groupchat: (body?: string | RegExp): Predicate =>
    predicate(`groupchat(${describe(body)})`, (s) => isKind(s, 'message') && messageType(s) === 'groupchat' && bodyIs(s, body)),
  headline: predicate('headline', (s) => isKind(s, 'message') && messageType(s) === 'headline'),
  normalMessage: predicate('normalMessage', (s) => isKind(s, 'message') && messageType(s) === 'normal'),
  messageWithBody: (body: string | RegExp): Predicate =>
    predicate(`messageWithBody(${describe(body)})`, (s) => isKind(s, 'message') && bodyIs(s, body)),
  /** An available presence (no type attribute). */
  presence: predicate('presence', (s) => isKind(s, 'presence') && typeOf(s) === undefined),
  anyPresence: predicate('anyPresence', (s) => isKind(s, 'presence')),
  presenceWithType: (type: string): Predicate =>
    predicate(`presenceWithType('${type}')`, (s) => isKind(s, 'presence') && (typeOf(s) ?? 'available') === type),
  unavailable: predicate('unavailable', (s) => isKind(s, 'presence') && typeOf(s) === 'unavailable'),
  presenceWithShow: (show: string): Predicate =>
    predicate(`presenceWithShow('${show}')`, (s) => isKind(s, 'presence') && childText(s, 'show') === show),
  presenceWithStatus: (status: string): Predicate =>
    predicate(`presenceWithStatus('${status}')`, (s) => isKind(s, 'presence') && childText(s, 'status') === status),
  presenceWithPriority: (priority: number): Predicate =>
    predicate(`presenceWithPriority(${priority})`, (s) => isKind(s, 'presence') && Number(childText(s, 'priority') ?? '0') === priority),
  iq: predicate('iq', (s) => isKind(s, 'iq')),
  iqGet: predicate('iqGet', (s) => isKind(s, 'iq') && typeOf(s) === 'get'),
  iqSet: predicate('iqSet', (s) => isKind(s, 'iq') && typeOf(s) === 'set'),
  /** An iq result, answering `id` when given. */
  iqResult: (id?: string): Predicate =>
    predicate(`iqResult(${id ?? ''})`, (s) => isKind(s, 'iq') && typeOf(s) === 'result' && (id === undefined || s.attrs.id === id)),
  /** An iq error, with this RFC 6120 §8.3.3 condition when given. */
  iqError: (condition?: string): Predicate =>
    predicate(
      `iqError(${condition ?? ''})`,
      (s) => isKind(s, 'iq') && typeOf(s) === 'error' && (condition === undefined || errorCondition(s) === condition),
    ),
  iqWithNs: (ns: string): Predicate =>
    predicate(`iqWithNs('${ns}')`, (s) => isKind(s, 'iq') && s.children.some((c) => typeof c !== 'string' && c.attrs.xmlns === ns)),
  /** Any stanza of type='error', with this condition when given. */
  error: (condition?: string): Predicate =>
    predicate(`error(${condition ?? ''})`, (s) => typeOf(s) === 'error' && (condition === undefined || errorCondition(s) === condition)),
  streamError: predicate('streamError', (s) => s.name === 'stream:error'),
  ofType: (type: string): Predicate => predicate(`ofType('${type}')`, (s) => typeOf(s) === type),
  withId: (id: string): Predicate => predicate(`withId('${id}')`, (s) => s.attrs.id === id),
  hasChild: (name: string, xmlns?: string): Predicate =>
    predicate(`hasChild(${name}${xmlns ? ` ${xmlns}` : ''})`, (s) => kid(s, name, xmlns) !== undefined),
  delayed: predicate('delayed', (s) => kid(s, 'delay', NS.delay) !== undefined),

  // addresses: a client or bare JID compares bare; a full JID string compares full
  from: (who: Addressee): Predicate => predicate(`from(${jidOf(who)})`, (s) => sameAddress(s.attrs.from, who)),
  fromFull: (who: Addressee): Predicate =>
    predicate(`fromFull(${jidOf(who)})`, (s) => (s.attrs.from ?? '').toLowerCase() === jidOf(who).toLowerCase()),
  to: (who: Addressee): Predicate => predicate(`to(${jidOf(who)})`, (s) => sameAddress(s.attrs.to, who)),

  // roster (RFC 6121 §2)
  /** A roster push (iq set with a roster query). */
  rosterSet: predicate('rosterSet', (s) => typeOf(s) === 'set' && rosterQuery(s) !== undefined),
  /** The answer to a roster get: a result carrying the roster query. */
  rosterResult: predicate('rosterResult', (s) => typeOf(s) === 'result' && rosterQuery(s) !== undefined),
  /** A roster result or push with an item for `contact`, with this subscription/ask when given. */
  rosterItem: (contact: Addressee, o: { subscription?: string; ask?: string } = {}): Predicate =>
    predicate(
      `rosterItem(${jidOf(contact)}${o.subscription ? ` subscription=${o.subscription}` : ''}${o.ask ? ` ask=${o.ask}` : ''})`,
      (s) => {
        const item = rosterItem(s, contact);
        if (!item) return false;
        if (o.subscription !== undefined && (item.attrs.subscription ?? 'none') !== o.subscription) return false;
        return o.ask === undefined || item.attrs.ask === o.ask;
      },
    ),
  rosterEmpty: predicate('rosterEmpty', (s) => {
    const q = rosterQuery(s);
    return q !== undefined && kids(q, 'item').length === 0;
  }),

  // MUC (XEP-0045)
  mucPresence: predicate('mucPresence', (s) => isKind(s, 'presence') && kid(s, 'x', NS.mucUser) !== undefined),
  /** Our own occupant presence (status 110). */
  mucSelfPresence: predicate('mucSelfPresence', (s) => isKind(s, 'presence') && mucUserStatuses(s).includes('110')),
  mucRoomCreated: predicate('mucRoomCreated', (s) => isKind(s, 'presence') && mucUserStatuses(s).includes('201')),
  mucSubject: predicate(
    'mucSubject',
    (s) => isKind(s, 'message') && messageType(s) === 'groupchat' && childText(s, 'subject') !== undefined,
  ),
  /** A groupchat message sent by the occupant `nick`. */
  fromNick: (nick: string): Predicate => predicate(`fromNick('${nick}')`, (s) => resourceOf(s.attrs.from ?? '') === nick),

  // pubsub (XEP-0060)
  /** A pubsub event notification, for `node` when given. */
  pubsubEvent: (node?: string): Predicate =>
    predicate(`pubsubEvent(${node ?? ''})`, (s) => {
      const items = eventItems(s);
      return items !== undefined && (node === undefined || items.attrs.node === node);
    }),
  /** A pubsub event carrying item `itemId`. */
  pubsubItem: (itemId: string): Predicate =>
    predicate(`pubsubItem('${itemId}')`, (s) => {
      const items = eventItems(s);
      return items !== undefined && kids(items, 'item').some((i) => i.attrs.id === itemId);
    }),

  // combinators
  all: (...ps: Predicate[]): Predicate => predicate(ps.map((p) => p.label).join(' & '), (s) => ps.every((p) => p(s))),
  // `any` is escalus's either-of combinator (beside `all` and `not`), not TypeScript's any type.
  any: (...ps: Predicate[]): Predicate => predicate(`(${ps.map((p) => p.label).join(' | ')})`, (s) => ps.some((p) => p(s))),
  not: (p: Predicate): Predicate => predicate(`not(${p.label})`, (s) => !p(s)),
  /** Body text of a message, for custom checks. */
  bodyText: (s: Stanza): string | undefined => childText(s, 'body'),
  textOf: (el: XmlElement): string => text(el),
};

function sameAddress(addr: string | undefined, who: Addressee): boolean {
  if (addr === undefined) return false;
  const want = jidOf(who);
  if (typeof who !== 'string' || resourceOf(want) === '') return bareJid(addr) === bareJid(want);
  return addr.toLowerCase() === want.toLowerCase();
}
