import { gunzipSync } from 'node:zlib';
import { MAX_SCENARIO_BYTES } from './source.js';

/** What a secret is replaced with in every copy xload prints or keeps. */
export const REDACTED = '***';

/** Attributes that hold a secret on any element: xmpp_authenticate/jabber passwd, TLS keypass. */
const SECRET_ATTR = /(\s(?:passwd|keypass)\s*=\s*)(["'])[^"']*\2/g;
/** `<option name="passwd" value="...">` (in either attribute order). */
const OPTION_TAG = /<option\b(?:[^>"']|"[^"]*"|'[^']*')*>/g;
const PASSWD_NAME = /\sname\s*=\s*(["'])\s*(?:passwd|keypass)\s*\1/;
const VALUE_ATTR = /(\svalue\s*=\s*)(["'])[^"']*\2/;

/**
 * The scenario text with every password replaced by ***, everything else byte for byte,
 * so the run folder keeps a faithful record of what ran without the secrets in it.
 */
export function redactScenarioText(text: string): string {
  return text
    .replace(SECRET_ATTR, (_m, pre: string, q: string) => `${pre}${q}${REDACTED}${q}`)
    .replace(OPTION_TAG, (tag) =>
      PASSWD_NAME.test(tag) ? tag.replace(VALUE_ATTR, (_m, pre: string, q: string) => `${pre}${q}${REDACTED}${q}`) : tag,
    );
}

/**
 * Redacts a scenario file's bytes for the run folder's copy: gzip is inflated (the copy is
 * plain XML), UTF-16 is decoded and encoded back, anything else is edited as bytes (the
 * patterns are ASCII, so UTF-8 and Latin-1 files keep their encoding).
 */
export function redactScenarioFile(bytes: Buffer): Buffer {
  let buf = bytes;
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) buf = gunzipSync(buf, { maxOutputLength: MAX_SCENARIO_BYTES });
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return Buffer.from(redactScenarioText(buf.toString('utf16le')), 'utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const le = Buffer.from(buf).swap16();
    return Buffer.from(redactScenarioText(le.toString('utf16le')), 'utf16le').swap16();
  }
  return Buffer.from(redactScenarioText(buf.toString('latin1')), 'latin1');
}

const SECRET_KEYS = new Set(['passwd', 'password', 'keypass', 'token']);

/** A deep copy of plain data with every secret-named field's string replaced (`check --json`). */
export function redactSecrets<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (k, v: unknown) => (SECRET_KEYS.has(k) && typeof v === 'string' ? REDACTED : v)) as T;
}
