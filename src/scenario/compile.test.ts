import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario } from './index.js';
import { NO_TIMEOUT_MS, type Op, type Plan, type RequestOp } from './plan.js';
import { compile, planOf } from '../../test/unit/scenario/minimal.js';

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/scenarios');
const all = (): Plan => planOf(compileScenario(join(FIXTURES, 'all-features.xml')));

function flat(ops: readonly Op[]): Op[] {
  return ops.flatMap((op) => ('ops' in op ? [op, ...flat(op.ops)] : [op]));
}
function requests(plan: Plan, session: string): RequestOp[] {
  return flat(plan.sessions.find((s) => s.name === session)?.ops ?? []).filter((o): o is RequestOp => o.kind === 'request');
}

describe('plan is plain data', () => {
  it('survives JSON and structuredClone unchanged, and carries its version', () => {
    const plan = all();
    expect(plan.version).toBe(2);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(structuredClone(plan)).toEqual(plan);
  });
});

describe('arrival phases: Tsung units to arrivals per second and milliseconds', () => {
  it.each([
    ['arrivalrate="2" unit="second"', 2],
    ['arrivalrate="120" unit="minute"', 2],
    ['arrivalrate="7200" unit="hour"', 2],
    ['interarrival="0.5" unit="second"', 2],
    ['interarrival="2" unit="second"', 0.5],
    ['interarrival="1" unit="minute"', 1 / 60],
  ])('<users %s> → %f/s', (users, rate) => {
    const plan = planOf(compile({ load: `<arrivalphase phase="1" duration="1" unit="minute"><users ${users}/></arrivalphase>` }));
    expect(plan.load.phases[0]?.arrivalRate).toBeCloseTo(rate, 10);
  });

  it.each([
    ['500', 'millisecond', 500],
    ['3', 'second', 3000],
    ['2', 'minute', 120_000],
    ['1', 'hour', 3_600_000],
  ])('duration="%s" unit="%s" → %d ms', (d, unit, ms) => {
    const plan = planOf(
      compile({ load: `<arrivalphase phase="1" duration="${d}" unit="${unit}"><users arrivalrate="1" unit="second"/></arrivalphase>` }),
    );
    expect(plan.load.phases[0]?.durationMs).toBe(ms);
  });

  it('orders phases by number, as Tsung does', () => {
    const ph = (n: number) =>
      `<arrivalphase phase="${n}" duration="1" unit="second"><users arrivalrate="${n}" unit="second"/></arrivalphase>`;
    expect(planOf(compile({ load: ph(3) + ph(1) + ph(2) })).load.phases.map((p) => p.phase)).toEqual([1, 2, 3]);
  });

  it('keeps maxnumber, wait_all_sessions_end, session_setup weights normalised, load duration and loop', () => {
    const { load } = all();
    expect(load).toMatchObject({ durationMs: 7_200_000, loop: 1 });
    expect(load.phases[0]).toMatchObject({ phase: 1, durationMs: 500, arrivalRate: 2, maxNumber: 50, waitAllSessionsEnd: false });
    expect(load.phases[1]).toMatchObject({
      arrivalRate: 4,
      waitAllSessionsEnd: true,
      sessionSetup: [
        { session: 'chat', probability: 75 },
        { session: 'muc', probability: 25 },
      ],
    });
    expect(load.staticUsers.map((u) => [u.session, u.startMs])).toEqual([
      ['admin', 1000],
      ['admin', 1500],
    ]);
  });
});

describe('clients, servers, tsung attributes', () => {
  it('reads every client attribute, <ip> and the xload port extension', () => {
    const { clients, tsung } = all();
    expect(tsung).toEqual({ loglevel: 'info', dumptraffic: 'light' });
    expect(clients).toEqual([
      { host: 'localhost', weight: 2, maxUsers: 5000, maxUsersExplicit: true, useControllerVm: true, cpu: 1, ips: [] },
      { host: 'loadbox', agentPort: 7000, weight: 1, maxUsers: 800, useControllerVm: false, cpu: 2, ips: ['127.0.0.2', '127.0.0.3'] },
    ]);
  });

  it('reads host:port as an agent address', () => {
    expect(planOf(compile({ clients: '<client host="box:7001"/>' })).clients[0]).toMatchObject({ host: 'box', agentPort: 7001 });
  });

  it('knows every server type', () => {
    expect(all().servers.map((s) => s.type)).toEqual(['tcp', 'ssl', 'tcp6', 'ssl6', 'websocket', 'websocket_ssl', 'bosh', 'bosh_ssl']);
    expect(all().servers[0]).toEqual({ host: '127.0.0.1', port: 5222, type: 'tcp', weight: 3 });
  });
});

