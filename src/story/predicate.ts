/** A predicate on received stanzas that knows how to name itself in a failure message. */
import { child, children, text, type XmlElement } from '../xmpp/element.js';
import type { Stanza } from './client.js';

export interface Predicate {
  (s: Stanza): boolean;
  readonly label: string;
}

export function predicate(label: string, test: (s: Stanza) => boolean): Predicate {
  return Object.assign((s: Stanza) => test(s), { label });
}

/** Children of `el` regardless of namespace prefix handling: match by local name and xmlns. */
export function kid(el: XmlElement, name: string, xmlns?: string): XmlElement | undefined {
  return child(el, name, xmlns);
}

export function kids(el: XmlElement, name: string): XmlElement[] {
  return children(el, name);
}

/** Text of a direct child, or undefined when absent. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c ? text(c) : undefined;
}
