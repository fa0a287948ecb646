/** Roster state a story made, so cleanup can remove it (RFC 6121 §2.5). */
import { children, type XmlElement } from '../xmpp/element.js';
import { bareJid } from './jid.js';
import { NS } from './ns.js';

/** Records the items of a roster push (iq set, jabber:iq:roster) in `touched`. */
export function noteRosterPush(s: XmlElement, touched: Set<string>): void {
  if (s.attrs.type !== 'set' || !(s.name === 'iq' || s.name.endsWith(':iq'))) return;
  for (const q of children(s, 'query')) {
    if (q.attrs.xmlns !== NS.roster) continue;
    for (const item of children(q, 'item')) if (item.attrs.jid) touched.add(bareJid(item.attrs.jid));
  }
}
