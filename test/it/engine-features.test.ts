/**
 * Engine features against the real ejabberd: SCRAM, direct TLS, ack="global" across
 * worker threads, dyn_variable + subst + ack="parse", and in-band registration.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runXload } from './run-xload.js';

function scenarioFile(name: string, sessions: string, extraOptions = ''): string {
  const file = join(mkdtempSync(join(tmpdir(), 'xload-features-')), `${name}.xml`);
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<tsung>
  <clients><client host="localhost" use_controller_vm="true"/></clients>
  <servers><server host="${EJABBERD.host}" port="${EJABBERD.port}" type="tcp"/></servers>
  <load><arrivalphase phase="1" duration="2" unit="second"><users arrivalrate="20" unit="second" maxnumber="10"/></arrivalphase></load>
  <options>
    <option type="ts_jabber" name="domain" value="${EJABBERD.domain}"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
    <option type="ts_jabber" name="userid_max" value="1000"/>
    ${extraOptions}
  </options>
  <sessions>${sessions}</sessions>
</tsung>
`,
  );
  return file;
}

const LOGIN = (mechanism: string) => `
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl" ack="local" mechanism="${mechanism}"/></request>
      <request><jabber type="connect" ack="local"/></request>
      <request>
        <dyn_variable name="myjid" re="&lt;jid&gt;([^&lt;]+)&lt;/jid&gt;"/>
        <jabber type="auth_sasl_bind" ack="local"/>
      </request>
      <request><jabber type="auth_sasl_session" ack="local"/></request>`;

const FEATURES = `
    <session name="features" probability="100" type="ts_jabber">
      ${LOGIN('SCRAM-SHA-256')}
      <request><jabber type="ping" ack="local"/></request>
      <request><jabber type="presence:initial" ack="global"/></request>
      <request subst="true">
        <jabber type="raw" ack="parse" regexp="echo-%%_myjid%%" data="&lt;message to='%%_myjid%%' type='chat'&gt;&lt;body&gt;echo-%%_myjid%%&lt;/body&gt;&lt;/message&gt;"/>
      </request>
      <request><jabber type="close" ack="local"/></request>
    </session>`;

describe('engine features against ejabberd', () => {
  it('SCRAM-SHA-256, a global barrier across two workers, dyn_variable, subst and ack=parse', async () => {
    const file = scenarioFile('features', FEATURES, '<option type="ts_jabber" name="global_number" value="10"/>');
    const run = await runXload(file, ['--workers', '2', '--request-timeout', '10']);
    const s = run.summary;
    expect(s.errors, run.stdout + run.stderr).toEqual({});
    expect(s.users.finished).toBe(10);
    expect(s.metrics.auth?.count).toBe(10);
    expect(s.metrics['request.ping']?.count).toBe(10);
    // The barrier released all ten together, although they arrived over ~0.5 s on two threads.
    expect(s.metrics['request.presence:initial']?.count).toBe(10);
    expect(s.metrics['request.raw']?.count).toBe(10);
    expect(s.metrics['request.close']?.count).toBe(10);
  });

  it('the same over direct TLS (server type ssl on 5223), with the strongest mechanism offered', async () => {
    const file = scenarioFile(
      'tls',
      FEATURES.replace('mechanism="SCRAM-SHA-256"', 'mechanism="auto"'),
      '<option type="ts_jabber" name="global_number" value="10"/>',
    );
    const run = await runXload(file, ['--server', `${EJABBERD.host}:${EJABBERD.tlsPort}:ssl`, '--request-timeout', '10']);
    expect(run.summary.errors, run.stdout + run.stderr).toEqual({});
    expect(run.summary.users.finished).toBe(10);
  });

  it('registers new accounts in-band, then logs in with them', async () => {
    const sessions = `
    <session name="register" probability="100" type="ts_jabber">
      <setdynvars sourcetype="random_string" length="16"><var name="rnd"/></setdynvars>
      <request subst="true"><jabber type="connect" ack="local"><xmpp_authenticate username="reg%%_rnd%%" passwd="secret-%%_rnd%%"/></jabber></request>
      <request><jabber type="register" ack="local"/></request>
      <request><jabber type="auth_sasl" ack="local"/></request>
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl_bind" ack="local"/></request>
      <request><jabber type="close" ack="no_ack"/></request>
    </session>`;
    const run = await runXload(scenarioFile('register', sessions), []);
    const s = run.summary;
    expect(s.errors, run.stdout + run.stderr).toEqual({});
    expect(s.users.finished).toBe(10);
    expect(s.metrics['request.register']?.count).toBe(10);
    expect(s.metrics.auth?.count).toBe(10);
  });

  it('registering an existing account is a stanza error with its condition', async () => {
    const sessions = `
    <session name="register-existing" probability="100" type="ts_jabber">
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="register" ack="local"/></request>
    </session>`;
    const run = await runXload(scenarioFile('register-existing', sessions), []);
    expect(run.summary.errors).toEqual({ 'stanza_error.conflict': 10 });
  });
});
