/**
 * Tag-level helpers shared by the stream framer, the element scanner and the small DOM
 * parser. They work on indices into one string so that the hot path allocates nothing
 * but the names and attribute values it returns.
 */
import { unescapeXml } from './escape.js';

/**
 * Element and attribute names (and a few short values) that nearly every stanza carries.
 * sliceCommon returns these constants instead of a fresh slice: a received chat then
 * allocates no string for `message`, `body`, `from`, `to`, `type`, `id`, `chat`...
 */
const COMMON = [
  'message',
  'presence',
  'iq',
  'body',
  'stream:features',
  'from',
  'to',
  'type',
  'id',
  'xmlns',
  'xml:lang',
  'chat',
  'en',
  'result',
  'get',
  'set',
  'error',
  'unavailable',
  'query',
  'item',
  'bind',
  'jid',
  'delay',
  'stamp',
  'active',
  'thread',
  'show',
  'status',
  'priority',
  'x',
  'c',
  'a',
  'r',
  'h',
  'success',
  'failure',
  'challenge',
  'proceed',
  'enabled',
  'session',
  'ping',
];
const COMMON_BY_LENGTH: string[][] = [];
for (const c of COMMON) (COMMON_BY_LENGTH[c.length] ??= []).push(c);

/** The COMMON constant equal to buf[from, to), or undefined. */
function common(buf: string, from: number, to: number): string | undefined {
  const candidates = COMMON_BY_LENGTH[to - from];
  if (candidates !== undefined) {
    for (const c of candidates) if (buf.startsWith(c, from)) return c;
  }
  return undefined;
}

/** buf.slice(from, to), as one of the COMMON constants when it is one. */
export function sliceCommon(buf: string, from: number, to: number): string {
  return common(buf, from, to) ?? buf.slice(from, to);
}

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
  return readAttrs(buf, from, to, attrs) ? attrs : null;
}

/** True when parseAttrs would succeed on buf[from, to); allocates nothing. */
export function attrsWellFormed(buf: string, from: number, to: number): boolean {
  return readAttrs(buf, from, to, null);
}

/** Where one attribute sits in the text: the name, and the value between its quotes. */
interface AttrSpan {
  nameStart: number;
  nameStop: number;
  valueStart: number;
  valueStop: number;
}

/** nextAttr's answers besides an index: the list ended well, or it is not well formed. */
const ATTRS_END = -1;
const ATTRS_BAD = -2;
/** Filled by nextAttr, read by its caller before the next call (no object per attribute). */
const SPAN: AttrSpan = { nameStart: 0, nameStop: 0, valueStart: 0, valueStop: 0 };

/**
 * The attribute list's grammar, in one place: reads the attribute at or after `i` in
 * buf[.., to) into `span` and returns the index after it; ATTRS_END when only space is
 * left, ATTRS_BAD when the list is not well formed (a missing name, `=` or quote, an
 * unclosed value, or two attributes not separated by whitespace: XML 1.0 §3.1).
 */
function nextAttr(buf: string, i: number, to: number, span: AttrSpan): number {
  while (i < to && isSpace(buf.charCodeAt(i))) i++;
  if (i >= to) return ATTRS_END;
  span.nameStart = i;
  while (i < to) {
    const c = buf.charCodeAt(i);
    if (c === 61 /* = */ || isSpace(c)) break;
    i++;
  }
  span.nameStop = i;
  while (i < to && isSpace(buf.charCodeAt(i))) i++;
  if (span.nameStop === span.nameStart || buf.charCodeAt(i) !== 61) return ATTRS_BAD;
  i++;
  while (i < to && isSpace(buf.charCodeAt(i))) i++;
  const q = buf.charCodeAt(i);
  if (q !== 34 && q !== 39) return ATTRS_BAD;
  const close = buf.indexOf(q === 34 ? '"' : "'", i + 1);
  if (close === -1 || close >= to) return ATTRS_BAD;
  span.valueStart = i + 1;
  span.valueStop = close;
  i = close + 1;
  if (i < to && !isSpace(buf.charCodeAt(i))) return ATTRS_BAD;
  return i;
}

/** Walks the attribute list: fills `out` unless it is null (validation only). */
function readAttrs(buf: string, from: number, to: number, out: Record<string, string> | null): boolean {
  for (let i = from; ;) {
    i = nextAttr(buf, i, to, SPAN);
    if (i === ATTRS_END) return true;
    if (i === ATTRS_BAD) return false;
    if (out !== null) {
      const { nameStart, nameStop, valueStart, valueStop } = SPAN;
      out[sliceCommon(buf, nameStart, nameStop)] = common(buf, valueStart, valueStop) ?? unescapeXml(buf.slice(valueStart, valueStop));
    }
  }
}

/**
 * True when the start tag at the beginning of `raw` (a Frame's text) has attribute `name`
 * with the decoded value `value`, as `(parseAttrs(...) ?? {})[name] === value` would say (the
 * last of duplicates wins; a list that is not well formed has none). Reads in place:
 * allocates nothing unless the value holds an entity.
 */
export function startTagAttrIs(raw: string, name: string, value: string): boolean {
  const gt = findTagEnd(raw, 1);
  if (gt < 0) return false;
  const to = raw.charCodeAt(gt - 1) === 47 ? gt - 1 : gt;
  let found = false;
  for (let i = nameEnd(raw, 1, gt); ;) {
    i = nextAttr(raw, i, to, SPAN);
    if (i === ATTRS_END) return found;
    if (i === ATTRS_BAD) return false;
    const { nameStart, nameStop, valueStart, valueStop } = SPAN;
    if (nameStop - nameStart === name.length && raw.startsWith(name, nameStart)) {
      const amp = raw.indexOf('&', valueStart);
      found =
        amp !== -1 && amp < valueStop
          ? unescapeXml(raw.slice(valueStart, valueStop)) === value
          : valueStop - valueStart === value.length && raw.startsWith(value, valueStart);
    }
  }
}
