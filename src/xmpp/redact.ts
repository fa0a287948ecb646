/**
 * Secrets out of XML text that leaves the engine (error samples, dumptraffic): the
 * `<password>` of iq:auth (XEP-0078 §3), in-band registration (XEP-0077) and MUC joins
 * (XEP-0045 §7.2.6), the payload of SASL `<auth>` and `<response>` (RFC 6120 §6.4.2,
 * §6.4.3: PLAIN carries the password in base64, SCRAM a proof), and the user's own
 * password string wherever else it appears (a server may echo a stanza back in its error).
 */
export const REDACTED = '[redacted]';

const PASSWORD_ELEMENT = /(<(?:[\w-]+:)?password\b[^>]*>)[\s\S]*?(<\/(?:[\w-]+:)?password>)/g;
const SASL_PAYLOAD = /(<(auth|response)\b[^>]*urn:ietf:params:xml:ns:xmpp-sasl[^>]*>)[^<]+(<\/\2>)/g;

/**
 * Passwords shorter than this are not replaced as bare strings (a one-letter password would
 * shred every line); the elements above are redacted whatever their content.
 */
const MIN_BARE_PASSWORD = 3;

/** `text` with every secret above replaced by REDACTED. */
export function redactSecrets(text: string, password?: string): string {
  let out = text;
  if (out.includes('password')) out = out.replace(PASSWORD_ELEMENT, `$1${REDACTED}$2`);
  if (out.includes('xmpp-sasl')) out = out.replace(SASL_PAYLOAD, `$1${REDACTED}$3`);
  if (password !== undefined && password.length >= MIN_BARE_PASSWORD && out.includes(password)) {
    out = out.split(password).join(REDACTED);
  }
  return out;
}

/** At most `max` characters of `text`, with a mark saying how much was cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… [${text.length - max} more chars]`;
}
