/**
 * Outgoing stanza templates: plain template literals with every hole escaped, so the
 * hot path builds a string and writes it, no DOM. `extra` arguments are raw XML that the
 * caller trusts (a stamp, a payload already built from a template).
 */
import { escapeAttr as a, escapeXml as x } from './escape.js';

export const NS = {
  client: 'jabber:client',
  streams: 'http://etherx.jabber.org/streams',
  tls: 'urn:ietf:params:xml:ns:xmpp-tls',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  bind: 'urn:ietf:params:xml:ns:xmpp-bind',
  session: 'urn:ietf:params:xml:ns:xmpp-session',
  roster: 'jabber:iq:roster',
  ping: 'urn:xmpp:ping',
  register: 'jabber:iq:register',
  auth: 'jabber:iq:auth',
  sm: 'urn:xmpp:sm:3',
} as const;

/** RFC 6120 §4.7. version null = pre-RFC legacy stream (no features, iq:auth only). */
export function streamHeader(to: string, version: '1.0' | null = '1.0', lang?: string): string {
  return (
    `<?xml version='1.0'?><stream:stream to='${a(to)}' xmlns='${NS.client}' xmlns:stream='${NS.streams}'` +
    `${version === null ? '' : ` version='${version}'`}${lang ? ` xml:lang='${a(lang)}'` : ''}>`
  );
}

export function streamClose(): string {
  return '</stream:stream>';
}

/** RFC 6120 §5.4.2.1. */
export function starttls(): string {
  return `<starttls xmlns='${NS.tls}'/>`;
}

/** RFC 6120 §6.4.2: payload is base64, or '=' for an empty initial response. */
export function saslAuth(mechanism: string, payloadB64: string): string {
  return `<auth xmlns='${NS.sasl}' mechanism='${a(mechanism)}'>${payloadB64}</auth>`;
}

export function saslResponse(b64: string): string {
  return `<response xmlns='${NS.sasl}'>${b64}</response>`;
}

/** RFC 6120 §7.6.1: without resource the server generates one. */
export function bindIq(id: string, resource?: string): string {
  const inner = resource ? `<resource>${x(resource)}</resource>` : '';
  return `<iq type='set' id='${a(id)}'><bind xmlns='${NS.bind}'>${inner}</bind></iq>`;
}

/** RFC 3921 §3 session establishment (still required by some servers). */
export function sessionIq(id: string, to: string): string {
  return `<iq type='set' id='${a(id)}' to='${a(to)}'><session xmlns='${NS.session}'/></iq>`;
}

export interface PresenceOptions {
  type?: string;
  to?: string;
  show?: string;
  status?: string;
  priority?: number;
  /** Raw trusted XML appended inside the presence. */
  extra?: string;
}

/** RFC 6121 §4. */
export function presence(opts: PresenceOptions = {}): string {
  const attrs = `${opts.type ? ` type='${a(opts.type)}'` : ''}${opts.to ? ` to='${a(opts.to)}'` : ''}`;
  const inner =
    (opts.show ? `<show>${x(opts.show)}</show>` : '') +
    (opts.status ? `<status>${x(opts.status)}</status>` : '') +
    (opts.priority !== undefined ? `<priority>${opts.priority | 0}</priority>` : '') +
    (opts.extra ?? '');
  return inner ? `<presence${attrs}>${inner}</presence>` : `<presence${attrs}/>`;
}

export interface MessageOptions {
  to: string;
  type?: 'chat' | 'groupchat' | 'normal' | 'headline';
  id?: string;
  body?: string;
  /** Raw trusted XML, e.g. a stamp. */
  extra?: string;
}

/** RFC 6121 §5. */
export function message(opts: MessageOptions): string {
  return (
    `<message to='${a(opts.to)}'${opts.type ? ` type='${a(opts.type)}'` : ''}${opts.id ? ` id='${a(opts.id)}'` : ''}>` +
    `${opts.body !== undefined ? `<body>${x(opts.body)}</body>` : ''}${opts.extra ?? ''}</message>`
  );
}

/**
 * The chat message of Tsung's `chat` request, as message({ to, type: 'chat', id, body })
 * writes it, for the send hot path: fewer intermediate strings, and `bodyXml` is already
 * character data (escaped by the caller, or made of safe characters such as a stamp).
 */
export function chatMessage(to: string, id: string, bodyXml: string): string {
  // join() writes one flat string; `+` would build a rope of 6 nodes that the socket write
  // then flattens into a copy: twice the garbage for every message sent. The parts array
  // is reused (no callback runs between filling it and joining).
  CHAT_PARTS[1] = a(to);
  CHAT_PARTS[3] = a(id);
  CHAT_PARTS[5] = bodyXml;
  return CHAT_PARTS.join('');
}

const CHAT_PARTS = ["<message to='", '', "' type='chat' id='", '', "'><body>", '', '</body></message>'];

export interface IqOptions {
  type: 'get' | 'set' | 'result' | 'error';
  id: string;
  to?: string;
  from?: string;
  /** Raw trusted XML child. */
  payload: string;
}

export function iq(opts: IqOptions): string {
  return (
    `<iq type='${a(opts.type)}' id='${a(opts.id)}'${opts.to ? ` to='${a(opts.to)}'` : ''}` +
    `${opts.from ? ` from='${a(opts.from)}'` : ''}>${opts.payload}</iq>`
  );
}

/** RFC 6121 §2.1.3. */
export function rosterGetIq(id: string): string {
  return `<iq type='get' id='${a(id)}'><query xmlns='${NS.roster}'/></iq>`;
}

/** XEP-0199 §4.2 client-to-server ping. */
export function pingIq(id: string, to: string): string {
  return `<iq type='get' id='${a(id)}' to='${a(to)}'><ping xmlns='${NS.ping}'/></iq>`;
}

/** Empty result, e.g. the answer to a server ping (XEP-0199 §4.1). */
export function iqResult(id: string, to?: string): string {
  return `<iq type='result' id='${a(id)}'${to ? ` to='${a(to)}'` : ''}/>`;
}

/** XEP-0077 §3.1 in-band registration. */
export function registerIq(id: string, username: string, password: string): string {
  return (
    `<iq type='set' id='${a(id)}'><query xmlns='${NS.register}'>` +
    `<username>${x(username)}</username><password>${x(password)}</password></query></iq>`
  );
}

/** XEP-0198 §3 (resume not requested: load users do not resume yet). */
export function smEnable(resume = false): string {
  return `<enable xmlns='${NS.sm}'${resume ? " resume='true'" : ''}/>`;
}

/** XEP-0198 §5: resume stream `previd`, having handled `h` of the server's stanzas. */
export function smResume(previd: string, h: number): string {
  return `<resume xmlns='${NS.sm}' h='${h >>> 0}' previd='${a(previd)}'/>`;
}

/** XEP-0198 §4. */
export function smAck(h: number): string {
  return `<a xmlns='${NS.sm}' h='${h >>> 0}'/>`;
}

export function smRequest(): string {
  return `<r xmlns='${NS.sm}'/>`;
}

/** XEP-0352 client state indication. */
export function csi(active: boolean): string {
  return `<${active ? 'active' : 'inactive'} xmlns='urn:xmpp:csi:0'/>`;
}

export { legacyAuthGet, legacyAuthSetPlain, legacyAuthSetDigest } from './legacy-auth.js';
