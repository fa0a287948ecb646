import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMessage } from './message-check.js';
import { checkPlanFiles } from './data-files.js';
import { AgentSession, type ControlCall } from './session.js';
import { TargetPolicy } from './admission.js';
import { agentService } from './service.js';
import { PROTOCOL_VERSION } from '../engine/protocol.js';
import { PLAN_VERSION, type Plan } from '../scenario/plan.js';

const plan = (fileServers: { id: string; path: string }[] = []): Record<string, unknown> => ({
  version: PLAN_VERSION,
  servers: [{ host: '127.0.0.1', port: 5222 }],
  clients: [],
  sessions: [],
  load: {},
  options: { fileServers },
});
const init = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'init-node',
  protocol: PROTOCOL_VERSION,
  xloadVersion: 'x',
  plan: plan(),
  node: { index: 0, name: 'a' },
  shards: { first: 0, count: 1, total: 1 },
  segment: { from: 0, to: 1 },
  ids: { lo: 1, hi: 2 },
  seq: { base: 0, size: 1, total: 1 },
  replicated: false,
  clockOffsetMs: 0,
  runId: '20260101-000000',
  intervalMs: 1000,
  requestTimeoutMs: 1000,
  seed: 1,
  ...over,
});

/** Messages no agent may act on: each is refused with a reason, never thrown on. */
const GARBAGE: [string, unknown, RegExp][] = [
  ['null', null, /not an object \(null\)/],
  ['a number', 42, /not an object \(number\)/],
  ['a string', 'init-node', /not an object \(string\)/],
  ['an array', [1, 2], /not an object \(an array\)/],
  ['no type', {}, /unknown message type undefined/],
  ['an unknown type', { type: 'rm -rf' }, /unknown message type "rm -rf"/],
  ['a type that is an object', { type: { toString: 1 } }, /unknown message type/],
  ['__proto__ games', JSON.parse('{"__proto__": {"type": "start"}, "type": "start"}'), /start: startAt is not a number/],
  ['start without startAt', { type: 'start' }, /startAt/],
  ['start at NaN (JSON null)', { type: 'start', startAt: null }, /startAt/],
  ['stop with a bad mode', { type: 'stop', mode: 'nuke', reason: 'x' }, /mode must be graceful or abort/],
  ['relay with strings', { type: 'relay', online: ['a'], remoteArrivals: 0 }, /relay/],
  ['ping without t0', { type: 'ping' }, /t0/],
  ['setup with a fractional shard', { type: 'setup', shard: 0.5 }, /shard/],
  ['clock with a string offset', { type: 'clock', offsetMs: '5' }, /offsetMs/],
  ['undecodable bytes', { type: '__undecodable', reason: 'Unexpected token' }, /not JSON \(Unexpected token\)/],
  ['init of another protocol', init({ protocol: 99 }), /agent_version.*sends protocol 99 \/ plan 2; this agent speaks protocol/],
  ['init of another plan version', init({ plan: { version: 7 } }), /agent_version.*plan 7/],
  ['init without a plan', init({ plan: undefined }), /agent_version.*plan undefined/],
  ['init of a foreign version with garbage after', { type: 'init-node', protocol: 'v3', plan: 'x', node: null }, /agent_version/],
  ['init with no node', init({ node: undefined }), /agent_protocol.*node must be/],
  ['init with 1e9 shards', init({ shards: { first: 0, count: 1e9, total: 1e9 } }), /shards must be/],
  ['init with negative shards', init({ shards: { first: -1, count: 1, total: 1 } }), /shards must be/],
  ['init with a NaN interval', init({ intervalMs: null }), /intervalMs is not a number/],
  ['init with a path as run id', init({ runId: '../../etc' }), /runId is not a run id/],
  ['init with servers as a string', init({ plan: { ...plan(), servers: 'x' } }), /plan.servers/],
  ['a monitor request of another protocol', { type: 'monitor', protocol: 99, seq: 'x' }, /agent_version.*monitor request in protocol 99/],
  ['a monitor request with a fractional seq', { type: 'monitor', protocol: PROTOCOL_VERSION, seq: 0.5 }, /agent_protocol.*seq/],
  ['init with a file server without a path', init({ plan: { ...plan(), options: { fileServers: [{ id: 'a' }] } } }), /fileServers/],
];

