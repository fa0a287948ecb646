/**
 * `<expect>` checks against the real ejabberd and Prosody (issue 16). Two static users
 * (alice = user1 starts first, bob = user2) play ping-pong five times: bob waits for
 * alice's "hi bob N" and answers, alice checks the answer. Counts are exact: static users,
 * one worker (two in the first test: counts merge across workers). Bodies carry a token of this run, so a message stored offline by an earlier
 * run (bob's stream may end before alice's last "hi" reaches it) never meets a check.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatsNdjson } from '../../src/report/ndjson.js';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { fresh, login } from './protocol-scenario.js';
import { runXload } from './run-xload.js';

interface Variant {
  /** A second check on bob's wait that cannot pass (wrong body regexp), with this on_fail. */
  impossible?: 'continue' | 'end_session' | 'stop_run';
  /** Seconds alice stays online after the ping-pong. */
  aliceStays?: number;
}

function scenario(server: ServerInfo, v: Variant): string {
  const token = fresh('t');
  const msg = (to: number, body: string) =>
    `&lt;message to='user${to}@${server.domain}' type='chat'&gt;&lt;body&gt;${body} %%_i%% ${token}&lt;/body&gt;&lt;/message&gt;`;
  const impossible = v.impossible ? `<expect name="bob-gets-bye" kind="message" body="^bye$" timeout="1" on_fail="${v.impossible}"/>` : '';
  const xml = `<?xml version="1.0"?>
<tsung loglevel="notice">
  <clients><client host="localhost" use_controller_vm="true"/></clients>
  <servers><server host="${server.host}" port="${server.port}" type="tcp"/></servers>
  <load>
    <user session="alice" start_time="0" unit="second"/>
    <user session="bob" start_time="0.3" unit="second"/>
  </load>
  <options>
    <option type="ts_jabber" name="domain" value="${server.domain}"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
  </options>
  <sessions>
    <session name="alice" probability="50" type="ts_jabber">
      ${login()}
      <request><jabber type="presence:initial" ack="no_ack"/>
        <expect name="presence-echo" kind="presence" type="available" from="${server.domain}" timeout="5"/></request>
      <request><jabber type="iq:roster:get" ack="local"/>
        <expect name="roster-result" kind="iq" type="result" xpath="//query" timeout="5"/></request>
      <thinktime value="2"/>
      <for from="1" to="5" incr="1" var="i">
        <request subst="true"><jabber type="raw" ack="no_ack" data="${msg(2, 'hi bob')}"/>
          <expect name="alice-gets-reply" kind="message" type="chat" from="user2@${server.domain}" body="^hi alice \\d+ ${token}$" timeout="2"/></request>
        <thinktime value="0.2"/>
      </for>
      <thinktime value="${v.aliceStays ?? 0.5}"/>
      <request><jabber type="close" ack="no_ack"/></request>
    </session>
    <session name="bob" probability="50" type="ts_jabber">
      ${login()}
      <request><jabber type="presence:initial" ack="no_ack"/>
        <expect name="presence-echo-bob" kind="presence" from="user2@${server.domain}/tsung" timeout="5"/></request>
      <request><jabber type="iq:roster:get" ack="local"/>
        <expect name="roster-result-bob" kind="iq" type="result" xpath="//query" timeout="5"/></request>
      <for from="1" to="5" incr="1" var="i">
        <request><jabber type="wait" ack="no_ack"/>
          <expect name="bob-gets-hi" kind="message" type="chat" from="user1@${server.domain}" body="^hi bob \\d+ ${token}$" timeout="10"/>${impossible}</request>
        <request subst="true"><jabber type="raw" ack="no_ack" data="${msg(1, 'hi alice')}"/></request>
      </for>
      <request><jabber type="close" ack="no_ack"/></request>
    </session>
  </sessions>
  <thresholds>
    <threshold expr="rate(checks) == 100%"/>
    <threshold expr="rate(checks.bob-gets-hi) gte 99%"/>
  </thresholds>
</tsung>
`;
  const file = join(mkdtempSync(join(tmpdir(), 'xload-checks-')), 'checks.xml');
  writeFileSync(file, xml);
  return file;
}

const counts = (pass: number, fail: number) => ({
  pass,
  fail,
  rate: pass + fail > 0 ? Math.round((pass / (pass + fail)) * 1e6) / 1e6 : null,
});
const passing = {
  'presence-echo': counts(1, 0),
  'presence-echo-bob': counts(1, 0),
  'roster-result': counts(1, 0),
  'roster-result-bob': counts(1, 0),
};

