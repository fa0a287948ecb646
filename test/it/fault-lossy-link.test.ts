/**
 * Fault matrix (issue 13): a lossy, slow and partitioned network between xload and the
 * server, made inside network namespaces of the test's own (never the shared loopback).
 * xload runs in a client namespace, a Prosody of this test's own (scripts/prosody/start.sh,
 * a temp folder) in a server namespace, and the only path between them is netns-link.py:
 * a userspace forwarder between two TUN devices (netns-link.ts; why userspace: this kernel
 * has no netem qdisc) that delays, drops at random (seeded) and cuts packets on command.
 * TCP in the kernels of both namespaces sees a real bad network and recovers by its own
 * retransmissions; xload must account every user and stamped message exactly:
 *   1. 40 ms each way and 3% random loss: every chat delivered once, no error, and every
 *      latency (message, ping, auth) at least the link's round trip;
 *   2. the link cut for 3 s in the middle of chatting and pinging, less than the reply
 *      timeout (10 s): still clean, the stalled stanzas arrive after the heal;
 *   3. the link cut for 12 s, longer than the reply timeout (3 s), while half the users wait
 *      for a ping's reply: those fail with `timeout`, the other half idle through the cut
 *      and chat after it; users and messages add up, nothing left in flight.
 * Not root (or no network namespaces): the cases skip and say why, except under CI, where
 * they fail. Users user1..user10 of the private Prosody.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { Summary } from '../../src/report/summary-types.js';
import { NetnsLink, netnsUnavailable, SERVER_ADDR, type LinkOptions, type LinkStats } from './netns-link.js';
import { login, req, think } from './protocol-scenario.js';
import { countSoFar, REPO_ROOT, XLOAD_BIN } from './run-xload.js';
import { PROSODY, scriptPath, type ServerInfo } from './servers.js';

const USERS = 10;
/** One case's whole xload run, at most. */
const RUN_LIMIT_MS = 60_000;
const exec = promisify(execFile);

let unavailable: string | null = null;
beforeAll(async () => {
  unavailable = await netnsUnavailable();
  // CI runs as root and must run these: a missing capability there is a failure, not a skip.
  if (unavailable && process.env.CI) throw new Error(`fault-lossy-link cannot run under CI: ${unavailable}`);
});

/** The link, the namespaces and the Prosody inside of the running case; afterEach removes them. */
let link: NetnsLink | null = null;
let prosodyDir = '';
afterEach(async () => {
  if (prosodyDir) {
    await exec('bash', [scriptPath('prosody/stop.sh'), '--dir', prosodyDir]).catch(() => undefined);
    rmSync(prosodyDir, { recursive: true, force: true });
    prosodyDir = '';
  }
  await link?.stop();
  link = null;
}, 30_000);

/** Namespaces, forwarder and a Prosody listening in the server namespace; skips (with why) when impossible. */
async function setUp(ctx: TestContext, opts: LinkOptions): Promise<{ link: NetnsLink; server: ServerInfo }> {
  if (unavailable) ctx.skip(unavailable);
  const l = new NetnsLink(opts);
  link = l;
  await l.start();
  prosodyDir = mkdtempSync(join(tmpdir(), 'xload-it-netns-prosody-'));
  // Inside the server namespace the ports are its own: the shared servers' are not in sight.
  const started = await l.execIn(
    l.server,
    'bash',
    [
      scriptPath('prosody/start.sh'),
      '--dir',
      prosodyDir,
      '--c2s-port',
      String(PROSODY.port),
      '--http-port',
      String(PROSODY.httpPort),
      '--domain',
      PROSODY.domain,
      '--users',
      String(USERS),
      '--interface',
      SERVER_ADDR,
    ],
    { timeoutMs: 60_000 },
  );
  if (started.code !== 0) throw new Error(`prosody/start.sh in ${l.server} failed (${started.code}):\n${started.stderr}`);
  return { link: l, server: { ...PROSODY, host: SERVER_ADDR, users: USERS, dir: prosodyDir } };
}

