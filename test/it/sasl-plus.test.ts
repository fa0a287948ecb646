/**
 * SCRAM-*-PLUS (RFC 5802 §6) against the real servers, and reconnects that log in as the
 * scenario did. What the servers here do (measured, Debian packages):
 *
 * - ejabberd 23.01 offers SCRAM-SHA-1/256/512-PLUS after STARTTLS and on direct TLS, on
 *   TLS 1.2 and 1.3, without a XEP-0440 list. It binds only tls-unique; on TLS 1.3 it
 *   takes the client Finished as tls-unique (RFC 9266 §3 leaves that undefined), so
 *   xload binds that way there only when the scenario names channel_binding="tls-unique".
 *   tls-exporter and tls-server-end-point are refused ("Invalid channel binding").
 * - Prosody 0.12 offers SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS on TLS 1.2 only (tls-unique;
 *   tls-exporter is malformed-request to it), nothing -PLUS on TLS 1.3, no SHA-512 at all.
 *
 * Node negotiates TLS 1.3 by default; runs marked TLS 1.2 cap it with NODE_OPTIONS.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { runXload, type XloadRun } from './run-xload.js';
import { req, think, writeScenario } from './protocol-scenario.js';

const TLS12 = '--tls-max-v1.2';

/** One run, optionally with TLS capped at 1.2 (the child inherits NODE_OPTIONS, its workers too). */
async function run(file: string, nodeOptions?: string): Promise<XloadRun> {
  const saved = process.env.NODE_OPTIONS;
  if (nodeOptions) process.env.NODE_OPTIONS = `${saved ?? ''} ${nodeOptions}`.trim();
  try {
    // execFile copies the environment when the child starts, so it can be restored at once.
    return runXload(file, ['--workers', '1']);
  } finally {
    if (nodeOptions) {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
  }
}

/** A whole login: stream, STARTTLS (unless direct TLS), SASL with `attrs`, restart, bind. */
function fullLogin(attrs: string, starttls = true): string {
  const tls = starttls ? [req('starttls', 'ack="bidi_ack"'), req('connect')] : [];
  return [req('connect'), ...tls, req('auth_sasl', attrs), req('connect'), req('auth_sasl_bind')].join('\n');
}

/** `users` users, each logging in once per entry of `logins` (a fresh connection each time). */
function scenario(server: ServerInfo, users: number, logins: string[], extra: string[] = []): string {
  return writeScenario({ server, users, session: [...logins.flatMap((l) => [l, req('close')]), ...extra].join('\n') });
}

/** The same scenario on the server's direct TLS port (`<server type="ssl">`). */
function onDirectTls(file: string, server: ServerInfo): string {
  const xml = readFileSync(file, 'utf8').replace(`port="${server.port}" type="tcp"`, `port="${server.tlsPort}" type="ssl"`);
  writeFileSync(file, xml);
  return file;
}

const logins = (s: XloadRun['summary'], mech: string): number => s.counters[`sasl_logins.${mech}`] ?? 0;
const PLUS = ['SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS', 'SCRAM-SHA-512-PLUS'];

describe('SCRAM-*-PLUS against ejabberd 23.01', () => {
  const users = 4;

  it('every -PLUS mechanism logs in, after STARTTLS on TLS 1.3 (tls-unique named) and on direct TLS', async () => {
    const starttls = scenario(
      EJABBERD,
      users,
      PLUS.map((m) => fullLogin(`mechanism="${m}" channel_binding="tls-unique"`)),
    );
    const direct = onDirectTls(
      scenario(EJABBERD, users, [fullLogin('mechanism="SCRAM-SHA-512-PLUS" channel_binding="tls-unique"', false)]),
      EJABBERD,
    );
    const [a, b] = await Promise.all([run(starttls), run(direct)]);
    expect(a.summary.errors, a.stdout + a.stderr).toEqual({});
    expect(a.summary.users.finished).toBe(users);
    for (const m of PLUS) expect(logins(a.summary, m), m).toBe(users);
    expect(a.summary.counters['sasl_channel_binding.tls-unique']).toBe(3 * users);
    expect(b.summary.errors, b.stdout + b.stderr).toEqual({});
    expect(logins(b.summary, 'SCRAM-SHA-512-PLUS')).toBe(users);
  });

  it('on TLS 1.2, mechanism="auto" takes SCRAM-SHA-512-PLUS with tls-unique; on TLS 1.3 it does not guess a binding', async () => {
    const file = scenario(EJABBERD, users, [fullLogin('mechanism="auto"')]);
    const [v12, v13] = await Promise.all([run(file, TLS12), run(file)]);
    expect(v12.summary.errors, v12.stdout + v12.stderr).toEqual({});
    expect(logins(v12.summary, 'SCRAM-SHA-512-PLUS')).toBe(users);
    expect(v12.summary.counters['sasl_channel_binding.tls-unique']).toBe(users);
    expect(v13.summary.errors, v13.stdout + v13.stderr).toEqual({});
    expect(logins(v13.summary, 'SCRAM-SHA-512')).toBe(users);
  });

  it('what it lacks: tls-exporter and tls-server-end-point are refused; -PLUS without TLS is channel_binding_unavailable', async () => {
    const [exporter, endPoint, plain] = await Promise.all([
      run(scenario(EJABBERD, 2, [fullLogin('mechanism="SCRAM-SHA-256-PLUS" channel_binding="tls-exporter"')])),
      run(scenario(EJABBERD, 2, [fullLogin('mechanism="SCRAM-SHA-256-PLUS" channel_binding="tls-server-end-point"')])),
      run(scenario(EJABBERD, 2, [[req('connect'), req('auth_sasl', 'mechanism="SCRAM-SHA-256-PLUS"')].join('\n')])),
    ]);
    expect(exporter.summary.errors).toEqual({ auth_failed: 2 });
    expect(endPoint.summary.errors).toEqual({ auth_failed: 2 });
    expect(plain.summary.errors).toEqual({ 'sasl_error.channel_binding_unavailable': 2 });
  });
});

describe('SCRAM-*-PLUS against Prosody 0.12', () => {
  const users = 4;

  it('on TLS 1.2, SCRAM-SHA-1-PLUS and SCRAM-SHA-256-PLUS log in (tls-unique by default)', async () => {
    const file = scenario(
      PROSODY,
      users,
      ['SCRAM-SHA-1-PLUS', 'SCRAM-SHA-256-PLUS'].map((m) => fullLogin(`mechanism="${m}"`)),
    );
    const { summary: s, stdout, stderr } = await run(file, TLS12);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(users);
    expect(logins(s, 'SCRAM-SHA-1-PLUS')).toBe(users);
    expect(logins(s, 'SCRAM-SHA-256-PLUS')).toBe(users);
    expect(s.counters['sasl_channel_binding.tls-unique']).toBe(2 * users);
  });

  it("what it lacks: SHA-512-PLUS, any -PLUS on TLS 1.3, tls-exporter; auto on TLS 1.3 is SCRAM-SHA-256 with flag 'y'", async () => {
    const [sha512, on13, exporter, auto13] = await Promise.all([
      run(scenario(PROSODY, 2, [fullLogin('mechanism="SCRAM-SHA-512-PLUS"')]), TLS12),
      run(scenario(PROSODY, 2, [fullLogin('mechanism="SCRAM-SHA-256-PLUS"')])),
      run(scenario(PROSODY, 2, [fullLogin('mechanism="SCRAM-SHA-256-PLUS" channel_binding="tls-exporter"')]), TLS12),
      run(scenario(PROSODY, 2, [fullLogin('mechanism="auto"')])),
    ]);
    expect(sha512.summary.errors).toEqual({ 'protocol_error.auth_no_mechanism': 2 });
    expect(on13.summary.errors).toEqual({ 'protocol_error.auth_no_mechanism': 2 });
    expect(exporter.summary.errors).toEqual({ auth_failed: 2 });
    // RFC 5802 §6: the client could bind but the server offered no -PLUS; Prosody accepts 'y'.
    expect(auto13.summary.errors, auto13.stdout + auto13.stderr).toEqual({});
    expect(logins(auto13.summary, 'SCRAM-SHA-256')).toBe(2);
  });
});

describe('reconnects log in as the session did', () => {
  const users = 4;
  const options = '<option name="max_retries" value="5"/><option name="retry_timeout" value="200"/>';
  const dropAndBack = [
    req('xload:reconnect', 'ack="no_ack"'),
    req('presence:initial', 'ack="no_ack"'),
    think(1),
    req('xload:drop'),
    think(1),
    req('close'),
  ];

  it.each([EJABBERD, PROSODY])('SCRAM-SHA-256 before and after an xload:drop on $name, never PLAIN', async (server) => {
    const file = writeScenario({
      server,
      users,
      options,
      session: [fullLogin('mechanism="SCRAM-SHA-256"', false), ...dropAndBack].join('\n'),
    });
    const { summary: s, stdout, stderr } = await run(file);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.counters.reconnects).toBe(users);
    expect(logins(s, 'SCRAM-SHA-256')).toBe(2 * users);
    expect(logins(s, 'PLAIN')).toBe(0);
  });

  it('ejabberd: STARTTLS and SCRAM-SHA-256-PLUS again on the reconnect', async () => {
    const file = writeScenario({
      server: EJABBERD,
      users,
      options,
      session: [fullLogin('mechanism="SCRAM-SHA-256-PLUS" channel_binding="tls-unique"'), ...dropAndBack].join('\n'),
    });
    const { summary: s, stdout, stderr } = await run(file);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.counters.reconnects).toBe(users);
    // -PLUS needs TLS: each reconnect redid STARTTLS before binding to it.
    expect(logins(s, 'SCRAM-SHA-256-PLUS')).toBe(2 * users);
    expect(s.counters['sasl_channel_binding.tls-unique']).toBe(2 * users);
  });
});