describe.each([EJABBERD, PROSODY])('<expect> checks against $name', (server: ServerInfo) => {
  const start = (v: Variant, workers = 1) => runXload(scenario(server, v), ['--workers', String(workers)]);

  it('every check passes: exact counts by name (alice and bob on two workers, merged), rate(checks) == 100% holds, exit 0', async () => {
    const run = await start({}, 2);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const s = run.summary;
    expect(s.status).toBe('completed');
    expect(s.errors).toEqual({});
    expect(s.users).toMatchObject({ started: 2, finished: 2, failed: 0 });
    expect(s.checks).toEqual({
      ...counts(14, 0),
      names: { ...passing, 'alice-gets-reply': counts(5, 0), 'bob-gets-hi': counts(5, 0) },
    });
    expect(s.thresholds.map((t) => [t.expr, t.ok, t.value])).toEqual([
      ['rate(checks) == 100%', true, 1],
      ['rate(checks.bob-gets-hi) gte 99%', true, 1],
    ]);
    expect(Object.keys(s.counters).filter((k) => k.startsWith('check_'))).toEqual([]);
    // check.<name>: one latency sample per pass, the request's send to the stanza
    expect(s.metrics['check.bob-gets-hi']?.count).toBe(5);
    expect(s.metrics['check.alice-gets-reply']?.count).toBe(5);
    expect(s.metrics['check.alice-gets-reply']!.max_ms).toBeLessThan(2000);
  });

  it('a check that cannot pass is counted failed by name; the threshold fails with exit 99', async () => {
    const run = await start({ impossible: 'continue' });
    expect(run.code, run.stdout + run.stderr).toBe(99);
    const s = run.summary;
    expect(s.status).toBe('completed');
    expect(s.errors).toEqual({});
    expect(s.users).toMatchObject({ started: 2, finished: 2, failed: 0 });
    expect(s.checks?.names).toEqual({
      ...passing,
      'alice-gets-reply': counts(5, 0),
      'bob-gets-hi': counts(5, 0),
      'bob-gets-bye': counts(0, 5),
    });
    expect(s.thresholds.map((t) => [t.expr, t.ok])).toEqual([
      ['rate(checks) == 100%', false],
      ['rate(checks.bob-gets-hi) gte 99%', true],
    ]);
    expect(s.thresholds[0]?.value).toBeCloseTo(14 / 19, 5);
  });

  it('on_fail="end_session": bob fails with check_failed.bob-gets-bye and alice is left without replies', async () => {
    const run = await start({ impossible: 'end_session' });
    expect(run.code, run.stdout + run.stderr).toBe(99);
    const s = run.summary;
    expect(s.status).toBe('completed');
    expect(s.errors).toEqual({ 'check_failed.bob-gets-bye': 1 });
    expect(s.users).toMatchObject({ started: 2, finished: 1, failed: 1 });
    expect(s.error_samples['check_failed.bob-gets-bye']?.[0]).toMatchObject({ request: 'wait', user: 'user2' });
    expect(s.checks?.names).toEqual({
      ...passing,
      // bob's first wait: bye failed after 1 s, before alice's first "hi" (2 s after her login); hi was still open
      'bob-gets-hi': counts(0, 1),
      'bob-gets-bye': counts(0, 1),
      'alice-gets-reply': counts(0, 5),
    });
  });

  it('on_fail="stop_run": the run stops at the first failure (exit 5), its stats written', async () => {
    const t0 = Date.now();
    const run = await start({ impossible: 'stop_run', aliceStays: 60 });
    expect(run.code, run.stdout + run.stderr).toBe(5);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const s = run.summary;
    expect(s.status).toBe('aborted');
    expect(s.duration_s).toBeLessThan(10);
    expect(s.errors).toEqual({ 'check_failed.bob-gets-bye': 1 });
    expect(s.checks?.names['bob-gets-bye']).toEqual(counts(0, 1));
    expect(s.checks?.names['alice-gets-reply']).toBeUndefined();
    expect(run.stdout).toMatch(/run ABORTED: check bob-gets-bye failed \(line \d+, on_fail="stop_run"\)/);
    expect(readStatsNdjson(join(run.dir, 'stats.ndjson')).end?.status).toBe('aborted');
  });
});
