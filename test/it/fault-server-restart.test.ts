/**
 * Fault matrix (issue 13): the server killed mid-run and restarted. An ejabberd and a
 * Prosody of this test's own (private-server.ts: free ports, temp folders; never the shared
 * servers), one after the other, serve 12 static users in three sessions:
 *   - "sm" (6 users): stream management (XEP-0198) and xload:reconnect;
 *   - "relogin" (3 users): xload:reconnect without stream management;
 *   - "plain" (3 users): neither.
 * Everyone logs in, sends 3 stamped chats to online users and idles. The test then kills
 * the server with SIGKILL and starts it again 2 s later in the same folder: accounts survive,
 * the resumable streams do not. So every "sm" user's <resume/> must fail and fall back to a
 * fresh login (bind, SM enabled again, presence), every "relogin" user logs in again, every
 * "plain" user fails with the drop's error class; after the idle, the 9 users back online
 * send 3 more stamped chats each and close. Exact counts are asserted from summary.json.
 * Users: user1..user12 of the private server (no shared range taken).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/report/summary-types.js';
import { login, req, think } from './protocol-scenario.js';
import { PrivateServer } from './private-server.js';
import { countSoFar, REPO_ROOT, XLOAD_BIN } from './run-xload.js';
import type { ServerInfo } from './servers.js';

const SM_USERS = 6;
const RELOGIN_USERS = 3;
const PLAIN_USERS = 3;
const USERS = SM_USERS + RELOGIN_USERS + PLAIN_USERS;
const CHATS = 3;
/** Between the kill and the restart. */
const DOWN_MS = 2_000;
/** The whole xload run; the scenario's own length is about 22 s (ejabberd: 30 s). */
const RUN_LIMIT_MS = 90_000;

const exec = promisify(execFile);

/**
 * Per server: the idle after the first chats must outlast the kill, the 2 s down, the
 * restart (Prosody ~0.2 s, ejabberd ~2 s with Mnesia) and the back-off of the attempt
 * that finds it up (retry_timeout 500 ms × 2^n × [0.5, 1): attempt 5 is due by 15.5 s).
 */
const CASES = [
  { kind: 'prosody', idleSec: 14 },
  { kind: 'ejabberd', idleSec: 22 },
] as const;

