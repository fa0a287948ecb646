/**
 * Authentication variants of Tsung and xload against real servers: SCRAM-SHA-512 (xload),
 * STARTTLS with bidi_ack, a pre-1.0 "legacy" stream with XEP-0078, and the mechanisms
 * these servers do not enable here (ANONYMOUS, EXTERNAL, SIP digest): each refusal is a
 * counted error class, and the run goes on.
 */
import { describe, expect, it } from 'vitest';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { runXload } from './run-xload.js';
import { req, writeScenario } from './protocol-scenario.js';

const run = (file: string) => runXload(file, ['--workers', '1']);
const bindAndClose = [req('connect'), req('auth_sasl_bind'), req('close')].join('\n');

describe.each([EJABBERD, PROSODY])('auth against $name', (server: ServerInfo) => {
  it('STARTTLS acked with bidi_ack, then SCRAM: the strongest the server offers', async () => {
    // ejabberd offers SCRAM-SHA-512; Prosody 0.12 tops out at SCRAM-SHA-256.
    const mech = server.name === 'ejabberd' ? 'SCRAM-SHA-512' : 'SCRAM-SHA-256';
    const file = writeScenario({
      server,
      users: 3,
      session: [
        req('connect'),
        req('starttls', 'ack="bidi_ack"'),
        req('connect'),
        req('auth_sasl', `mechanism="${mech}"`),
        bindAndClose,
      ].join('\n'),
    });
    const { summary: s, stdout, stderr } = await run(file);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(3);
    expect(s.metrics['request.starttls']?.count).toBe(3);
    expect(s.metrics.auth?.count).toBe(3);
  });

  it('version="legacy": a pre-1.0 stream and XEP-0078 plain auth', async () => {
    const file = writeScenario({
      server,
      users: 3,
      session: [
        req('connect', 'version="legacy"'),
        req('auth_get'),
        req('auth_set_plain'),
        req('presence:initial', 'ack="no_ack"'),
        req('close'),
      ].join('\n'),
    });
    const { summary: s, stdout, stderr } = await run(file);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(3);
    expect(s.metrics['request.auth_set_plain']?.count).toBe(3);
  });

  it('ANONYMOUS, EXTERNAL and SIP digest are refused here, each with its own class', async () => {
    const anon = await run(
      writeScenario({ server, users: 2, session: [req('connect'), req('auth_sasl_anonymous'), bindAndClose].join('\n') }),
    );
    // Neither server enables anonymous login in this project's config.
    expect(anon.summary.errors).toEqual({ auth_failed: 2 });
    const ext = await run(
      writeScenario({ server, users: 2, session: [req('connect'), req('auth_sasl_external'), bindAndClose].join('\n') }),
    );
    // EXTERNAL needs a client certificate; without one the server does not offer it.
    expect(ext.summary.errors).toEqual({ 'protocol_error.auth_no_mechanism': 2 });
    const sip = await run(
      writeScenario({
        server,
        users: 2,
        session: [
          '      <setdynvars sourcetype="value" value="0a1b2c"><var name="nonce"/></setdynvars>',
          req('connect', 'version="legacy"'),
          req('auth_set_sip'),
          req('close'),
        ].join('\n'),
      }),
    );
    // Tsung's xmpp:assert SIP token is not something ejabberd or Prosody know.
    expect(Object.keys(sip.summary.errors)).toEqual(['auth_failed']);
    expect(sip.summary.users.failed).toBe(2);
  });
});
