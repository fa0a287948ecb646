/**
 * Fault matrix (issue 13): the server behind a slow link. A loopback proxy (tcp-proxy.ts)
 * in front of the real ejabberd and Prosody delays every chunk by 150 ms each way; 6 users
 * log in, chat stamped messages to each other and close. Nothing may be lost or count as an
 * error, and the latencies must show the link: a login step at least one round trip (300 ms),
 * a message sender → server → receiver at least two one-way delays (300 ms) and, on an idle
 * loopback, not much more. Users user1..user6.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { runXload } from './run-xload.js';
import { login, req, think, writeScenario } from './protocol-scenario.js';
import { TestProxy } from './tcp-proxy.js';

const DELAY_MS = 150;
let proxy: TestProxy | null = null;
afterEach(async () => {
  await proxy?.stop();
  proxy = null;
});

describe.each([EJABBERD, PROSODY])('a slow link to $name', (server: ServerInfo) => {
  it('every message delivered once, no error, latencies that include the link', async () => {
    proxy = new TestProxy({ targetHost: server.host, targetPort: server.port, rule: 'pass', delayMs: DELAY_MS });
    const via = { ...server, host: '127.0.0.1', port: await proxy.start() };
    const file = writeScenario({
      server: via,
      users: 6,
      everySec: 0.2,
      session: [
        login(),
        req('presence:initial', 'ack="no_ack"'),
        think(3),
        '      <for from="1" to="5" incr="1" var="i">',
        req('chat', 'ack="no_ack" size="32" destination="online" stamped="true"'),
        think(0.5),
        '      </for>',
        think(2),
        req('close', 'ack="no_ack"'),
      ].join('\n'),
    });
    const { summary: s, stdout, stderr } = await runXload(file, ['--workers', '1']);
    const why = stdout + stderr;
    expect(s.errors, why).toEqual({});
    expect(s.users).toMatchObject({ started: 6, finished: 6, failed: 0 });
    expect(s.messages).toEqual({ sent: 30, delivered: 30, lost: 0, duplicated: 0, in_flight: 0 });
    const msg = s.metrics.xmpp_msg_latency!;
    expect(msg.count).toBe(30);
    expect(msg.min_ms, JSON.stringify(msg)).toBeGreaterThanOrEqual(2 * DELAY_MS);
    expect(msg.p50_ms, JSON.stringify(msg)).toBeLessThan(2 * DELAY_MS + 150);
    const auth = s.metrics['request.auth_sasl'] ?? s.metrics.auth;
    expect(auth, JSON.stringify(Object.keys(s.metrics))).toBeDefined();
    expect(auth!.min_ms).toBeGreaterThanOrEqual(2 * DELAY_MS);
    process.stdout.write(`${server.name} via a ${DELAY_MS} ms link: message latency ${JSON.stringify(msg)}\n`);
  }, 90_000);
});