describe.each(CASES)('the server killed mid-run and restarted ($kind, SIGKILL)', ({ kind, idleSec }) => {
  const instance = new PrivateServer(kind, USERS);
  let server: ServerInfo;

  beforeAll(async () => {
    server = await instance.start();
  }, 60_000);
  afterAll(async () => {
    await instance.stop();
  }, 30_000);

  it(
    'reconnects everyone who may, fails resumption into a fresh login, accounts every user and message',
    async () => {
      const file = writeRestartScenario(server, idleSec);
      const out = mkdtempSync(join(tmpdir(), 'xload-it-restart-'));
      const run = runInBackground(file, out);
      await killAfterFirstChats(instance, out);
      await sleep(DOWN_MS);
      await instance.restart();

      const { code, stdout, stderr } = await run;
      const why = `exit ${code}\n${stdout}\n${stderr}`;
      expect(existsSync(join(out, 'stats.ndjson')), why).toBe(true);
      const lines = readFileSync(join(out, 'stats.ndjson'), 'utf8').trim().split('\n');
      expect(lines.length, why).toBeGreaterThan(5);
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
      const c = s.counters;
      process.stdout.write(
        `${kind} restart run: ${JSON.stringify({ users: s.users, messages: s.messages, errors: s.errors, counters: c })}\n`,
      );

      expect(code, why).toBe(0);
      expect(s.status).toBe('completed');
      expect(stdout + stderr).not.toMatch(/bug in xload/i);
      // Users: the 3 without xload:reconnect fail with the drop; the others finish.
      expect(s.users).toMatchObject({ started: USERS, finished: SM_USERS + RELOGIN_USERS, failed: PLAIN_USERS });
      expect(c['users_started']).toBe(USERS);
      expect((c['users_finished'] ?? 0) + (c['users_failed'] ?? 0) + (c['users_interrupted'] ?? 0)).toBe(USERS);
      expect(c['users_failed.plain']).toBe(PLAIN_USERS);
      expect(c['users_failed.sm'] ?? 0).toBe(0);
      expect(c['users_failed.relogin'] ?? 0).toBe(0);
      expect(s.errors, why).toEqual({ closed_by_server: PLAIN_USERS });
      // Reconnects: one drop and one reconnection per reconnecting user; the attempts that
      // met the dead server failed and were tried again; nobody gave up.
      const back = SM_USERS + RELOGIN_USERS;
      expect(c['connections_dropped']).toBe(back);
      expect(c['reconnects']).toBe(back);
      expect(c['reconnect_gave_up'] ?? 0).toBe(0);
      expect(s.metrics.reconnect?.count).toBe(back);
      // Drop to usable session: at least the time the server was down.
      expect(s.metrics.reconnect!.min_ms).toBeGreaterThanOrEqual(DOWN_MS);
      // Attempt n comes retry_timeout × 2^n × [0.5, 1) after the drop: the first two of
      // each user (by 0.5 s and 1.5 s) met the dead server and were refused.
      expect(c['reconnect_attempts_failed.connect_refused']).toBeGreaterThanOrEqual(2 * back);
      const failedAttempts = c['reconnect_attempts_failed'] ?? 0;
      expect(c['reconnect_attempts']).toBe(back + failedAttempts);
      const byClass = Object.entries(c).filter(([k]) => k.startsWith('reconnect_attempts_failed.'));
      expect(byClass.reduce((n, [, v]) => n + v, 0)).toBe(failedAttempts);
      // Each login is a SASL PLAIN one: the first 12, and the 9 fresh ones after the restart.
      expect(c['sasl_logins.PLAIN']).toBe(USERS + back);
      // Resumption: the restarted server knows none of the streams, so each SM user's
      // <resume/> fails and it logs in afresh; no stream is resumed.
      expect(c['sm_resume_failed']).toBe(SM_USERS);
      expect(c['sm_resumed'] ?? 0).toBe(0);
      expect(s.metrics.sm_resume).toBeUndefined();
      expect(c['sm_enabled']).toBe(2 * SM_USERS);
      // At the kill each SM user had sent its presence and 3 chats without asking for an ack
      // (xload asks at 16); none can be replayed into a stream that is gone, and the chats
      // among them are counted as at risk, though the ledger saw them delivered.
      expect(c['sm_unacked_at_drop']).toBe(SM_USERS * (1 + CHATS));
      expect(c['sm_unacked_lost']).toBe(SM_USERS * (1 + CHATS));
      expect(c['messages_lost_sm_failed']).toBe(SM_USERS * CHATS);
      expect(c['sm_replayed'] ?? 0).toBe(0);
      // Messages: 3 chats per user before the kill, 3 per reconnected user after; none in
      // flight at the kill, so each is delivered exactly once.
      const sent = USERS * CHATS + back * CHATS;
      expect(s.messages).toEqual({ sent, delivered: sent, lost: 0, duplicated: 0, in_flight: 0 });
      expect(c['messages_sent']).toBe(sent);
      expect(c['error_no_online'] ?? 0).toBe(0);
      // stats.ndjson, written as the run went, holds the same accounting interval by interval.
      const intervals = lines.map((l) => JSON.parse(l) as { type: string; counters?: Record<string, number> });
      for (const name of ['users_started', 'users_failed', 'reconnects', 'reconnect_attempts', 'sm_resume_failed', 'messages_sent']) {
        const total = intervals.reduce((n, l) => n + (l.type === 'interval' ? (l.counters?.[name] ?? 0) : 0), 0);
        expect(total, name).toBe(c[name]);
      }
      expect(s.metrics.xmpp_msg_latency?.count).toBe(sent - (c['messages_delivered_offline'] ?? 0));
    },
    RUN_LIMIT_MS + 40_000,
  );
});

/**
 * The server killed and not started again (Prosody): the reconnect policy must end every
 * wait, by giving up after max_retries or by the run's stop, never by hanging.
 */
