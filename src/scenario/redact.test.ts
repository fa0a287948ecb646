import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REDACTED, redactScenarioFile, redactScenarioText, redactSecrets } from './redact.js';
import { compileScenarioText } from './index.js';
import { renderPlanSummary } from './summary.js';
import { scenario } from '../../test/unit/scenario/minimal.js';

const SECRETS = ['s3cr3t-opt', 'hunter2-auth', "kp'ss", 'jab-pw'];
const text = scenario({
  options: `<option type="ts_jabber" name="passwd" value="${SECRETS[0]}"/><option value='${SECRETS[0]}' type="ts_jabber" name = 'passwd' />`,
  body: [
    `<request><jabber type="auth_get" ack="local"><xmpp_authenticate username="u" passwd="${SECRETS[1]}"/></jabber></request>`,
    `<request><jabber type="connect" ack="no_ack" keypass="${SECRETS[2]!.replace("'", '')}"/></request>`,
    `<request><jabber type="connect" ack="no_ack" passwd = '${SECRETS[3]}'/></request>`,
  ].join('\n'),
});
const present = (s: string): string[] => SECRETS.map((x) => x.replace("'", '')).filter((x) => s.includes(x));

describe('redaction of passwords', () => {
  it('the scenario text keeps everything but the secrets, line for line', () => {
    expect(present(text)).toHaveLength(4);
    const out = redactScenarioText(text);
    expect(present(out)).toEqual([]);
    expect(out.split('\n')).toHaveLength(text.split('\n').length);
    expect(out).toContain('passwd="***"');
    expect(out).toContain('username="u"');
    expect(out).toContain('<option type="ts_jabber" name="passwd" value="***"/>');
    // Options that are not secrets are untouched.
    expect(redactScenarioText('<option name="domain" value="localhost"/>')).toBe('<option name="domain" value="localhost"/>');
  });

  for (const [name, encode] of [
    ['UTF-8', (s: string) => Buffer.from(s)],
    ['gzip', (s: string) => gzipSync(Buffer.from(s))],
    ['Latin-1', (s: string) => Buffer.from(s.replace('u"', 'ü"'), 'latin1')],
    ['UTF-16 LE', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    ['UTF-16 BE', (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()])],
  ] as const) {
    it(`the run folder's copy of a ${name} file has no secret and stays in its encoding`, () => {
      const out = redactScenarioFile(encode(text));
      for (const enc of ['utf8', 'latin1', 'utf16le'] as const) expect(present(out.toString(enc))).toEqual([]);
      if (name === 'UTF-16 BE') expect(present(Buffer.from(out).swap16().toString('utf16le'))).toEqual([]);
      if (name === 'UTF-8' || name === 'gzip') expect(out.toString('utf8')).toBe(redactScenarioText(text));
    });
  }

  it("check's summary and --json plan carry no password", () => {
    const r = compileScenarioText(
      text
        .split('\n')
        .filter((l) => !l.includes(SECRETS[3]!))
        .join('\n'),
    );
    if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
    expect(present(JSON.stringify(r.plan))).toEqual(SECRETS.slice(0, 3).map((x) => x.replace("'", '')));
    expect(present(JSON.stringify(redactSecrets(r.plan)))).toEqual([]);
    expect(present(renderPlanSummary(r.plan))).toEqual([]);
    expect(renderPlanSummary(r.plan)).toContain('password ***<id>');
  });
});

