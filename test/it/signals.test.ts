/**
 * A run stopped from outside, end to end (issue 13): SIGINT, SIGTERM and SIGHUP each sent
 * to a real `xload start` against ejabberd with users online. Each must stop the run
 * cleanly (exit 5, status aborted), name the signal in the run's reason (a service manager's
 * SIGTERM is not a Ctrl-C), account for every user that started, and leave a run folder
 * `xload report` rebuilds. And a user VM that never yields (a billion non-blocking ops)
 * must not freeze its worker: `--duration` still ends the run on time, the yields counted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EJABBERD } from './servers.js';
import { REPO_ROOT, XLOAD_BIN, countSoFar, runCli, runXload } from './run-xload.js';
import { login, req, writeScenario } from './protocol-scenario.js';
import type { Summary } from '../../src/report/summary-types.js';
import type { StatsEnd } from '../../src/report/ndjson-types.js';

/** 40 users arrive within 4 s and chat for a minute: the run is mid-way whenever it is stopped. */
function chatScenario(): string {
  return writeScenario({
    server: EJABBERD,
    users: 40,
    rate: 10,
    userIdMax: 1000,
    fileName: 'signals.xml',
    session: `${login()}
      ${req('presence:initial', 'ack="no_ack"')}
      <for from="1" to="60" incr="1" var="i">
        <thinktime value="1"/>
        ${req('chat', 'ack="no_ack" size="32" destination="online" stamped="true"')}
      </for>
      ${req('close', 'ack="no_ack"')}`,
  });
}

function endLine(dir: string): StatsEnd {
  const lines = readFileSync(join(dir, 'stats.ndjson'), 'utf8').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as StatsEnd;
}

async function until(what: string, ok: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// SIGHUP is handled like SIGTERM (a closed terminal or a service manager), named as itself.
const SIGNALS = [{ signal: 'SIGINT' }, { signal: 'SIGTERM' }, { signal: 'SIGHUP' }] as const;

describe.each(SIGNALS)('xload start stopped by $signal', ({ signal }) => {
  it('closes sessions, exits 5 with the signal named, every user accounted, and `xload report` rebuilds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-signal-'));
    const child = spawn(process.execPath, [XLOAD_BIN, '-f', chatScenario(), 'start', '--out', dir, '--progress', '0', '--workers', '1'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const stopAt = Date.now();
    try {
      // Stopped once chats flow (a few intervals in), not at a fixed time from spawn.
      await until('chats sent', () => countSoFar(dir, 'messages_sent') >= 20);
      child.kill(signal);
      const code = await exited;
      expect(code, out).toBe(5);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    // Stopped within the graceful close, far short of the 60 s the sessions would last.
    expect(Date.now() - stopAt).toBeLessThan(40_000);
    const reason = `interrupted (${signal === 'SIGINT' ? 'Ctrl-C' : signal})`;
    expect(out).toContain(signal === 'SIGINT' ? 'Ctrl-C again to abort now' : `${signal} again to abort now`);
    expect(out).not.toMatch(/bug in xload|at .*\.js:\d+/);

    const s = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(s.status).toBe('aborted');
    expect(endLine(dir)).toMatchObject({ status: 'aborted', reason });
    expect(s.errors).toEqual({});
    const interrupted = s.counters.users_interrupted ?? 0;
    expect(s.users.started).toBeGreaterThanOrEqual(20);
    expect(interrupted).toBeGreaterThan(0);
    expect(s.users.finished + s.users.failed + interrupted).toBe(s.users.started);
    expect(s.messages.sent).toBeGreaterThanOrEqual(20);
    expect(s.messages.delivered + s.messages.lost + s.messages.in_flight).toBe(s.messages.sent);
    expect(s.messages.lost).toBe(0);

    const r = await runCli(['report', dir]);
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
    expect(again.status).toBe('aborted');
    expect(again.users).toEqual(s.users);
    expect(again.messages.sent).toBe(s.messages.sent);
  });
});

describe('a user VM that never yields', () => {
  it('does not freeze its worker: --duration ends the run on time, yields counted, users interrupted', async () => {
    const scenario = writeScenario({
      server: EJABBERD,
      users: 4,
      rate: 20,
      userIdMax: 1000,
      fileName: 'spin.xml',
      // A billion non-blocking ops in a row: nothing in the loop waits for the network or a clock.
      session: `${login()}
      <for from="1" to="1000000000" incr="1" var="i">
        <setdynvars sourcetype="value" value="x"><var name="v"/></setdynvars>
      </for>
      ${req('close', 'ack="no_ack"')}`,
    });
    const t0 = Date.now();
    const r = await runXload(scenario, ['--duration', '4', '--workers', '1'], 60_000);
    const wall = Date.now() - t0;
    expect(r.code, r.stderr).toBe(0);
    // 4 s of load, the graceful close and the process's start and end; a frozen worker would
    // have hit the test's 60 s bound instead.
    expect(wall).toBeLessThan(25_000);
    const s = r.summary;
    expect(s.users.started).toBe(4);
    expect(s.counters.users_interrupted).toBe(4);
    expect(s.users.finished + s.users.failed + (s.counters.users_interrupted ?? 0)).toBe(4);
    expect(s.counters.vm_yields ?? 0).toBeGreaterThan(100);
    expect(s.errors).toEqual({});
  });
});
