/**
 * A forward scan of XML text for start tags and their attributes, with each attribute's
 * value decoded and its place in the text kept, so a caller can rewrite one value and leave
 * every other byte as it was (the run folder's redacted scenario copy). Comments, CDATA,
 * processing instructions and the DOCTYPE (internal subset included) are skipped; text that
 * does not scan as a tag is left alone. It never throws and always ends.
 */

/** One attribute of a start tag: its name, its decoded value, where the raw value sits. */
export interface ScannedAttr {
  name: string;
  value: string;
  /** Offsets of the raw value, quotes excluded: text.slice(start, end). */
  start: number;
  end: number;
  quote: '"' | "'";
}

/** A start (or empty-element) tag. */
export interface ScannedTag {
  name: string;
  attrs: ScannedAttr[];
}

const NAME_CHAR = /[^\s/>=<"']/;

/** Every start tag of `text`, in order. */
export function scanStartTags(text: string): ScannedTag[] {
  const out: ScannedTag[] = [];
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) i = after(text, '-->', lt + 4);
    else if (text.startsWith('<![CDATA[', lt)) i = after(text, ']]>', lt + 9);
    else if (text.startsWith('<?', lt)) i = after(text, '?>', lt + 2);
    else if (text.startsWith('<!', lt)) i = skipDeclaration(text, lt + 2);
    else if (text[lt + 1] === '/') i = after(text, '>', lt + 2);
    else {
      const tag = scanTag(text, lt + 1);
      if (tag.tag) out.push(tag.tag);
      i = tag.next;
    }
  }
  return out;
}

function after(text: string, end: string, from: number): number {
  const k = text.indexOf(end, from);
  return k < 0 ? text.length : k + end.length;
}

/** `<!DOCTYPE ... [ <!ENTITY ...> ... ]>`: brackets and quotes followed so a '>' inside them does not end it. */
function skipDeclaration(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const k = text.indexOf(c, i + 1);
      if (k < 0) return text.length;
      i = k;
    } else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return i + 1;
    else if (text.startsWith('<!--', i)) i = after(text, '-->', i + 4) - 1;
  }
  return text.length;
}

function scanTag(text: string, from: number): { tag: ScannedTag | null; next: number } {
  let i = from;
  const name = readName(text, i);
  if (name === '') return { tag: null, next: from };
  i += name.length;
  const attrs: ScannedAttr[] = [];
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) return { tag: { name, attrs }, next: i };
    const c = text[i]!;
    if (c === '>') return { tag: { name, attrs }, next: i + 1 };
    if (c === '/' && text[i + 1] === '>') return { tag: { name, attrs }, next: i + 2 };
    if (c === '<') return { tag: { name, attrs }, next: i };
    const attrName = readName(text, i);
    if (attrName === '') {
      i++;
      continue;
    }
    i += attrName.length;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text[i] !== '=') continue;
    i++;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    const q = text[i];
    if (q !== '"' && q !== "'") continue;
    const close = text.indexOf(q, i + 1);
    if (close < 0) return { tag: { name, attrs }, next: text.length };
    attrs.push({ name: attrName, value: decodeEntities(text.slice(i + 1, close)), start: i + 1, end: close, quote: q });
    i = close + 1;
  }
}

function readName(text: string, from: number): string {
  let i = from;
  while (i < text.length && NAME_CHAR.test(text[i]!)) i++;
  return text.slice(from, i);
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's predefined and numeric character references decoded; anything else left as written. */
export function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z][\w.-]*);/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[ref] ?? m;
  });
}

/** A value written back inside `quote`: the characters XML needs escaped there. */
export function encodeAttrValue(value: string, quote: '"' | "'"): string {
  const v = value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return quote === '"' ? v.replace(/"/g, '&quot;') : v.replace(/'/g, '&apos;');
}
