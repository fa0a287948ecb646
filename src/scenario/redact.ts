import { gunzipSync } from 'node:zlib';
import { MAX_SCENARIO_BYTES } from './source.js';
import { encodeAttrValue, scanStartTags } from './xml-attr-scan.js';

/** What a secret is replaced with in every copy xload prints or keeps. */
export const REDACTED = '***';

/** Attributes that hold a secret on any element: passwd (xmpp_authenticate, jabber), TLS keypass, SNMP community. */
const SECRET_ATTRS = new Set(['passwd', 'password', 'keypass', 'community']);
/** `<option name="passwd" value="...">`: the option names whose value is a secret. */
const SECRET_OPTIONS = new Set(['passwd', 'password', 'keypass']);

/**
 * The scenario text with every secret replaced by ***, everything else byte for byte, so
 * the run folder keeps a faithful record of what ran without the secrets in it. The text is
 * read as XML (xml-attr-scan.ts): attribute values are decoded before they are judged, so
 * either quote kind, a quote of the other kind inside, or `name="&#112;asswd"` make no
 * difference. A URL's `user:password@` (a monitor's url) keeps its user, not its password.
 */
export function redactScenarioText(text: string): string {
  const edits: Array<{ start: number; end: number; text: string }> = [];
  for (const tag of scanStartTags(text)) {
    const secretOption =
      tag.name === 'option' && tag.attrs.some((a) => a.name === 'name' && SECRET_OPTIONS.has(a.value.trim().toLowerCase()));
    for (const a of tag.attrs) {
      if (SECRET_ATTRS.has(a.name.toLowerCase()) || (secretOption && a.name === 'value')) {
        edits.push({ start: a.start, end: a.end, text: REDACTED });
      } else {
        const safe = redactUrlCredentials(a.value);
        if (safe !== a.value) edits.push({ start: a.start, end: a.end, text: encodeAttrValue(safe, a.quote) });
      }
    }
  }
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Every `scheme://user:password@` in `text` with the password replaced (`https://admin:***@host`),
 * and a lone `scheme://token@` with the token replaced: for monitor URLs in plans, labels,
 * error messages and logs.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#<>@]*)@/gi, (_m, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  });
}

/**
 * Redacts a scenario file's bytes for the run folder's copy: gzip is inflated (the copy is
 * plain XML), UTF-16 is decoded and encoded back, anything else is edited as Latin-1 text (XML's
 * delimiters are ASCII, so UTF-8 and Latin-1 files keep their bytes outside the secrets).
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

const SECRET_KEYS = new Set(['passwd', 'password', 'keypass', 'token', 'community']);

/**
 * A deep copy of plain data with every secret-named field's string replaced and every URL's
 * credentials redacted (`check --json`).
 */
export function redactSecrets<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (k, v: unknown) =>
    typeof v !== 'string' ? v : SECRET_KEYS.has(k) ? REDACTED : redactUrlCredentials(v),
  ) as T;
}
