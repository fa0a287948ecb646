import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExpectSpec, Op, Plan, RequestOp, SessionSpec } from '../../scenario/plan.js';
import { ShardRecorder } from '../../stats/recorder.js';
import { decodeHistogram } from '../../stats/hdr.js';
import type { Frame } from '../../xmpp/index.js';
import { attachSharedState, createSharedBuffers } from '../shared/shared-state.js';
import { FileSources } from '../shard/file-sources.js';
import { createRng } from '../shard/rng.js';
import type { ShardHost } from '../shard/shard-host.js';
import { TimerHeap } from '../shard/timer-heap.js';
import { User } from './user.js';

const pos = { line: 3, col: 5 };

function host(plan: Plan) {
  const h = {
    plan,
    runId: 'test',
    shardIndex: 0,
    timers: new TimerHeap(() => Date.now()),
    shared: attachSharedState(createSharedBuffers(100, 3)),
    stats: new ShardRecorder(),
    rng: createRng(1),
    files: new FileSources([], 0, 1),
    requestTimeoutMs: 10_000,
    traffic: null,
    ended: 0,
    aborts: [] as string[],
    now: () => Date.now(),
    pickServer: () => plan.servers[0]!,
    pickSourceIp: () => undefined,
    nextStanzaId: () => 'id',
    userEnded: () => void h.ended++,
    userReleased: () => {},
    abortAll: (why: string) => void h.aborts.push(why),
    watchGlobalAck: () => {},
  } satisfies ShardHost & { ended: number; aborts: string[] };
  return h;
}

/** A `wait` request (sends nothing, no connection needed) carrying the checks, then a thinktime. */
function userWith(expects: Partial<ExpectSpec>[], ack: 'no_ack' | 'local' = 'no_ack') {
  const request = {
    kind: 'request',
    subst: false,
    jabber: { type: 'wait', ack },
    matches: [],
    dynVars: [],
    expects: expects.map((e, i) => ({ name: `c${i}`, timeoutMs: 1000, onFail: 'continue', pos, ...e })),
    pos,
  } as unknown as RequestOp;
  const ops: Op[] = [request, { kind: 'thinktime', value: 1, random: false, pos }];
  const session: SessionSpec = { name: 's', probability: 100, type: 'ts_jabber', bidi: false, persistent: false, ops, pos };
  const plan = {
    scenario: '/tmp/checks.xml',
    sessions: [session],
    servers: [{ host: '127.0.0.1', port: 1, type: 'tcp', weight: 1 }],
    options: {
      jabber: { username: 'user', passwd: 'pwd', domain: 'localhost', userIdMax: 100, globalNumber: 3 },
      globalAckTimeoutMs: 5000,
    },
  } as unknown as Plan;
  const h = host(plan);
  const u = new User(h, 1, session, Date.now());
  return { h, u };
}

const chat = (body: string): Frame => ({
  name: 'message',
  attrs: { type: 'chat', from: 'user2@localhost/tsung' },
  raw: `<message type='chat' from='user2@localhost/tsung'><body>${body}</body></message>`,
});