/** Issue 13: the class of inputs the regexes missed, tried at random. */
describe('redaction reads the XML, not patterns', () => {
  // A password of any characters, written into an attribute the way XML allows: raw where
  // the quote permits, else as entities (named, decimal or hex), either quote kind.
  const password = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).filter((p) => p.trim().length > 0);
  const quote = fc.constantFrom<'"' | "'">('"', "'");
  const writeAs = fc.constantFrom('plain', 'decimal', 'hex');

  function encode(p: string, q: '"' | "'", how: string): string {
    const esc = (c: string): string => {
      const cp = c.codePointAt(0)!;
      if (how === 'decimal') return `&#${cp};`;
      if (how === 'hex') return `&#x${cp.toString(16)};`;
      if (c === '&') return '&amp;';
      if (c === '<') return '&lt;';
      if (c === q) return q === '"' ? '&quot;' : '&apos;';
      return c;
    };
    return [...p].map(esc).join('');
  }
  /** `passwd` itself, sometimes with a letter as a character reference. */
  const optionName = fc.constantFrom('passwd', '&#112;asswd', 'pass&#x77;d', ' passwd ', 'keypass', 'p&#97;sswd');

  const places = (p: string, q: '"' | "'", how: string, name: string) => {
    const v = encode(p, q, how);
    return [
      `<option type="ts_jabber" name=${q}${name}${q} value=${q}${v}${q}/>`,
      `<option value=${q}${v}${q} type="ts_jabber" name=${q}${name}${q}/>`,
      `<xmpp_authenticate username="u" passwd=${q}${v}${q}/>`,
      `<jabber type="connect" ack="no_ack" keypass = ${q}${v}${q}/>`,
      `<monitor host="h" type="snmp"><snmp version="v2" community=${q}${v}${q}/></monitor>`,
      // A URL's password is percent-encoded, as RFC 3986 §3.2.1 has it.
      `<monitor host="h" type="prometheus"><prometheus url=${q}http://admin:${encode(encodeURIComponent(p), q, how)}@h:9100/metrics${q}/></monitor>`,
    ];
  };

  it('no password survives, in any place, quote or encoding', () => {
    fc.assert(
      fc.property(password, quote, writeAs, optionName, (p, q, how, name) => {
        for (const el of places(p, q, how, name)) {
          const doc = `<?xml version="1.0"?>\n<!-- a comment with > in it -->\n<tsung><options>${el}</options></tsung>\n`;
          const out = redactScenarioFile(Buffer.from(doc, 'utf8')).toString('utf8');
          const values = [...out.matchAll(/(?:value|passwd|keypass|community|url)\s*=\s*("([^"]*)"|'([^']*)')/g)].map(
            (m) => m[2] ?? m[3] ?? '',
          );
          for (const v of values) {
            const decoded = v.replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)));
            const plain = decoded.replace(/&#([0-9]+);/g, (_m, d: string) => String.fromCodePoint(Number(d)));
            if (/^(ts_jabber|h)$/.test(plain)) continue;
            for (const form of [p, encodeURIComponent(p)]) expect(plain).not.toContain(form.length >= 3 ? form : `:${form}@`);
          }
          expect(out).toContain(REDACTED);
          // The rest of the element is untouched.
          expect(out.startsWith('<?xml version="1.0"?>\n<!-- a comment with > in it -->\n<tsung><options>')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a file without secrets is unchanged, byte for byte', () => {
    const safeName = fc.constantFrom('type', 'name', 'value', 'id', 'host', 'ack', 'username', 'url', 'port');
    const safeValue = fc
      .string({ unit: 'grapheme', maxLength: 12 })
      .map((v) => v.replace(/[<&"'@]/g, '').replace(/passwd|keypass|password/gi, ''));
    const attr = fc.tuple(safeName, quote, safeValue).map(([n, q, v]) => ` ${n}=${q}${v}${q}`);
    const element = fc
      .tuple(fc.constantFrom('option', 'request', 'jabber', 'server', 'monitor'), fc.array(attr, { maxLength: 4 }), fc.boolean())
      .map(([n, as, empty]) => (empty ? `<${n}${as.join('')}/>` : `<${n}${as.join('')}>text &amp; more</${n}>`));
    fc.assert(
      fc.property(fc.array(element, { maxLength: 8 }), (els) => {
        const doc = `<?xml version="1.0" encoding="utf-8"?>\n<tsung>\n${els.join('\n')}\n</tsung>\n`;
        const bytes = Buffer.from(doc, 'utf8');
        expect(Buffer.compare(redactScenarioFile(bytes), bytes)).toBe(0);
      }),
      { numRuns: 300 },
    );
    // Not even XML: arbitrary text without secret words passes through whole, and the scan ends.
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (t) => {
        fc.pre(!/passwd|password|keypass|community|:\/\//i.test(t));
        expect(redactScenarioText(t)).toBe(t);
      }),
      { numRuns: 500 },
    );
  });

  it('the audit cases', () => {
    expect(redactScenarioText(`<option name="passwd" value='it"s-Secret'/>`)).toBe(`<option name="passwd" value='***'/>`);
    expect(redactScenarioText(`<option name='passwd' value="it's-Secret"/>`)).toBe(`<option name='passwd' value="***"/>`);
    expect(redactScenarioText(`<option name="&#112;asswd" value="s3"/>`)).toBe(`<option name="&#112;asswd" value="***"/>`);
    expect(redactScenarioText(`<x passwd='a"b'/>`)).toBe(`<x passwd='***'/>`);
    expect(redactScenarioText(`<snmp community="public"/>`)).toBe(`<snmp community="***"/>`);
    expect(redactScenarioText(`<prometheus url="https://me:pw@h/m"/>`)).toBe(`<prometheus url="https://me:***@h/m"/>`);
  });

  it('redactSecrets: community and URL credentials in plan data', () => {
    expect(redactSecrets({ monitors: [{ community: 'c0mm', url: 'http://u:p4ss@h:1/x' }] })).toEqual({
      monitors: [{ community: REDACTED, url: `http://u:${REDACTED}@h:1/x` }],
    });
  });
});
