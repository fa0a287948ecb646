/**
 * XMPP over WebSocket (RFC 7395) and BOSH (XEP-0206) against real ejabberd and Prosody:
 * the same chat session as over TCP, with every stamped message accounted for.
 */
import { describe, expect, it } from 'vitest';
import { EJABBERD, PROSODY, type ServerInfo } from './servers.js';
import { runXload } from './run-xload.js';
import { login, req, think, writeScenario } from './protocol-scenario.js';

const chatSession = [
  login(),
  req('presence:initial', 'ack="no_ack"'),
  req('iq:roster:get'),
  think(2),
  `      <for from="1" to="3" incr="1" var="i">`,
  req('chat', 'ack="no_ack" size="64" destination="online" stamped="true"'),
  think(1),
  `      </for>`,
  think(3),
  req('presence:final', 'ack="no_ack"'),
  req('close'),
].join('\n');

const cases = [EJABBERD, PROSODY].flatMap((server) =>
  (['websocket', 'bosh'] as const).map((type) => ({ server, type, name: `${type} on ${server.name}` })),
);

describe.each(cases)('$name', ({ server, type }: { server: ServerInfo; type: 'websocket' | 'bosh' }) => {
  it('logs in, chats and closes with every stamped message delivered once', async () => {
    const file = writeScenario({ server, type, users: 20, rate: 20, session: chatSession });
    const { summary: s, stdout, stderr } = await runXload(file, ['--workers', '2']);
    expect(s.errors, stdout + stderr).toEqual({});
    expect(s.users.finished).toBe(20);
    expect(s.messages.sent).toBe(60);
    expect(s.messages.delivered).toBe(60);
    expect(s.messages.lost + s.messages.duplicated + s.messages.in_flight).toBe(0);
    expect(s.metrics['request.close']?.count).toBe(20);
    expect(s.metrics['request.iq:roster:get']?.count).toBe(20);
    expect(s.counters.bytes_sent).toBeGreaterThan(0);
  });
});