interface Finished {
  code: number;
  why: string;
  out: string;
  summary: Summary;
}

/** The built CLI inside the client namespace; its only route to the server is the link. */
async function runInClient(l: NetnsLink, file: string, out: string, args: string[] = []): Promise<Finished> {
  const r = await l.execIn(
    l.client,
    process.execPath,
    [XLOAD_BIN, '-f', file, 'start', '--out', out, '--progress', '0', '--workers', '1', '--seed', '13', ...args],
    { timeoutMs: RUN_LIMIT_MS, cwd: REPO_ROOT },
  );
  const why = `exit ${r.code}\n${r.stdout}\n${r.stderr}`;
  let summary: Summary;
  try {
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  } catch (e) {
    throw new Error(`no summary.json: ${String(e)}\n${why}`, { cause: e });
  }
  return { code: r.code, why, out, summary };
}

/** Static users user1..userN, one every 0.1 s, each in the session its index picks. */
function writeScenario(server: ServerInfo, sessions: { name: string; users: number; body: string }[]): string {
  const users = sessions.flatMap((s) => Array.from({ length: s.users }, () => s.name));
  const load = users.map((name, k) => `<user session="${name}" start_time="${(k * 0.1).toFixed(1)}" unit="second"/>`).join('');
  const share = Math.floor(100 / sessions.length);
  const xml = `<?xml version="1.0"?>
<tsung loglevel="notice">
  <clients><client host="localhost" use_controller_vm="true" maxusers="100"/></clients>
  <servers><server host="${server.host}" port="${server.port}" type="tcp"/></servers>
  <load>${load}</load>
  <options>
    <option type="ts_jabber" name="domain" value="${server.domain}"/>
    <option type="ts_jabber" name="username" value="user"/>
    <option type="ts_jabber" name="passwd" value="pwd"/>
    <option type="ts_jabber" name="userid_max" value="${users.length}"/>
  </options>
  <sessions>${sessions
    .map(
      (s, i) => `
    <session name="${s.name}" probability="${i === 0 ? 100 - share * (sessions.length - 1) : share}" type="ts_jabber">
${s.body}
    </session>`,
    )
    .join('')}
  </sessions>
</tsung>
`;
  const dir = mkdtempSync(join(tmpdir(), 'xload-netns-'));
  const file = join(dir, 'scenario.xml');
  writeFileSync(file, xml);
  return file;
}

const chat = req('chat', 'ack="no_ack" size="32" destination="online" stamped="true"');
const ping = req('ping');
function loop(times: number, body: string[]): string {
  return [`      <for from="1" to="${times}" incr="1" var="i">`, ...body, '      </for>'].join('\n');
}

