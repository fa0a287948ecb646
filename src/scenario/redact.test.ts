import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { redactScenarioFile, redactScenarioText, redactSecrets } from './redact.js';
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