describe('checkMessage', () => {
  for (const [name, m, why] of GARBAGE) {
    it(`refuses ${name}`, () => {
      const r = checkMessage(m);
      expect('problem' in r).toBe(true);
      if ('problem' in r) expect(`${r.problem.code} ${r.problem.message}`).toMatch(why);
    });
  }
  it('passes the messages a coordinator sends', () => {
    for (const m of [
      init(),
      { type: 'start', startAt: 1 },
      { type: 'stop', mode: 'abort', reason: 'r' },
      { type: 'relay', online: [1, 2], remoteArrivals: 3 },
      { type: 'ping', t0: 1.5 },
      { type: 'setup', shard: 0 },
      { type: 'clock', offsetMs: -2.5 },
      { type: 'monitor', protocol: PROTOCOL_VERSION, seq: 1 },
    ]) {
      expect(checkMessage(m)).toEqual({ ok: m });
    }
  });
  it('the gRPC deserializer never throws on bytes that are not JSON', () => {
    for (const b of [Buffer.from('{'), Buffer.from([0xff, 0x00, 0x12]), Buffer.alloc(0), Buffer.from('"x')]) {
      const m = agentService.control.requestDeserialize(b);
      expect(checkMessage(m)).toMatchObject({ problem: { code: 'agent_protocol', message: expect.stringMatching(/not JSON/) } });
    }
    // JSON null must not reach the stream as null (that reads as its end).
    expect(checkMessage(agentService.control.requestDeserialize(Buffer.from('null')))).toMatchObject({
      problem: { message: 'a message is not an object (null)' },
    });
  });
});

