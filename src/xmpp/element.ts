/**
 * A small DOM for the few inbound elements that need more than their top attributes
 * (stream features, errors, SASL challenges, matcher checks). Off the hot path: a frame is
 * parsed only when its consumer asks. Shares the framer's lexer, so it accepts exactly
 * what the framer accepts.
 */
import { XmlFramingError } from './errors.js';
import { unescapeXml } from './escape.js';
import { BAD_TAG, INCOMPLETE, findTagEnd, nameEnd, onlySpace, parseAttrs } from './lexer.js';

/** An element: qualified name, decoded attributes, children in document order. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: (XmlElement | string)[];
}

function malformed(what: string): XmlFramingError {
  return new XmlFramingError('xml_malformed', what);
}

/** Parses one complete element (e.g. Frame.raw). Throws XmlFramingError if malformed. */
export function parseElement(raw: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let pos = 0;
  const len = raw.length;
  while (pos < len) {
    const lt = raw.indexOf('<', pos);
    const top = stack[stack.length - 1];
    const textEnd = lt === -1 ? len : lt;
    if (textEnd > pos) {
      if (top) top.children.push(unescapeXml(raw.slice(pos, textEnd)));
      else if (!onlySpace(raw, pos, textEnd)) throw malformed('text outside the element');
    }
    if (lt === -1) break;
    if (raw.startsWith('<![CDATA[', lt)) {
      const end = raw.indexOf(']]>', lt + 9);
      if (!top || end === -1) throw malformed('bad CDATA section');
      top.children.push(raw.slice(lt + 9, end));
      pos = end + 3;
      continue;
    }
    const c = raw.charCodeAt(lt + 1);
    if (c === 47 /* / */) {
      const gt = raw.indexOf('>', lt);
      const ne = nameEnd(raw, lt + 2, gt === -1 ? len : gt);
      const closed = stack.pop();
      if (gt === -1 || !closed || raw.slice(lt + 2, ne) !== closed.name || !onlySpace(raw, ne, gt)) {
        throw malformed('mismatched end tag');
      }
      pos = gt + 1;
      continue;
    }
    if (c === 33 || c === 63) throw malformed('comment, DTD or processing instruction');
    const gt = findTagEnd(raw, lt + 1);
    if (gt === INCOMPLETE || gt === BAD_TAG) throw malformed('incomplete or bad start tag');
    const ne = nameEnd(raw, lt + 1, gt);
    const selfClosing = raw.charCodeAt(gt - 1) === 47;
    const attrs = parseAttrs(raw, ne, selfClosing ? gt - 1 : gt);
    if (ne === lt + 1 || attrs === null) throw malformed('bad start tag');
    const el: XmlElement = { name: raw.slice(lt + 1, ne), attrs, children: [] };
    if (top) top.children.push(el);
    else if (root) throw malformed('more than one root element');
    else root = el;
    if (!selfClosing) stack.push(el);
    pos = gt + 1;
  }
  if (!root || stack.length > 0) throw malformed('incomplete element');
  return root;
}

/** First child element with this name (and own xmlns attribute, if given). */
export function child(el: XmlElement, name: string, xmlns?: string): XmlElement | undefined {
  for (const c of el.children) {
    if (typeof c !== 'string' && c.name === name && (xmlns === undefined || c.attrs.xmlns === xmlns)) return c;
  }
  return undefined;
}

/** All child elements with this name. */
export function children(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (typeof c !== 'string' && c.name === name) out.push(c);
  return out;
}

/** Concatenated direct text children. */
export function text(el: XmlElement): string {
  let s = '';
  for (const c of el.children) if (typeof c === 'string') s += c;
  return s;
}

/** An attribute's value, or undefined. */
export function attr(el: XmlElement, name: string): string | undefined {
  return el.attrs[name];
}
