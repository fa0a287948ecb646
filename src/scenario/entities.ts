/**
 * Decodes XML's predefined entities and character references (XML 1.0 §4.1, §4.6).
 * fast-xml-parser runs with entity processing off, so DOCTYPE-declared entities are
 * never expanded (no billion-laughs); this is the only expansion, and it is linear.
 * Returns the decoded text and the names of entity references it could not decode.
 */
export function decodeEntities(raw: string): { text: string; unknown: string[] } {
  if (!raw.includes('&')) return { text: raw, unknown: [] };
  const unknown: string[] = [];
  const text = raw.replace(/&(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_][\w.-]*);/g, (whole, ref: string) => {
    switch (ref) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) return String.fromCodePoint(code);
    }
    unknown.push(ref);
    return whole;
  });
  return { text, unknown };
}