/** Everything a clean run must show: all users finished, every message delivered once, no error. */
function expectClean(f: Finished, sent: number): void {
  const s = f.summary;
  expect(f.code, f.why).toBe(0);
  expect(s.status).toBe('completed');
  expect(f.why).not.toMatch(/bug in xload/i);
  expect(s.errors, f.why).toEqual({});
  expect(s.users).toMatchObject({ started: USERS, finished: USERS, failed: 0 });
  expect(s.counters['users_interrupted'] ?? 0).toBe(0);
  expect(s.messages).toEqual({ sent, delivered: sent, lost: 0, duplicated: 0, in_flight: 0 });
  expect(s.metrics.xmpp_msg_latency?.count).toBe(sent);
}

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (cond()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function report(name: string, s: Summary, stats: LinkStats): void {
  const m = s.metrics;
  process.stdout.write(
    `${name}: ${JSON.stringify({
      users: s.users,
      messages: s.messages,
      errors: s.errors,
      link: stats,
      xmpp_msg_latency: m.xmpp_msg_latency,
      ping: m['request.ping'],
      auth: m['request.auth_sasl'] ?? m.auth,
    })}\n`,
  );
}

describe('a faulty network in namespaces of the test (client ⇄ netns-link.py ⇄ Prosody)', () => {
  it('40 ms each way, 3% loss: TCP recovers, every chat delivered once, latencies at least the round trip', async (ctx) => {
    const DELAY_MS = 40;
    const CHATS = 10;
    const { link: l, server } = await setUp(ctx, { delayMs: DELAY_MS, lossPct: 3, seed: 13 });
    // Clients reach the server only at its namespace's address, through the link.
    expect(server.host).toBe(SERVER_ADDR);
    const file = writeScenario(server, [
      {
        name: 'chat',
        users: USERS,
        body: [
          login(),
          req('presence:initial', 'ack="no_ack"'),
          think(3),
          loop(CHATS, [chat, think(0.3), ping]),
          // Long enough for a chat a retransmission held back to reach a receiver still online.
          think(6),
          req('close', 'ack="no_ack"'),
        ].join('\n'),
      },
    ]);
    const out = mkdtempSync(join(tmpdir(), 'xload-it-lossy-'));
    const f = await runInClient(l, file, out);
    const stats = await l.command('stats');
    report('40 ms + 3% loss', f.summary, stats);
    expectClean(f, USERS * CHATS);
    // Everything went through the link (the client namespace has no other route to
    // ${SERVER_ADDR} than its TUN device), and the loss happened: TCP had something to recover from.
    expect(stats.forwarded, JSON.stringify(stats)).toBeGreaterThan(USERS * CHATS * 2);
    expect(stats.lost, JSON.stringify(stats)).toBeGreaterThan(0);
    const rtt = 2 * DELAY_MS;
    const m = f.summary.metrics;
    expect(m.xmpp_msg_latency!.min_ms, JSON.stringify(m.xmpp_msg_latency)).toBeGreaterThanOrEqual(rtt);
    expect(m['request.ping']?.count).toBe(USERS * CHATS);
    expect(m['request.ping']!.min_ms, JSON.stringify(m['request.ping'])).toBeGreaterThanOrEqual(rtt);
    const auth = m['request.auth_sasl'] ?? m.auth;
    expect(auth, JSON.stringify(Object.keys(m))).toBeDefined();
    expect(auth!.min_ms).toBeGreaterThanOrEqual(rtt);
    expect(f.summary.counters['messages_sent']).toBe(USERS * CHATS);
  }, 120_000);

  it('a 3 s partition mid-chat, shorter than the 10 s reply timeout: still clean after the heal', async (ctx) => {
    const CHATS = 20;
    const CUT_MS = 3_000;
    const { link: l, server } = await setUp(ctx, { delayMs: 20, lossPct: 0, seed: 13 });
    const file = writeScenario(server, [
      {
        name: 'chat',
        users: USERS,
        body: [
          login(),
          req('presence:initial', 'ack="no_ack"'),
          think(2),
          loop(CHATS, [chat, think(0.4), ping]),
          think(5),
          req('close', 'ack="no_ack"'),
        ].join('\n'),
      },
    ]);
    const out = mkdtempSync(join(tmpdir(), 'xload-it-cut-'));
    const run = runInClient(l, file, out, ['--request-timeout', '10']);
    const total = USERS * CHATS;
    // Cut once a quarter of the chats are through: everyone is online and mid-loop.
    await waitFor(() => countSoFar(out, 'messages_delivered') >= total / 4, 40_000, 'a quarter of the chats delivered');
    const before = await l.command('partition on');
    await sleep(CUT_MS);
    const cut = await l.command('partition off');
    const deliveredAtHeal = countSoFar(out, 'messages_delivered');
    const f = await run;
    const stats = await l.command('stats');
    report('3 s partition', f.summary, stats);
    expectClean(f, total);
    // The cut fell in the middle of chatting and dropped packets that TCP had to send again.
    expect(deliveredAtHeal).toBeLessThan(total);
    expect(cut.partitioned - before.partitioned, JSON.stringify(cut)).toBeGreaterThan(0);
    // A stanza held across the cut waited for it: some latency spans most of it.
    expect(f.summary.metrics['request.ping']!.max_ms).toBeGreaterThanOrEqual(CUT_MS / 2);
  }, 120_000);

  it('a 12 s partition, longer than the 3 s reply timeout: the users waiting for a reply fail with timeout, the rest finish', async (ctx) => {
    const PROBES = USERS / 2;
    const IDLERS = USERS - PROBES;
    const FIRST = 3;
    const LATER = 3;
    const CUT_MS = 12_000;
    const { link: l, server } = await setUp(ctx, { delayMs: 20, lossPct: 0, seed: 13 });
    const start = [login(), req('presence:initial', 'ack="no_ack"'), think(2), loop(FIRST, [chat, think(0.3)])];
    const file = writeScenario(server, [
      // Pings 6 s after its chats: inside the cut (it starts at most ~1.5 s after them),
      // which outlasts that ping's 3 s timeout by about 3 s.
      { name: 'probe', users: PROBES, body: [...start, think(6), ping, think(2), req('close', 'ack="no_ack"')].join('\n') },
      // Idles through the whole cut, then chats with those still online (the other idlers).
      {
        name: 'idle',
        users: IDLERS,
        body: [...start, think(16), loop(LATER, [chat, think(0.3)]), think(3), req('close', 'ack="no_ack"')].join('\n'),
      },
    ]);
    const out = mkdtempSync(join(tmpdir(), 'xload-it-longcut-'));
    const run = runInClient(l, file, out, ['--request-timeout', '3']);
    await waitFor(() => countSoFar(out, 'messages_delivered') >= USERS * FIRST, 40_000, 'every first chat delivered');
    const before = await l.command('partition on');
    const cutAt = Date.now();
    const sentAtCut = countSoFar(out, 'messages_sent');
    await sleep(CUT_MS);
    const cut = await l.command('partition off');
    const healAt = Date.now();
    const f = await run;
    const stats = await l.command('stats');
    const s = f.summary;
    const c = s.counters;
    report('12 s partition', s, stats);
    expect(f.why).not.toMatch(/bug in xload/i);
    // Nobody chatted during the cut, so it broke only the pings it held.
    expect(sentAtCut).toBe(USERS * FIRST);
    expect(cut.partitioned - before.partitioned).toBeGreaterThan(0);
    expect(f.code, f.why).toBe(0);
    expect(s.status).toBe('completed');
    expect(s.errors, f.why).toEqual({ timeout: PROBES });
    // Each timeout is a probe's ping, and it ran out inside the cut, not after the heal.
    const samples = s.error_samples['timeout'] ?? [];
    expect(samples.length).toBeGreaterThan(0);
    for (const e of samples) {
      expect(e.request, JSON.stringify(e)).toBe('ping');
      expect(e.at, JSON.stringify({ e, cutAt, healAt })).toBeGreaterThan(cutAt);
      expect(e.at, JSON.stringify({ e, cutAt, healAt })).toBeLessThan(healAt);
    }
    expect(s.users).toMatchObject({ started: USERS, finished: IDLERS, failed: PROBES });
    expect(c['users_failed.probe']).toBe(PROBES);
    expect(c['users_failed.idle'] ?? 0).toBe(0);
    expect((c['users_finished'] ?? 0) + (c['users_failed'] ?? 0) + (c['users_interrupted'] ?? 0)).toBe(USERS);
    const sent = USERS * FIRST + IDLERS * LATER;
    expect(s.messages).toEqual({ sent, delivered: sent, lost: 0, duplicated: 0, in_flight: 0 });
    expect(s.metrics.xmpp_msg_latency?.count).toBe(sent);
    // The timed-out pings have no latency; no ping got a reply in time.
    expect(s.metrics['request.ping']?.count ?? 0).toBe(0);
  }, 120_000);
});
