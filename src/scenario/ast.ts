import type { SourcePos } from './plan.js';

/** One XML element of a scenario, with decoded attribute values and source positions. */
export interface XmlElement {
  name: string;
  /** Decoded attribute values, in document order; own properties only. */
  attrs: Record<string, string>;
  /** Where each attribute's name starts; falls back to the element's position. */
  attrPos: Record<string, SourcePos>;
  children: XmlElement[];
  /** Decoded character data and CDATA directly inside this element, concatenated. */
  text: string;
  pos: SourcePos;
}

export function attr(el: XmlElement, name: string): string | undefined {
  return Object.hasOwn(el.attrs, name) ? el.attrs[name] : undefined;
}

export function attrPosOf(el: XmlElement, name: string): SourcePos {
  return (Object.hasOwn(el.attrPos, name) ? el.attrPos[name] : undefined) ?? el.pos;
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** A synthetic element (used by overrides); positions point at `pos`. */
export function makeElement(name: string, attrs: Record<string, string>, pos: SourcePos): XmlElement {
  const attrPos: Record<string, SourcePos> = {};
  for (const k of Object.keys(attrs)) attrPos[k] = pos;
  return { name, attrs: { ...attrs }, attrPos, children: [], text: '', pos };
}
