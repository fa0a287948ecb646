import type { ExpectSpec } from '../../scenario/plan.js';
import { child, parseElement, text, type Frame, type XmlElement } from '../../xmpp/index.js';
import { evalXPath } from './xpath.js';
import { regexFor } from './regex-cache.js';

/**
 * Does one inbound frame meet an `<expect>`'s conditions? The cheap tests first (the
 * element's name, then start-tag attributes), the stanza's DOM only when a body or an xpath
 * must be read, and then once for all the checks of a request (`dom` caches it).
 */
export function frameMeets(spec: ExpectSpec, f: Frame, dom: DomCache): boolean {
  if (spec.kind !== undefined ? f.name !== spec.kind : !STANZAS.has(f.name)) return false;
  if (spec.type !== undefined && !typeMatches(f, spec.type)) return false;
  if (spec.from !== undefined && !fromMatches(f.attrs.from, spec.from)) return false;
  if (spec.body === undefined && spec.xpath === undefined) return true;
  const el = dom.of(f);
  if (el === null) return false;
  if (spec.body !== undefined) {
    const b = child(el, 'body');
    if (b === undefined || !regexFor(spec.body).test(text(b))) return false;
  }
  return spec.xpath === undefined || evalXPath(spec.xpath, el) !== null;
}

const STANZAS: ReadonlySet<string> = new Set(['message', 'presence', 'iq']);

/** RFC 6121 §5.2.2: a message without a type is `normal`; §4.7.1: a presence without one is available. */
function typeMatches(f: Frame, want: string): boolean {
  const t = f.attrs.type;
  if (t === undefined) return (want === 'normal' && f.name === 'message') || (want === 'available' && f.name === 'presence');
  return t === want;
}

/** `want` is normalised by the compiler (compile-expect.ts): a full JID, a bare JID or a domain. */
export function fromMatches(from: string | undefined, want: string): boolean {
  if (from === undefined) return false;
  const slash = from.indexOf('/');
  const bare = (slash < 0 ? from : from.slice(0, slash)).toLowerCase();
  if (want.includes('/'))
    return slash >= 0 && bare === want.slice(0, want.indexOf('/')) && from.slice(slash) === want.slice(want.indexOf('/'));
  if (want.includes('@')) return bare === want;
  return bare.slice(bare.indexOf('@') + 1) === want;
}

/** The frame's parsed element, built at most once per frame; null when it does not parse. */
export class DomCache {
  private frame: Frame | null = null;
  private el: XmlElement | null = null;

  of(f: Frame): XmlElement | null {
    if (this.frame !== f) {
      this.frame = f;
      try {
        this.el = parseElement(f.raw);
      } catch {
        this.el = null;
      }
    }
    return this.el;
  }

  /** Lets go of the frame once its checks are done with it. */
  clear(): void {
    this.frame = null;
    this.el = null;
  }
}