describe('<expect> at run time', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('passes on the first matching stanza in time and goes on at once', () => {
    const { h, u } = userWith([{ kind: 'message', body: '^hi$' }]);
    u.start();
    expect(u.phase).toBe('awaiting');
    vi.advanceTimersByTime(200);
    u.onFrame(chat('hello'));
    expect(u.phase).toBe('awaiting');
    u.onFrame(chat('hi'));
    expect(u.phase).toBe('thinking');
    u.onFrame(chat('hi')); // decided: a second match counts nothing
    vi.advanceTimersByTime(1000);
    expect(h.ended).toBe(1);
    const snap = h.stats.takeSnapshot();
    const c = snap.counters;
    expect(c).toMatchObject({ 'check_pass.c0': 1, users_finished: 1 });
    // check.<name>: the send to the stanza that passed it
    const latency = decodeHistogram(snap.metrics['check.c0']!);
    expect(latency.totalCount).toBe(1);
    expect(latency.maxValue / 1000).toBeGreaterThanOrEqual(199);
    expect(c['check_fail.c0']).toBeUndefined();
  });

  it('fails at its deadline (on_fail continue: the session goes on) while another check passes', () => {
    const { h, u } = userWith([
      { kind: 'message', body: 'never', timeoutMs: 500 },
      { kind: 'message', body: 'hi', timeoutMs: 2000 },
    ]);
    u.start();
    vi.advanceTimersByTime(499);
    expect(h.stats.takeSnapshot().counters['check_fail.c0']).toBeUndefined();
    vi.advanceTimersByTime(2);
    expect(h.stats.takeSnapshot().counters['check_fail.c0']).toBe(1);
    expect(u.phase).toBe('awaiting');
    u.onFrame(chat('hi'));
    expect(u.phase).toBe('thinking');
    vi.advanceTimersByTime(1000);
    expect(h.ended).toBe(1);
    expect(h.stats.takeSnapshot().counters).toMatchObject({ 'check_pass.c1': 1, users_finished: 1 });
  });

  it('counts a stanza that came while the request waited for its ack: the window opens at the send', () => {
    const { h, u } = userWith([{ kind: 'message', body: 'hi' }], 'local');
    u.start();
    // ack="local" on a request without a natural reply: the first stanza completes it.
    u.onFrame(chat('hi'));
    expect(u.phase).toBe('thinking');
    expect(h.stats.takeSnapshot().counters['check_pass.c0']).toBe(1);
  });

  it('on_fail="end_session": the user fails with check_failed.<name>', () => {
    const { h, u } = userWith([{ name: 'bob-gets-hi', kind: 'message', onFail: 'end_session' }]);
    u.start();
    vi.advanceTimersByTime(1001);
    expect(u.phase).toBe('ended');
    const snap = h.stats.takeSnapshot();
    expect(snap.counters).toMatchObject({ 'check_fail.bob-gets-hi': 1, users_failed: 1 });
    expect(snap.errors).toEqual({ 'check_failed.bob-gets-hi': 1 });
    expect(h.aborts).toEqual([]);
  });

  it('on_fail="stop_run": asks the run to stop, and the user fails; its other open check counts as failed', () => {
    const { h, u } = userWith([
      { kind: 'message', onFail: 'stop_run', timeoutMs: 100 },
      { kind: 'iq', timeoutMs: 5000 },
    ]);
    u.start();
    vi.advanceTimersByTime(101);
    expect(h.aborts).toEqual(['check c0 failed (line 3, on_fail="stop_run")']);
    expect(h.stats.takeSnapshot().counters).toMatchObject({ 'check_fail.c0': 1, 'check_fail.c1': 1, users_failed: 1 });
  });

  it('a stop that came while the ack was awaited ends the session once the reply is in, not after the check', () => {
    const { h, u } = userWith([{ kind: 'iq' }], 'local');
    u.start();
    u.requestStop();
    expect(u.phase).toBe('awaiting');
    u.onFrame(chat('the reply'));
    expect(u.phase).toBe('ended');
    const c = h.stats.takeSnapshot().counters;
    expect(c.users_interrupted).toBe(1);
    expect(Object.keys(c).filter((k) => k.startsWith('check_'))).toEqual([]);
  });

  it('a deadline the timer heap fires up to 0.5 ms early counts as reached: no second firing', () => {
    const { h, u } = userWith([{ kind: 'message', timeoutMs: 1000 }]);
    let clock = 1_000_000;
    h.now = () => clock;
    u.start();
    const token = (u as unknown as { timerToken: number }).timerToken;
    clock += 999.7; // the heap batches timers due within 0.5 ms of now
    u.onTimer(token, 1_000_000 + 1000);
    expect(u.phase).toBe('thinking');
    expect(h.stats.takeSnapshot().counters['check_fail.c0']).toBe(1);
    h.timers.stop();
  });

  it('a stop while it waits ends the session at once, the check not counted', () => {
    const { h, u } = userWith([{ kind: 'message' }]);
    u.start();
    u.requestStop();
    expect(u.phase).toBe('ended');
    const c = h.stats.takeSnapshot().counters;
    expect(c.users_interrupted).toBe(1);
    expect(Object.keys(c).filter((k) => k.startsWith('check_'))).toEqual([]);
  });
});
