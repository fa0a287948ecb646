/**
 * XML escaping for template holes and entity decoding for inbound text. Hand-written
 * rather than @xmpp/xml's so the common case (nothing to escape) costs one regex test.
 */

const TEXT_SPECIAL = /[&<>]/;
const ATTR_SPECIAL = /[&<>"']/;
const ATTR_SPECIAL_G = /[&<>"']/g;
const TEXT_SPECIAL_G = /[&<>]/g;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function replaceOne(ch: string): string {
  return ESCAPES[ch] ?? ch;
}

/** Escapes character data (element text). */
export function escapeXml(text: string): string {
  return TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIAL_G, replaceOne) : text;
}

/** Escapes an attribute value for either quote style. */
export function escapeAttr(text: string): string {
  return ATTR_SPECIAL.test(text) ? text.replace(ATTR_SPECIAL_G, replaceOne) : text;
}

const ENTITY_G = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeOne(_m: string, ent: string): string {
  if (ent.charCodeAt(0) === 35 /* # */) {
    const cp = ent.charCodeAt(1) === 120 /* x */ ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  }
  return NAMED[ent] ?? '';
}

/**
 * Decodes the five predefined entities and character references. XMPP forbids other
 * entities (RFC 6120 §11.1: no DTD), so an unknown `&name;` is left as is.
 */
export function unescapeXml(text: string): string {
  return text.indexOf('&') === -1 ? text : text.replace(ENTITY_G, decodeOne);
}
