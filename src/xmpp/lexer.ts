/**
 * Tag-level helpers shared by the stream framer, the element scanner and the small DOM
 * parser. They work on indices into one string so that the hot path allocates nothing
 * but the names and attribute values it returns.
 */
import { unescapeXml } from './escape.js';

/** Returned by findTagEnd when the tag is not complete yet. */
export const INCOMPLETE = -1;
/** Returned by findTagEnd when a `<` appears inside a tag. */
export const BAD_TAG = -2;

/**
 * Index of the `>` that ends the tag starting at `from` (just after `<`), skipping quoted
 * attribute values (which may contain `>`). INCOMPLETE if the buffer ends first.
 */
export function findTagEnd(buf: string, from: number): number {
  const len = buf.length;
  for (let i = from; i < len; i++) {
    const c = buf.charCodeAt(i);
    if (c === 62 /* > */) return i;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const q = buf.indexOf(c === 34 ? '"' : "'", i + 1);
      if (q === -1) return INCOMPLETE;
      i = q;
    } else if (c === 60 /* < */) {
      return BAD_TAG;
    }
  }
  return INCOMPLETE;
}

/** Whitespace as XML defines it (space, tab, CR, LF). */
export function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/** End index (exclusive) of the name that starts at `from`. */
export function nameEnd(buf: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = buf.charCodeAt(i);
    if (c === 62 || c === 47 /* / */ || isSpace(c)) break;
    i++;
  }
  return i;
}

/** True if only whitespace lies in [from, to). */
export function onlySpace(buf: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(buf.charCodeAt(i))) return false;
  return true;
}

/**
 * Parses `name="value" name2='value2'` in buf[from, to) into a fresh record, decoding
 * entities. Returns null on a syntax error (the caller reports it with context).
 */
export function parseAttrs(buf: string, from: number, to: number): Record<string, string> | null {
  const attrs: Record<string, string> = {};
  let i = from;
  for (;;) {
    while (i < to && isSpace(buf.charCodeAt(i))) i++;
    if (i >= to) return attrs;
    const nameStart = i;
    while (i < to) {
      const c = buf.charCodeAt(i);
      if (c === 61 /* = */ || isSpace(c)) break;
      i++;
    }
    const name = buf.slice(nameStart, i);
    while (i < to && isSpace(buf.charCodeAt(i))) i++;
    if (name.length === 0 || buf.charCodeAt(i) !== 61) return null;
    i++;
    while (i < to && isSpace(buf.charCodeAt(i))) i++;
    const q = buf.charCodeAt(i);
    if (q !== 34 && q !== 39) return null;
    const close = buf.indexOf(q === 34 ? '"' : "'", i + 1);
    if (close === -1 || close >= to) return null;
    attrs[name] = unescapeXml(buf.slice(i + 1, close));
    i = close + 1;
    // Attributes must be separated by whitespace (XML 1.0 §3.1).
    if (i < to && !isSpace(buf.charCodeAt(i))) return null;
  }
}
