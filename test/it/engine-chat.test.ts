/**
 * The engine against real servers: scenarios/chat.xml (100 users, 5 stamped chats each to
 * online users) must account for every message, on ejabberd and on Prosody.
 */
import { describe, expect, it } from 'vitest';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { REPO_ROOT, runXload } from './run-xload.js';

const CHAT = `${REPO_ROOT}/scenarios/chat.xml`;

describe.each([EJABBERD, PROSODY])('chat.xml against $name', (server: ServerInfo) => {
  // Two worker threads (the online set and the ledger shared between them), and the one
  // shard on the main thread (--workers 0), which the defaults choose for a run this small.
  it.each([
    ['2', /load on this process \(2 workers, /],
    ['0', /load on this process \(its main thread, no worker/],
  ])('--workers %s: starts = finishes every user and delivers every stamped message once', async (workers, where) => {
    const run = await runXload(CHAT, [
      '--server',
      `${server.host}:${server.port}`,
      '--option',
      `domain=${server.domain}`,
      '--workers',
      workers,
    ]);
    expect(run.stdout).toMatch(where);
    const s = run.summary;
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(s.status).toBe('completed');
    expect(s.errors).toEqual({});
    expect(s.users.started).toBe(100);
    expect(s.users.finished).toBe(100);
    expect(s.users.failed).toBe(0);
    expect(s.messages.sent).toBe(500);
    expect(s.messages.delivered).toBe(500);
    expect(s.messages.lost).toBe(0);
    expect(s.messages.duplicated).toBe(0);
    expect(s.messages.in_flight).toBe(0);
    expect(s.metrics.xmpp_msg_latency?.count).toBe(s.messages.delivered);
    expect(s.metrics.connect?.count).toBe(100);
    expect(s.metrics.auth?.count).toBe(100);
    expect(s.metrics.session?.count).toBe(100);
    expect(s.metrics['tr.login']?.count).toBe(100);
    expect(s.metrics['request.iq:roster:get']?.count).toBe(100);
    // 11 a user: SASL, bind, session, two presences, the roster get and 5 chats; the
    // unavailable presence goes out after the leave grace, on the draining connection.
    expect(s.counters.stanzas_sent).toBe(100 * 11);
    expect(s.counters.bytes_received).toBeGreaterThan(0);
    expect(run.stdout).toMatch(/report: .*report\.html\n$/);
  });
});