describe('options', () => {
  it("fills Tsung 1.7's defaults when nothing is set", () => {
    const plan = planOf(compile({}));
    expect(plan.tsung).toEqual({ loglevel: 'notice', dumptraffic: 'false' });
    expect(plan.options).toEqual({
      connectTimeoutMs: NO_TIMEOUT_MS,
      idleTimeoutMs: 600_000,
      maxRetries: 3,
      retryTimeoutMs: 10,
      globalAckTimeoutMs: NO_TIMEOUT_MS,
      hibernate: 10_000,
      websocketPath: '/chat',
      websocketFrame: 'text',
      boshPath: '/http-bind/',
      fileServers: [],
      jabber: {
        username: 'tsunguser',
        passwd: 'sesame',
        domain: 'erlang-projects.org',
        userIdMax: 10000,
        globalNumber: 100,
        mucService: 'conference.localhost',
        pubsubService: 'pubsub.localhost',
        fileIdDelimiter: ';',
      },
    });
  });

  it('reads every generic and ts_jabber option', () => {
    const o = all().options;
    expect(o).toMatchObject({
      thinktime: { value: 3, random: true, override: false },
      seed: 42,
      hibernate: NO_TIMEOUT_MS,
      connectTimeoutMs: 5000,
      idleTimeoutMs: 300_000,
      maxRetries: 0,
      retryTimeoutMs: 100,
      portsRange: { min: 20000, max: 30000 },
      globalAckTimeoutMs: 60_000,
      websocketPath: '/ws',
      websocketFrame: 'text',
      boshPath: '/bosh',
      fileServers: [
        { id: 'users', path: join(FIXTURES, 'users.csv') },
        { id: 'vhosts', path: join(FIXTURES, 'vhosts.csv') },
      ],
      jabber: {
        username: 'bot',
        passwd: 'secret',
        domain: 'localhost',
        userIdMax: 500,
        globalNumber: 20,
        mucService: 'muc.localhost',
        pubsubService: 'ps.localhost',
        vhostFile: 'vhosts',
        randomFromFileId: 'users',
        offlineFromFileId: 'users',
        fileIdDelimiter: ',',
      },
    });
  });
});

