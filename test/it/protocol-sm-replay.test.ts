/**
 * Stream management retransmission (XEP-0198 §5) and offline delivery (XEP-0203), made
 * deterministic by a loopback proxy the test controls (tcp-proxy.ts) in front of the real
 * ejabberd and Prosody: the stamped chats a user writes just before its drop never reach
 * the server, so only a retransmission after `<resumed h/>` can deliver them; when the
 * resumption fails they are lost, and counted so. Users user1..user4.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { runXload } from './run-xload.js';
import { login, req, think, writeScenario } from './protocol-scenario.js';
import { TestProxy, type ProxyOptions } from './tcp-proxy.js';

const RECONNECT_OPTS = '<option name="max_retries" value="5"/><option name="retry_timeout" value="200"/>';

let proxy: TestProxy | null = null;

afterEach(async () => {
  await proxy?.stop();
  proxy = null;
});

async function startProxy(server: ServerInfo, o: Omit<ProxyOptions, 'targetHost' | 'targetPort'>): Promise<ServerInfo> {
  proxy = new TestProxy({ targetHost: server.host, targetPort: server.port, ...o });
  const port = await proxy.start();
  return { ...server, host: '127.0.0.1', port };
}

/** Each user: SM on, two stamped chats the proxy blackholes, then a drop and a reconnection. */
function dropScenario(server: ServerInfo): string {
  return writeScenario({
    server,
    users: 4,
    everySec: 0.5,
    options: RECONNECT_OPTS,
    session: [
      login(),
      req('sm:enable'),
      req('xload:reconnect', 'ack="no_ack"'),
      req('presence:initial', 'ack="no_ack"'),
      think(3),
      req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'),
      req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'),
      req('xload:drop'),
      think(3),
      req('close'),
    ].join('\n'),
  });
}

describe.each([EJABBERD, PROSODY])('stream management through a faulty link, $name', (server: ServerInfo) => {
  it('<resumed h/>: the chats the server never got are retransmitted and delivered, none lost', async () => {
    const via = await startProxy(server, { rule: 'blackhole' });
    const { summary: s, stdout, stderr } = await runXload(dropScenario(via), ['--workers', '1']);
    const why = stdout + stderr;
    expect(s.errors, why).toEqual({});
    expect(s.users.finished).toBe(4);
    expect(proxy!.caught).toBe(4);
    expect(s.counters.sm_resumed).toBe(4);
    expect(s.counters.sm_unacked_at_drop ?? 0).toBeGreaterThanOrEqual(8);
    expect(s.counters.sm_replayed ?? 0).toBeGreaterThanOrEqual(8);
    expect(s.counters.sm_resume_failed).toBeUndefined();
    expect(s.messages).toEqual({ sent: 8, delivered: 8, lost: 0, duplicated: 0, in_flight: 0 });
    // Every delivery is one latency sample, live or (a receiver away meanwhile) delayed.
    const offline = s.counters.messages_delivered_offline ?? 0;
    expect((s.metrics.xmpp_msg_latency?.count ?? 0) + offline).toBe(8);
  });

  it('<failed/>: nothing can be retransmitted; the unacked chats are lost with their reason', async () => {
    const via = await startProxy(server, { rule: 'blackhole', breakResume: true });
    const { summary: s, stdout, stderr } = await runXload(dropScenario(via), ['--workers', '1']);
    const why = stdout + stderr;
    expect(s.errors, why).toEqual({});
    expect(s.users.finished).toBe(4);
    expect(s.counters.sm_resume_failed).toBe(4);
    expect(s.counters.sm_resumed).toBeUndefined();
    expect(s.counters.reconnects).toBe(4);
    expect(s.counters.sm_replayed).toBeUndefined();
    expect(s.counters.sm_unacked_lost ?? 0).toBeGreaterThanOrEqual(8);
    expect(s.counters.messages_lost_sm_failed).toBe(8);
    expect(s.messages).toEqual({ sent: 8, delivered: 0, lost: 8, duplicated: 0, in_flight: 0 });
  });

  it('a stamped chat stored offline and delivered at the next login counts as delivered offline, not as latency', async () => {
    const via = await startProxy(server, { rule: 'hold' });
    const file = offlineScenario(via);
    const run = runXload(file, ['--workers', '1']);
    // A's chat (to B, online when it was sent) is held by the proxy until B has logged off:
    // the server then stores it, and B's next login gets it with a XEP-0203 delay.
    await until(() => proxy!.caught === 1, 8_000);
    await proxy!.nextClose();
    await new Promise((r) => setTimeout(r, 300));
    proxy!.release();
    const { summary: s, stdout, stderr } = await run;
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(2);
    expect(s.messages).toEqual({ sent: 1, delivered: 1, lost: 0, duplicated: 0, in_flight: 0 });
    expect(s.counters.messages_delivered_offline).toBe(1);
    expect(s.metrics.xmpp_msg_offline_latency?.count).toBe(1);
    expect(s.metrics.xmpp_msg_offline_latency!.min_ms).toBeGreaterThan(2_000);
    expect(s.metrics.xmpp_msg_latency).toBeUndefined();
  });
});

async function until(cond: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * B (static, t=0): logs in, is online 4 s, logs off, logs in again 3 s later and stays 2 s.
 * A (t=0.5): logs in and, 1 s later, writes B one stamped chat (B is online then).
 */
function offlineScenario(server: ServerInfo): string {
  const base = writeScenario({ server, users: 2, userIdMax: 2, session: '' });
  const sessionB = [
    login(),
    req('presence:initial', 'ack="no_ack"'),
    think(4),
    req('close'),
    think(3),
    login(),
    req('presence:initial', 'ack="no_ack"'),
    think(2),
    req('close'),
  ];
  const sessionA = [login(), think(1), req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'), think(8), req('close')];
  let xml = readFileSync(base, 'utf8');
  xml = xml.replace(
    /<load>[\s\S]*<\/load>/,
    '<load><user session="b" start_time="0" unit="second"/><user session="a" start_time="0.5" unit="second"/></load>',
  );
  xml = xml.replace(
    /<sessions>[\s\S]*<\/sessions>/,
    `<sessions>
    <session name="b" probability="50" type="ts_jabber">${sessionB.join('\n')}</session>
    <session name="a" probability="50" type="ts_jabber">${sessionA.join('\n')}</session>
  </sessions>`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'xload-offline-'));
  const file = join(dir, 'scenario.xml');
  writeFileSync(file, xml);
  return file;
}
