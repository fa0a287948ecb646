/**
 * Faults a real server will not produce on demand, from a scripted fake peer: malformed
 * XML, a stanza over the size limit, a close in the middle of a session. Each ends the
 * affected users with its own error class; what was measured before stays in the summary.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakePeer, type FakePeer, type PeerStep } from '../fakepeer/peer.js';
import { runXload } from './run-xload.js';

const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='localhost' version='1.0'>";
const FEATURES =
  "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>";

/** Stream open, features, SASL success: the session's two acked requests complete. */
const LOGIN: PeerStep[] = [
  { expect: '<stream:stream' },
  { send: HEADER },
  { send: FEATURES },
  { expect: '</auth>' },
  { send: "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>" },
  { sleepMs: 300 },
];

function scenario(port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'xload-faults-'));
  const file = join(dir, 'faults.xml');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<tsung>
  <clients><client host="localhost" use_controller_vm="true"/></clients>
  <servers><server host="127.0.0.1" port="${port}" type="tcp"/></servers>
  <load><arrivalphase phase="1" duration="1" unit="second"><users arrivalrate="50" unit="second" maxnumber="5"/></arrivalphase></load>
  <options><option type="ts_jabber" name="domain" value="localhost"/></options>
  <sessions>
    <session name="s" probability="100" type="ts_jabber">
      <request><jabber type="connect" ack="local"/></request>
      <request><jabber type="auth_sasl" ack="local"/></request>
      <thinktime value="3"/>
      <request><jabber type="close" ack="no_ack"/></request>
    </session>
  </sessions>
</tsung>
`,
  );
  return file;
}

let peer: FakePeer | null = null;
afterEach(async () => {
  await peer?.close();
  peer = null;
});

describe.each([
  ['malformed XML', [{ send: '<message><body>oops</message>' }], 'xml_malformed'],
  ['a stanza over the 1 MiB limit', [{ send: `<message><body>${'x'.repeat(1_200_000)}</body></message>` }], 'stanza_too_large'],
  ['a close mid-session', [{ send: '</stream:stream>' }, { end: true }], 'closed_by_server'],
  [
    'a stream error',
    [
      { send: "<stream:error><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>" },
      { end: true },
    ],
    'stream_error.system-shutdown',
  ],
] as const)('a server that sends %s', (_what, fault, errorClass) => {
  it(`ends each user with ${errorClass} and keeps what was measured`, async () => {
    peer = await startFakePeer([...LOGIN, ...(fault as readonly PeerStep[]), { sleepMs: 2000 }]);
    const run = await runXload(scenario(peer.port), ['--workers', '2']);
    const s = run.summary;
    expect(s.users.started).toBe(5);
    expect(s.users.failed).toBe(5);
    expect(s.errors).toEqual({ [errorClass]: 5 });
    expect(s.metrics.connect?.count).toBe(5);
    expect(s.metrics.auth?.count).toBe(5);
    expect(s.status).toBe('failed');
  });
});