describe('the server killed and left down (prosody)', () => {
  const instance = new PrivateServer('prosody', USERS);
  let down = false;
  const readAccounting = (out: string): Summary => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;

  beforeAll(async () => {
    await instance.start();
  }, 60_000);
  beforeEach(async () => {
    if (down) await instance.restart();
    down = false;
  }, 30_000);
  afterAll(async () => {
    await instance.stop();
  }, 30_000);

  it(
    "after max_retries refused attempts each user gives up with the drop's class; all failed: exit 4",
    async () => {
      const out = mkdtempSync(join(tmpdir(), 'xload-it-down-'));
      const run = runInBackground(writeRestartScenario(instance.server, 14, 3), out);
      await killAfterFirstChats(instance, out);
      down = true;
      const { code, stdout, stderr } = await run;
      const why = `exit ${code}\n${stdout}\n${stderr}`;
      const s = readAccounting(out);
      const c = s.counters;
      process.stdout.write(`left down, gave up: ${JSON.stringify({ users: s.users, errors: s.errors, counters: c })}\n`);
      expect(code, why).toBe(4);
      expect(s.status).toBe('failed');
      expect(stdout + stderr).not.toMatch(/bug in xload/i);
      expect(s.users).toMatchObject({ started: USERS, finished: 0, failed: USERS });
      expect(s.errors, why).toEqual({ closed_by_server: USERS });
      const back = SM_USERS + RELOGIN_USERS;
      expect(c['connections_dropped']).toBe(back);
      expect(c['reconnect_gave_up']).toBe(back);
      expect(c['reconnects'] ?? 0).toBe(0);
      // max_retries = 3: three attempts each, all refused.
      expect(c['reconnect_attempts']).toBe(3 * back);
      expect(c['reconnect_attempts_failed']).toBe(3 * back);
      expect(c['reconnect_attempts_failed.connect_refused']).toBe(3 * back);
      // No resumption was answered, but the old streams' unacked stanzas are lost all the same.
      expect(c['sm_resume_failed'] ?? 0).toBe(0);
      expect(c['sm_unacked_at_drop']).toBe(SM_USERS * (1 + CHATS));
      expect(c['sm_unacked_lost']).toBe(SM_USERS * (1 + CHATS));
      expect(c['messages_lost_sm_failed']).toBe(SM_USERS * CHATS);
      expect(s.messages).toEqual({ sent: USERS * CHATS, delivered: USERS * CHATS, lost: 0, duplicated: 0, in_flight: 0 });
    },
    RUN_LIMIT_MS + 10_000,
  );

  it(
    'a stop (--duration) ends the users waiting for a reconnection at once, as interrupted',
    async () => {
      const durationSec = 10;
      const out = mkdtempSync(join(tmpdir(), 'xload-it-down-'));
      const t0 = Date.now();
      const run = runInBackground(writeRestartScenario(instance.server, 14, 8), out, ['--duration', String(durationSec)]);
      await killAfterFirstChats(instance, out);
      down = true;
      const { code, stdout, stderr } = await run;
      const took = Date.now() - t0;
      const why = `exit ${code} after ${took} ms\n${stdout}\n${stderr}`;
      const s = readAccounting(out);
      const c = s.counters;
      process.stdout.write(`left down, stopped: ${took} ms ${JSON.stringify({ users: s.users, errors: s.errors, counters: c })}\n`);
      // At the stop the 9 are in their back-off (8 attempts may take 2 minutes): they end
      // then, not at a reply timeout (30 s) nor at the end of their back-off.
      expect(took, why).toBeLessThan((durationSec + 6) * 1000);
      expect(code, why).toBe(0);
      expect(s.status).toBe('completed');
      expect(stdout + stderr).not.toMatch(/bug in xload/i);
      const back = SM_USERS + RELOGIN_USERS;
      expect(s.users).toMatchObject({ started: USERS, finished: 0, failed: PLAIN_USERS });
      expect(c['users_interrupted']).toBe(back);
      expect(s.errors, why).toEqual({ closed_by_server: PLAIN_USERS });
      expect(c['reconnects'] ?? 0).toBe(0);
      expect(c['reconnect_gave_up'] ?? 0).toBe(0);
      expect(c['reconnect_attempts']).toBe(c['reconnect_attempts_failed']);
      // Ended before reconnecting: the old streams' unacked stanzas are lost, as after giving up.
      expect(c['sm_unacked_at_drop']).toBe(SM_USERS * (1 + CHATS));
      expect(c['sm_unacked_lost']).toBe(SM_USERS * (1 + CHATS));
      expect(c['messages_lost_sm_failed']).toBe(SM_USERS * CHATS);
      expect(s.messages).toEqual({ sent: USERS * CHATS, delivered: USERS * CHATS, lost: 0, duplicated: 0, in_flight: 0 });
    },
    RUN_LIMIT_MS + 10_000,
  );
});

