/**
 * xload's extensions beyond Tsung against real ejabberd and Prosody: stream management
 * (acks, resumption after a dropped connection, unacked stanzas accounted for), reconnect
 * waves after the server kicks everyone, carbons, CSI, blocking, MAM, and several source
 * addresses per client. See README "Extensions".
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { runXload } from './run-xload.js';
import { login, req, think, writeScenario } from './protocol-scenario.js';

const RECONNECT_OPTS = '<option name="max_retries" value="5"/><option name="retry_timeout" value="200"/>';

describe.each([EJABBERD, PROSODY])('extensions against $name', (server: ServerInfo) => {
  it('SM: acks counted, xload:drop resumes the stream, unacked stanzas are retransmitted and no stamped chat is lost', async () => {
    const file = writeScenario({
      server,
      users: 4,
      options: RECONNECT_OPTS,
      session: [
        login(),
        req('sm:enable'),
        req('xload:reconnect', 'ack="no_ack"'),
        req('presence:initial', 'ack="no_ack"'),
        think(2),
        req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'),
        req('sm:request'),
        req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'),
        req('xload:drop'),
        req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'),
        think(3),
        req('close'),
      ].join('\n'),
    });
    const { summary: s, stdout, stderr } = await runXload(file, ['--workers', '1']);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(4);
    expect(s.counters.sm_enabled).toBe(4);
    expect(s.counters.sm_acks_received).toBeGreaterThanOrEqual(4);
    expect(s.counters.connections_dropped).toBe(4);
    expect(s.counters.sm_resumed).toBe(4);
    expect(s.metrics.sm_resume?.count).toBe(4);
    expect(s.metrics.reconnect?.count).toBe(4);
    // The chat after the <r/> was unacked at the drop; resumption says whether it arrived,
    // and what had not is retransmitted (XEP-0198 §5; protocol-sm-replay.test.ts makes the
    // loss certain): nothing is lost.
    expect(s.counters.sm_unacked_at_drop).toBeGreaterThan(0);
    expect(s.counters.sm_resume_failed).toBeUndefined();
    // A chat finds no online user while everyone else is reconnecting: counted, not sent.
    expect(s.messages.sent + (s.counters.error_no_online ?? 0)).toBe(12);
    expect(s.messages.lost).toBe(0);
    expect(s.messages.delivered + s.messages.in_flight).toBe(s.messages.sent);
    expect(s.messages.duplicated).toBe(0);
  });

  it('carbons, blocking and a MAM page; CSI where offered', async () => {
    const file = writeScenario({
      server,
      users: 3,
      userIdMax: 50,
      session: [
        login(),
        req('carbons:enable'),
        req('presence:initial', 'ack="no_ack"'),
        req('csi:inactive', 'ack="no_ack"'),
        req('csi:active', 'ack="no_ack"'),
        req('block:add', 'destination="offline"'),
        req('block:get'),
        req('block:remove'),
        req('mam:query', 'size="10"'),
        req('carbons:disable'),
        req('close'),
      ].join('\n'),
    });
    const { summary: s, stdout, stderr } = await runXload(file, ['--workers', '1']);
    for (const t of ['carbons:enable', 'carbons:disable', 'block:add', 'block:get', 'block:remove', 'mam:query']) {
      expect(s.metrics[`request.${t}`]?.count, `${t}\n${stdout}${stderr}`).toBe(3);
    }
    expect(s.users.finished).toBe(3);
    if (server.name === 'ejabberd') {
      // This ejabberd runs without mod_client_state: CSI is not offered, each attempt is counted.
      expect(s.errors).toEqual({ 'feature_not_offered.csi': 6 });
    } else {
      expect(s.errors).toEqual({});
    }
  });
});

describe('reconnect wave', () => {
  it('ejabberd kicks every user; each reconnects with back-off and goes on', async () => {
    const users = 6;
    const file = writeScenario({
      server: EJABBERD,
      users,
      options: RECONNECT_OPTS,
      session: [
        login(),
        req('sm:enable'),
        req('xload:reconnect', 'ack="no_ack"'),
        req('presence:initial', 'ack="no_ack"'),
        think(8),
        req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'),
        think(2),
        req('close'),
      ].join('\n'),
    });
    const api = (cmd: string, body: object): Promise<Record<string, number>> =>
      fetch(`http://${EJABBERD.host}:${EJABBERD.httpPort}/api/${cmd}`, { method: 'POST', body: JSON.stringify(body) }).then(
        (r) => r.json() as Promise<Record<string, number>>,
      );
    const before = (await api('connected_users_number', {})).num_sessions ?? 0;
    const running = runXload(file, ['--workers', '1']);
    // Kick once every user is in (a slow start of the run cannot make the kicks miss).
    const deadline = Date.now() + 7000;
    while (((await api('connected_users_number', {})).num_sessions ?? 0) < before + users && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    // The "node died" storm: the server ends every session (HTTP API, loopback only).
    for (let n = 1; n <= users; n++) await api('kick_user', { user: `user${n}`, host: EJABBERD.domain });
    const { summary: s, stdout, stderr } = await running;
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(users);
    expect(s.counters.reconnects).toBe(users);
    expect(s.metrics.reconnect?.count).toBe(users);
    // A kicked session is gone: resumption fails and a fresh session is bound instead.
    expect((s.counters.sm_resumed ?? 0) + (s.counters.sm_resume_failed ?? 0)).toBe(users);
    expect(s.messages.delivered).toBe(s.messages.sent);
  });
});

describe('source addresses', () => {
  it('spreads connections over the <ip> values of the client', async () => {
    const file = writeScenario({
      server: EJABBERD,
      users: 6,
      clientChildren: '<ip value="127.0.0.2"/><ip value="127.0.0.3"/>',
      session: [login(), think(4), req('close')].join('\n'),
    });
    const running = runXload(file, ['--workers', '1']);
    let ss = '';
    for (let i = 0; i < 40 && !(ss.includes('127.0.0.2:') && ss.includes('127.0.0.3:')); i++) {
      await new Promise((r) => setTimeout(r, 200));
      ss = (await promisify(execFile)('ss', ['-tnH', 'state', 'established', `( dport = :${EJABBERD.port} )`])).stdout;
    }
    const { summary: s } = await running;
    expect(s.errors).toEqual({});
    expect(ss).toMatch(/127\.0\.0\.2:\d+/);
    expect(ss).toMatch(/127\.0\.0\.3:\d+/);
  });
});
