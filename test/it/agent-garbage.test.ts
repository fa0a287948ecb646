/**
 * An agent survives whatever a token holder sends (issue 13): raw bytes that are not JSON,
 * unknown messages, a foreign protocol version, a plan naming files outside --data-dir.
 * Each is answered with `refused` and a reason, and the same agent process then serves the
 * next coordinator. One agent on 127.0.0.4:17929, killed in afterAll; no XMPP traffic.
 */
import * as grpc from '@grpc/grpc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { AGENT_SERVICE_NAME, TOKEN_METADATA } from '../../src/agent/service.js';
import { PROTOCOL_VERSION } from '../../src/engine/protocol.js';
import { PLAN_VERSION } from '../../src/scenario/plan.js';
import { killAll, makeWorkDir, startAgent, TOKEN, type AgentProc } from './agent-fixture.js';

const work = makeWorkDir();
const agents: AgentProc[] = [];
afterAll(() => killAll(agents));

/** A client that sends raw bytes, so the agent's deserializer sees exactly what we choose. */
const RawClient = grpc.makeGenericClientConstructor(
  {
    control: {
      path: `/${AGENT_SERVICE_NAME}/Control`,
      requestStream: true,
      responseStream: true,
      requestSerialize: (b: Buffer) => b,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
      responseDeserialize: (b: Buffer) => JSON.parse(b.toString('utf8')) as unknown,
    },
  },
  AGENT_SERVICE_NAME,
);

/** Opens a control stream, sends `bytes`, collects the agent's messages until it ends the stream (5 s at most). */
function send(address: string, bytes: Buffer): Promise<{ type: string; code?: string; message?: string }[]> {
  const client = new RawClient(address, grpc.credentials.createInsecure());
  const md = new grpc.Metadata();
  md.set(TOKEN_METADATA, TOKEN);
  const call = (client as unknown as { control(md: grpc.Metadata): grpc.ClientDuplexStream<Buffer, { type: string }> }).control(md);
  const got: { type: string; code?: string; message?: string }[] = [];
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      call.cancel();
      client.close();
      resolve(got);
    };
    const timer = setTimeout(done, 5000);
    call.on('data', (m: { type: string }) => {
      got.push(m);
      if (m.type === 'hello') call.write(bytes);
      if (m.type === 'refused') done();
    });
    call.on('error', done);
    call.on('end', done);
  });
}

const init = (over: Record<string, unknown>): Buffer =>
  Buffer.from(
    JSON.stringify({
      type: 'init-node',
      protocol: PROTOCOL_VERSION,
      xloadVersion: 'x',
      node: { index: 0, name: 'a' },
      shards: { first: 0, count: 1, total: 1 },
      segment: { from: 0, to: 1 },
      ids: { lo: 1, hi: 2 },
      seq: { base: 0, size: 1, total: 1 },
      replicated: false,
      clockOffsetMs: 0,
      runId: 'r1',
      intervalMs: 1000,
      requestTimeoutMs: 1000,
      seed: 1,
      plan: {
        version: PLAN_VERSION,
        servers: [{ host: '127.0.0.1', port: 5222 }],
        clients: [],
        sessions: [],
        load: {},
        options: { fileServers: [] },
      },
      ...over,
    }),
  );

describe('an agent fed garbage', () => {
  it('answers each message it cannot use with a reason and keeps serving', async () => {
    const a = await startAgent('127.0.0.4', 17929, ['--token-file', work.tokenFile, '--data-dir', work.dir]);
    agents.push(a);
    const address = `${a.ip}:${a.port}`;
    const cases: [string, Buffer, RegExp][] = [
      ['bytes that are not JSON', Buffer.from([0xff, 0x00, 0x7b, 0x22]), /agent_protocol a message is not JSON/],
      ['an empty message', Buffer.alloc(0), /agent_protocol a message is not JSON/],
      ['JSON null', Buffer.from('null'), /agent_protocol a message is not an object/],
      ['an unknown type', Buffer.from('{"type":"exec","cmd":"id"}'), /agent_protocol unknown message type "exec"/],
      ['a foreign protocol version', init({ protocol: 99, plan: 'whatever' }), /agent_version .*protocol 99/],
      ['a malformed init', init({ shards: { first: 0, count: 1e9, total: 1 } }), /agent_protocol init-node: shards/],
      [
        'a plan file outside --data-dir',
        init({
          plan: {
            version: PLAN_VERSION,
            servers: [{ host: '127.0.0.1', port: 5222 }],
            clients: [],
            sessions: [],
            load: {},
            options: { fileServers: [{ id: 'u', path: '/etc/passwd' }] },
          },
        }),
        /agent_file file_server "u" \(\/etc\/passwd\) is outside this agent's --data-dir/,
      ],
      [
        'a plan file that does not exist',
        init({
          plan: {
            version: PLAN_VERSION,
            servers: [{ host: '127.0.0.1', port: 5222 }],
            clients: [],
            sessions: [],
            load: {},
            options: { fileServers: [{ id: 'u', path: `${work.dir}/nope.csv` }] },
          },
        }),
        /agent_file .*no such file on this agent/,
      ],
    ];
    for (const [name, bytes, why] of cases) {
      const got = await send(address, bytes);
      expect(got[0]?.type, name).toBe('hello');
      const refused = got.find((m) => m.type === 'refused');
      expect(`${refused?.code} ${refused?.message}`, `${name}: ${JSON.stringify(got)}\n${a.output()}`).toMatch(why);
      expect(a.proc.exitCode, `${name} killed the agent:\n${a.output()}`).toBeNull();
    }
    expect(a.output()).not.toMatch(/bug in xload|\n\s+at /);
  });
});