describe('sessions and ops', () => {
  it('normalises weights to percentages and reads bidi/persistent (ts_jabber defaults: persistent, not bidi)', () => {
    expect(all().sessions.map((s) => [s.name, s.probability, s.bidi, s.persistent])).toEqual([
      ['chat', 75, true, false],
      ['muc', 25, false, true],
      ['admin', 0, false, true],
    ]);
  });

  it('compiles thinktimes as Tsung does (value, random, range, default from option, wait_bidi, %%_var%%)', () => {
    const tt = flat(all().sessions[0]?.ops ?? [])
      .filter((o) => o.kind === 'thinktime')
      .map(({ pos: _p, ...t }) => t);
    expect(tt).toEqual([
      { kind: 'thinktime', value: 2, random: true },
      { kind: 'thinktime', value: 2, random: true },
      { kind: 'thinktime', random: false, min: 1, max: 4 },
      { kind: 'thinktime', value: 3, random: true },
      { kind: 'thinktime', random: false, wait: 'bidi' },
      { kind: 'thinktime', value: '%%_delay%%', random: false },
    ]);
  });

  it('replaces every thinktime with the option when override="true"', () => {
    const plan = planOf(
      compile({
        options: '<option name="thinktime" value="7" random="false" override="true"/>',
        body: '<thinktime value="1"/><thinktime min="1" max="2"/>',
      }),
    );
    expect(plan.sessions[0]?.ops.map((o) => (o.kind === 'thinktime' ? o.value : undefined))).toEqual([7, 7]);
  });

  it('compiles control flow: transaction, for, repeat while/until, if, foreach, abort, set_option', () => {
    const muc = all().sessions[1]?.ops.map(({ pos: _p, ...o }) => o) ?? [];
    expect(muc.map((o) => o.kind)).toEqual([
      'setdynvars',
      'setdynvars',
      'setdynvars',
      'request',
      'repeat',
      'repeat',
      'if',
      'foreach',
      'set_option',
      'set_option',
      'request',
      'request',
      'request',
      'abort',
    ]);
    expect(muc[4]).toMatchObject({ name: 'turns', maxRepeat: 5, test: { mode: 'while', cond: { var: 'turns', op: 'lt', value: '3' } } });
    expect(muc[5]).toMatchObject({
      test: { mode: 'until', cond: { var: 'state', op: 'eq', value: 'done' } },
      ops: [{ kind: 'thinktime' }],
    });
    expect(muc[6]).toMatchObject({ cond: { var: 'state', op: 'neq', value: 'done' }, ops: [{ kind: 'abort', scope: 'all' }] });
    expect(muc[7]).toMatchObject({ name: 'item', in: 'items', include: '^room' });
    expect(muc[8]).toMatchObject({ name: 'connect_timeout', value: '1000' });
    expect(muc[9]).toMatchObject({ name: 'certificate', certificate: { certfile: '/tmp/c.pem', keyfile: '/tmp/k.pem', keypass: 'x' } });
    expect(muc[13]).toEqual({ kind: 'abort', scope: 'session' });
    const chat = all().sessions[0]?.ops ?? [];
    expect(chat.find((o) => o.kind === 'transaction')).toMatchObject({ name: 'auth', ops: [{}, {}, {}, {}] });
    expect(chat.find((o) => o.kind === 'for')).toMatchObject({ var: 'i', from: 1, to: 10, incr: 2 });
  });

  it('compiles every setdynvars source with Tsung defaults', () => {
    const sources = flat(all().sessions.flatMap((s) => s.ops))
      .filter((o) => o.kind === 'setdynvars')
      .map((o) => (o.kind === 'setdynvars' ? o.source : undefined));
    expect(sources).toEqual([
      { type: 'file', fileId: 'users', order: 'random', delimiter: ';' },
      { type: 'random_number', start: 5, end: 15 },
      { type: 'random_string', length: 8 },
      { type: 'urandom_string', length: 4 },
      { type: 'value', value: 'done' },
    ]);
  });

  it('compiles requests: subst, tag, every jabber attribute, xmpp_authenticate, matches and dyn_variables', () => {
    const [login, sasl, , bind] = requests(all(), 'chat');
    expect(login).toMatchObject({
      subst: true,
      tag: 'login',
      jabber: { type: 'connect', ack: 'local', version: '1.0', authenticate: { username: '%%_user%%', passwd: '%%_pass%%' } },
    });
    expect(sasl?.jabber.mechanism).toBe('SCRAM-SHA-1');
    expect(bind?.jabber.resource).toBe('load');
    const chats = requests(all(), 'chat');
    expect(chats.find((r) => r.jabber.type === 'chat')?.jabber).toMatchObject({ size: 64, destination: 'online', stamped: true });
    expect(chats.find((r) => r.jabber.type === 'presence:broadcast')?.jabber).toMatchObject({ show: 'dnd', status: 'busy' });
    expect(chats.find((r) => r.jabber.type === 'iq:roster:rename')?.jabber.group).toBe('Friends');
    expect(chats.find((r) => r.jabber.type === 'raw')?.jabber.data).toBe('<presence/>');
    const roster = chats.find((r) => r.jabber.type === 'iq:roster:get');
    expect(roster?.matches.map(({ pos: _p, ...m }) => m)).toEqual([
      {
        do: 'loop',
        when: 'nomatch',
        regexp: '^ok$',
        subst: false,
        name: 'retry',
        maxLoop: 5,
        maxRestart: 3,
        sleepLoopMs: 2000,
        loopBack: 1,
      },
      {
        do: 'abort',
        when: 'match',
        regexp: '[0-9]+ error',
        subst: false,
        name: '-',
        maxLoop: 20,
        maxRestart: 3,
        sleepLoopMs: 5000,
        loopBack: 0,
      },
    ]);
    expect(roster?.dynVars.map(({ pos: _p, ...d }) => d)).toEqual([
      { name: 'idv', kind: 'xpath', expr: '//iq/@id' },
      { name: 'nick', kind: 'regexp', expr: "nick='(\\w+)'" },
      { name: 'value', kind: 're', expr: `name=["']value["'] (?:[^>]* )?value=["']([^"']*)["']` },
    ]);
    const muc = requests(all(), 'muc');
    expect(muc.find((r) => r.jabber.type === 'pubsub:create')?.jabber).toMatchObject({ node: '/n', nodeType: 'flat', data: '[]' });
    expect(muc.find((r) => r.jabber.type === 'pubsub:unsubscribe')?.jabber).toMatchObject({ subid: 's1', destination: 'previous' });
    expect(muc.find((r) => r.jabber.type === 'starttls')?.jabber).toMatchObject({
      ack: 'bidi_ack',
      cacertfile: '/tmp/ca.pem',
      certfile: '/tmp/c.pem',
      keyfile: '/tmp/k.pem',
      keypass: 'x',
    });
    expect(requests(all(), 'admin')[0]?.jabber).toMatchObject({ type: 'register', ack: 'global', id: 'new' });
  });
});
