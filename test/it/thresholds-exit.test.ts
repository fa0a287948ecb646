/**
 * Thresholds against the real ejabberd (issue 4): pass → exit 0, fail → 99, abort_on_fail
 * → the run stops early with 5; results land in summary.json, stats.ndjson's end line,
 * report.html and the JUnit file. A threshold that does not parse is a `check` error.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { runCli, runXload } from './run-xload.js';
import { login, req, writeScenario } from './protocol-scenario.js';
import { readStatsNdjson } from '../../src/report/ndjson.js';

/** 20 users, 3 stamped chats each to online users; `stay` seconds online before closing. */
function scenario(thresholds: string, stay = 2): string {
  return writeScenario({
    server: EJABBERD,
    users: 20,
    rate: 20,
    durationSec: 1,
    userIdMax: 1000,
    sessionName: 'chat',
    fileName: 'chat-thresholds.xml',
    tail: thresholds,
    session: `${login()}
      ${req('presence:initial', 'ack="no_ack"')}
      <thinktime value="1"/>
      <for from="1" to="3" incr="1" var="i">
        ${req('chat', 'ack="no_ack" size="32" destination="online" stamped="true"')}
        <thinktime value="0.2"/>
      </for>
      <thinktime value="${stay}"/>
      ${req('close', 'ack="no_ack"')}`,
  });
}

describe('thresholds against ejabberd', () => {
  it('all pass: exit 0, results in summary.json, the end line, report.html and JUnit', async () => {
    const file = scenario(`  <thresholds>
    <threshold expr="p99(xmpp_msg_latency) lt 5s"/>
    <threshold expr="rate(errors) &lt; 1%"/>
    <threshold expr="count(connect) gt 0"/>
  </thresholds>`);
    const junit = join(mkdtempSync(join(tmpdir(), 'xload-junit-')), 'thresholds.xml');
    const run = await runXload(file, ['--workers', '2', '--junit', junit, '--threshold', 'users.failed == 0']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.summary.thresholds.map((t) => [t.expr, t.ok])).toEqual([
      ['p99(xmpp_msg_latency) lt 5s', true],
      ['rate(errors) < 1%', true],
      ['count(connect) gt 0', true],
      ['users.failed == 0', true],
    ]);
    expect(readStatsNdjson(join(run.dir, 'stats.ndjson')).end?.thresholds).toEqual(run.summary.thresholds);
    expect(readFileSync(join(run.dir, 'report.html'), 'utf8')).toContain('All thresholds passed.');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('tests="5" failures="0"');
    expect(run.stdout).toContain('thresholds all passed');
  });

  it('one fails: exit 99 (thresholdsFailed), the run itself completed', async () => {
    const run = await runXload(scenario('', 0), [
      '--workers',
      '1',
      '--threshold',
      'p99(xmpp_msg_latency) < 0.001ms',
      '--threshold',
      'messages.lost == 0',
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(99);
    expect(run.summary.status).toBe('completed');
    const [latency, lost] = run.summary.thresholds;
    expect(latency).toMatchObject({ expr: 'p99(xmpp_msg_latency) < 0.001ms', ok: false });
    expect(latency!.value).toBeGreaterThan(0.001);
    expect(lost).toMatchObject({ expr: 'messages.lost == 0', ok: true, value: 0 });
    expect(run.stdout).toMatch(/FAIL {2}p99\(xmpp_msg_latency\) < 0\.001ms {2}\(\d+(\.\d+)? ms\)/);
    expect(readFileSync(join(run.dir, 'report.html'), 'utf8')).toContain('1 of 2 threshold(s) failed.');
  });

  it('abort_on_fail stops the run early: exit 5, status aborted, the threshold marked', async () => {
    // Users would stay 60 s; the threshold fails at the first interval with 3+ connects.
    const file = scenario('  <thresholds><threshold expr="count(connect) lt 3" abort_on_fail="true"/></thresholds>', 60);
    const t0 = Date.now();
    const run = await runXload(file, ['--workers', '1']);
    expect(run.code, run.stdout + run.stderr).toBe(5);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(run.summary.status).toBe('aborted');
    expect(run.summary.thresholds).toEqual([expect.objectContaining({ expr: 'count(connect) lt 3', ok: false, aborted: true })]);
    expect(run.stdout).toMatch(/run ABORTED: threshold failed \(abort_on_fail\): count\(connect\) lt 3/);
    expect(readStatsNdjson(join(run.dir, 'stats.ndjson')).end?.reason).toContain('count(connect) lt 3');
  });

  it('an expression that does not parse: check error with line:col (exit 3); a bad --threshold is a usage error (exit 2)', async () => {
    const file = scenario('  <thresholds>\n    <threshold expr="p99(xmpp_msg_latency) lt 5 parsecs"/>\n  </thresholds>');
    const check = await runCli(['-f', file, 'check']);
    expect(check.code).toBe(3);
    expect(check.stderr + check.stdout).toMatch(
      /chat-thresholds\.xml:38:49: threshold "p99\(xmpp_msg_latency\) lt 5 parsecs": unexpected "parsecs"/,
    );
    const flag = await runCli([
      '-f',
      scenario(''),
      'start',
      '--threshold',
      'p99(connect) <',
      '--out',
      mkdtempSync(join(tmpdir(), 'xload-thr-')),
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--threshold: threshold "p99(connect) <": expected a number after the comparison');
  });
});
