/** `<body/>` wrappers of BOSH (XEP-0124 §7, XEP-0206 §3-5) and reading them back. */
import { escapeAttr as a } from './escape.js';
import { parseAttrs, findTagEnd, nameEnd, INCOMPLETE, BAD_TAG } from './lexer.js';

export const BOSH_NS = 'http://jabber.org/protocol/httpbind';
const XBOSH = "xmlns:xmpp='urn:xmpp:xbosh'";

/** XEP-0206 §3: session creation asks for XMPP 1.0 (features, SASL) unless legacy. */
export function sessionBody(rid: number, to: string, waitS: number, v1: boolean): string {
  return (
    `<body content='text/xml; charset=utf-8' hold='1' rid='${rid}' to='${a(to)}' ver='1.6' wait='${waitS}' ` +
    `xml:lang='en'${v1 ? " xmpp:version='1.0'" : ''} xmlns='${BOSH_NS}' ${XBOSH}/>`
  );
}

/** XEP-0206 §5: stream restart after SASL. */
export function restartBody(rid: number, sid: string, to: string): string {
  return `<body rid='${rid}' sid='${a(sid)}' to='${a(to)}' xml:lang='en' xmpp:restart='true' xmlns='${BOSH_NS}' ${XBOSH}/>`;
}

export function wrapBody(rid: number, sid: string, payload: string): string {
  return payload
    ? `<body rid='${rid}' sid='${a(sid)}' xmlns='${BOSH_NS}'>${payload}</body>`
    : `<body rid='${rid}' sid='${a(sid)}' xmlns='${BOSH_NS}'/>`;
}

export function terminateBody(rid: number, sid: string, payload: string): string {
  return `<body rid='${rid}' sid='${a(sid)}' type='terminate' xmlns='${BOSH_NS}'>${payload}</body>`;
}

/** The attributes of a response's `<body>` start tag, or null when it is not one. */
export function bodyOpenAttrs(text: string): Record<string, string> | null {
  const lt = text.indexOf('<body');
  if (lt < 0) return null;
  const gt = findTagEnd(text, lt + 1);
  if (gt === INCOMPLETE || gt === BAD_TAG) return null;
  const ne = nameEnd(text, lt + 1, gt);
  return parseAttrs(text, ne, text.charCodeAt(gt - 1) === 47 ? gt - 1 : gt);
}

/** The text between `<body ...>` and `</body>` ('' for a self-closed body). */
export function bodyInner(text: string): string {
  const lt = text.indexOf('<body');
  const gt = findTagEnd(text, lt + 1);
  if (lt < 0 || gt === INCOMPLETE || gt === BAD_TAG || text.charCodeAt(gt - 1) === 47) return '';
  const end = text.lastIndexOf('</body>');
  return end > gt ? text.slice(gt + 1, end) : '';
}