describe('checkPlanFiles (--data-dir)', () => {
  const root = mkdtempSync(join(tmpdir(), 'xload-datadir-'));
  const data = join(root, 'data');
  mkdirSync(data);
  writeFileSync(join(data, 'users.csv'), 'user1;pwd1\n');
  writeFileSync(join(root, 'outside.csv'), 'x\n');
  writeFileSync(join(data, 'big.csv'), Buffer.alloc(2048));
  symlinkSync(join(root, 'outside.csv'), join(data, 'link.csv'));
  mkdirSync(join(data, 'sub'));
  const p = (path: string): Plan => plan([{ id: 'f', path }]) as unknown as Plan;

  it('reads files under --data-dir only', () => {
    expect(checkPlanFiles(p(join(data, 'users.csv')), data)).toBeNull();
    expect(checkPlanFiles(plan() as unknown as Plan, undefined)).toBeNull();
  });
  const refused: [string, string, string | undefined, RegExp][] = [
    ['no --data-dir', join(data, 'users.csv'), undefined, /started without --data-dir/],
    ['a file outside', join(root, 'outside.csv'), data, /outside this agent's --data-dir/],
    ['a .. escape', join(data, '..', 'outside.csv'), data, /outside this agent's --data-dir/],
    ['a symlink leading out', join(data, 'link.csv'), data, /outside this agent's --data-dir/],
    ['/etc/shadow', '/etc/shadow', data, /outside/],
    ['a missing file', join(data, 'nope.csv'), data, /no such file on this agent/],
    ['a folder', join(data, 'sub'), data, /not a regular file/],
    ['a relative path', 'users.csv', data, /not an absolute path/],
    ['the data dir itself', data, data, /outside|not a regular file/],
    ['a missing data dir', join(data, 'users.csv'), join(root, 'nodir'), /--data-dir .*nodir/],
  ];
  for (const [name, path, dir, why] of refused) {
    it(`refuses ${name}`, () => {
      expect(checkPlanFiles(p(path), dir)?.message).toMatch(why);
    });
  }
  it('refuses a file over the size limit', () => {
    expect(checkPlanFiles(p(join(data, 'big.csv')), data, 1024)?.message).toMatch(/2048 bytes, over the agent's 1024-byte limit/);
  });

  /** A plan with one `<story>` step naming `file`. */
  const withStory = (file: string): Plan => {
    const pl = plan() as unknown as Plan;
    return {
      ...pl,
      sessions: [{ name: 's', ops: [{ kind: 'story', file, name: 'x', export: 'default', pos: { line: 1, col: 1 } }] }],
    } as unknown as Plan;
  };
  it('runs a story module only with --allow-stories, and only from --data-dir', () => {
    writeFileSync(join(data, 'chat.story.mjs'), 'export default 1;\n');
    expect(checkPlanFiles(withStory(join(data, 'chat.story.mjs')), data, undefined, true)).toBeNull();
    expect(checkPlanFiles(withStory(join(data, 'chat.story.mjs')), data)?.message).toMatch(
      /started without --allow-stories, so it runs no story code/,
    );
    expect(checkPlanFiles(withStory(join(root, 'outside.csv')), data, undefined, true)?.message).toMatch(
      /story module .* is outside this agent's --data-dir/,
    );
    expect(checkPlanFiles(withStory(join(data, 'chat.story.mjs')), undefined, undefined, true)?.message).toMatch(
      /started without --data-dir/,
    );
  });
});

/** A control stream as gRPC hands it to the session: the agent's side only. */
class FakeCall extends EventEmitter {
  written: unknown[] = [];
  ended = false;
  write(m: unknown): boolean {
    this.written.push(m);
    return true;
  }
  end(): void {
    this.ended = true;
  }
}

describe('AgentSession with garbage from the coordinator', () => {
  for (const [name, m, why] of GARBAGE) {
    it(`answers ${name} with refused and a reason, then ends the session`, async () => {
      const call = new FakeCall();
      const log: string[] = [];
      const s = new AgentSession(
        call as unknown as ControlCall,
        {
          policy: new TargetPolicy(['127.0.0.0/8']),
          sourceIps: [],
          xloadVersion: 'x',
          log: (l) => log.push(l),
          hello: { type: 'hello', protocol: PROTOCOL_VERSION, xloadVersion: 'x', planVersion: PLAN_VERSION, workers: 1, hostname: 'h' },
        },
        'peer',
      );
      call.emit('data', m);
      await s.closed;
      const refused = call.written.find((w) => (w as { type?: string }).type === 'refused') as
        { code: string; message: string } | undefined;
      expect(refused, log.join('\n')).toBeDefined();
      expect(`${refused!.code} ${refused!.message}`).toMatch(why);
      expect(call.ended).toBe(true);
    });
  }
});

describe('AgentSession (a load agent) asked for a monitor reading', () => {
  it('refuses it, saying a type="erlang" monitor reads an xload agent --monitor-only', async () => {
    const call = new FakeCall();
    const s = new AgentSession(
      call as unknown as ControlCall,
      {
        policy: new TargetPolicy(['127.0.0.0/8']),
        sourceIps: [],
        xloadVersion: 'x',
        log: () => {},
        hello: {
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          xloadVersion: 'x',
          planVersion: PLAN_VERSION,
          workers: 1,
          hostname: 'h',
          role: 'load',
        },
      },
      'peer',
    );
    call.emit('data', { type: 'monitor', protocol: PROTOCOL_VERSION, seq: 1 });
    await s.closed;
    expect(call.written.at(-1)).toMatchObject({
      type: 'refused',
      code: 'agent_role',
      message: expect.stringMatching(/xload agent --monitor-only/),
    });
  });
});