function writeRestartScenario(srv: ServerInfo, idleSec: number, maxRetries = 8): string {
  const chats = (n: number): string =>
    [
      `      <for from="1" to="${n}" incr="1" var="i">`,
      req('chat', 'ack="no_ack" size="32" destination="online" stamped="true"'),
      think(0.3),
      '      </for>',
    ].join('\n');
  const session = (name: string, probability: number, afterLogin: string[], reconnects: boolean): string => `
    <session name="${name}" probability="${probability}" type="ts_jabber">
${login()}
${afterLogin.join('\n')}
${req('presence:initial', 'ack="no_ack"')}
${think(2)}
${chats(CHATS)}
${think(idleSec)}
${reconnects ? chats(CHATS) : ''}
${think(2)}
${req('close', 'ack="no_ack"')}
    </session>`;
  const users = [
    ...Array.from({ length: SM_USERS }, () => 'sm'),
    ...Array.from({ length: RELOGIN_USERS }, () => 'relogin'),
    ...Array.from({ length: PLAIN_USERS }, () => 'plain'),
  ]
    .map((name, k) => `<user session="${name}" start_time="${(k * 0.05).toFixed(2)}" unit="second"/>`)
    .join('');
  const xml = `<?xml version="1.0"?>
<tsung loglevel="notice">
  <clients><client host="localhost" use_controller_vm="true" maxusers="100"/></clients>
  <servers><server host="${srv.host}" port="${srv.port}" type="tcp"/></servers>
  <load>${users}</load>
  <options>
    <option type="ts_jabber" name="domain" value="${srv.domain}"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
    <option type="ts_jabber" name="userid_max" value="${USERS}"/>
    <option name="max_retries" value="${maxRetries}"/>
    <option name="retry_timeout" value="500"/>
  </options>
  <sessions>${session('sm', 50, [req('sm:enable'), req('xload:reconnect', 'ack="no_ack"')], true)}${session(
    'relogin',
    25,
    [req('xload:reconnect', 'ack="no_ack"')],
    true,
  )}${session('plain', 25, [], false)}
  </sessions>
</tsung>
`;
  const dir = mkdtempSync(join(tmpdir(), 'xload-restart-'));
  const file = join(dir, 'restart.xml');
  writeFileSync(file, xml);
  return file;
}

interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI, bounded by RUN_LIMIT_MS; resolves with its exit code whatever it is. */
function runInBackground(file: string, out: string, args: string[] = []): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [XLOAD_BIN, '-f', file, 'start', '--out', out, '--progress', '0', '--workers', '1', '--seed', '13', ...args],
      { timeout: RUN_LIMIT_MS, maxBuffer: 16 * 1024 * 1024, cwd: REPO_ROOT },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Kills the server once every first chat is delivered (stats.ndjson, 1 s intervals), so
 * none is in flight and the counts are exact; the idle after them leaves room for the lag.
 */
async function killAfterFirstChats(instance: PrivateServer, out: string): Promise<void> {
  const port = instance.server.port;
  await waitFor(
    async () => (await established(port)) >= USERS && countSoFar(out, 'messages_delivered') >= USERS * CHATS,
    30_000,
    'all users connected and their first chats delivered',
  );
  expect(await established(port)).toBe(USERS);
  instance.kill();
}

/** Established TCP connections to 127.0.0.1:port (the server's side of each). */
async function established(port: number): Promise<number> {
  const { stdout } = await exec('ss', ['-Htn', 'state', 'established', `( sport = :${port} )`]);
  return stdout.split('\n').filter((l) => l.trim() !== '').length;
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await cond()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
