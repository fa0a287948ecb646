import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Op, Plan, SessionSpec } from '../../scenario/plan.js';
import { ShardRecorder } from '../../stats/recorder.js';
import { decodeHistogram } from '../../stats/hdr.js';
import { attachSharedState, createSharedBuffers } from '../shared/shared-state.js';
import { FileSources } from '../shard/file-sources.js';
import { createRng } from '../shard/rng.js';
import type { ShardHost } from '../shard/shard-host.js';
import { TimerHeap } from '../shard/timer-heap.js';
import { newPending } from './pending.js';
import { OPS_PER_TURN } from './op-loop.js';
import { User } from './user.js';

const pos = { line: 1, col: 1 };

function host(plan: Plan): ShardHost & { ended: number } {
  const h = {
    plan,
    runId: 'test',
    shardIndex: 0,
    timers: new TimerHeap(() => Date.now()),
    shared: attachSharedState(createSharedBuffers(100, 3)),
    stats: new ShardRecorder(),
    rng: createRng(1),
    files: new FileSources([], 0, 1),
    requestTimeoutMs: 1000,
    traffic: null,
    ended: 0,
    now: () => Date.now(),
    pickServer: () => plan.servers[0]!,
    pickSourceIp: () => undefined,
    nextStanzaId: () => 'id',
    userEnded: () => void h.ended++,
    userReleased: () => {},
    abortAll: () => {},
    watchGlobalAck: () => {},
  };
  return h;
}

function planWith(ops: Op[]): { plan: Plan; session: SessionSpec } {
  const session: SessionSpec = { name: 's', probability: 100, type: 'ts_jabber', bidi: false, persistent: false, ops, pos };
  const plan = {
    sessions: [session],
    servers: [{ host: '127.0.0.1', port: 1, type: 'tcp', weight: 1 }],
    options: {
      jabber: { username: 'user', passwd: 'pwd', domain: 'localhost', userIdMax: 100, globalNumber: 3 },
      globalAckTimeoutMs: 5000,
    },
  } as unknown as Plan;
  return { plan, session };
}

const think = (value: number): Op => ({ kind: 'thinktime', value, random: false, pos });

describe('User VM control flow', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs for, transaction, if and repeat with thinktimes on the shared timer heap', () => {
    const ops: Op[] = [
      { kind: 'setdynvars', source: { type: 'value', value: 'yes' }, vars: ['flag'], pos },
      { kind: 'for', var: 'i', from: 1, to: 3, incr: 1, pos, ops: [{ kind: 'transaction', name: 't', pos, ops: [think(1)] }] },
      { kind: 'if', cond: { var: 'flag', op: 'eq', value: 'yes' }, pos, ops: [think(2)] },
      { kind: 'if', cond: { var: 'flag', op: 'neq', value: 'yes' }, pos, ops: [think(100)] },
      {
        kind: 'repeat',
        name: 'r',
        maxRepeat: 10,
        pos,
        test: { mode: 'until', cond: { var: 'i', op: 'eq', value: '3' } },
        ops: [{ kind: 'setdynvars', source: { type: 'value', value: '3' }, vars: ['i'], pos }, think(0.5)],
      },
    ];
    const { plan, session } = planWith(ops);
    const h = host(plan);
    const u = new User(h, 1, session, Date.now());
    u.start();
    vi.advanceTimersByTime(5_400);
    expect(h.ended).toBe(0);
    vi.advanceTimersByTime(200);
    expect(h.ended).toBe(1);
    const snap = h.stats.takeSnapshot();
    expect(snap.counters.users_finished).toBe(1);
    expect(decodeHistogram(snap.metrics['tr.t']!).totalCount).toBe(3);
    expect(decodeHistogram(snap.metrics.session!).maxValue / 1000).toBeGreaterThanOrEqual(5_500);
    expect(u.vars?.get('i')).toBe('3');
  });

  it('keeps to its schedule: a late timer does not push later thinktimes back', () => {
    const { plan, session } = planWith([think(1), think(1), think(1)]);
    const h = host(plan);
    const t0 = Date.now();
    const u = new User(h, 1, session, t0);
    u.start();
    vi.advanceTimersByTime(3_000);
    expect(h.ended).toBe(1);
    expect(u.intendedAt).toBe(t0 + 3_000);
  });

  it('yields its worker after OPS_PER_TURN ops that never block, and still ends on a stop', () => {
    // 1e6 iterations of a setdynvars: no op blocks, so run() would hold the thread.
    const body: Op[] = [{ kind: 'setdynvars', source: { type: 'value', value: 'x' }, vars: ['v'], pos }];
    const { plan, session } = planWith([{ kind: 'for', var: 'i', from: 1, to: 1_000_000, incr: 1, pos, ops: body }]);
    const h = host(plan);
    const u = new User(h, 1, session, Date.now());
    u.start();
    expect(u.phase).toBe('thinking');
    const first = Number(u.vars?.get('i'));
    expect(first).toBeGreaterThan(1);
    expect(first).toBeLessThanOrEqual(OPS_PER_TURN);
    vi.advanceTimersByTime(1);
    expect(Number(u.vars?.get('i'))).toBeGreaterThan(first);
    u.requestStop();
    expect(u.phase).toBe('ended');
    expect(h.ended).toBe(1);
    const c = h.stats.takeSnapshot().counters;
    expect(c.vm_yields).toBe(2);
    expect(c.users_interrupted).toBe(1);
  });

  it('stamps with the intended send time when behind it, or now when early or late by less than the timer grain', () => {
    const { plan, session } = planWith([think(1)]);
    const h = host(plan);
    const late = new User(h, 1, session, h.now() - 5); // late: the lateness stays in the stamp
    expect(late.stampTime()).toBe(late.intendedAt);
    const early = new User(h, 2, session, h.now() + 0.4); // fired early by the timer heap's slack
    expect(early.stampTime()).toBe(h.now());
    // Late by less than the timer's grain (libuv's whole ms): the send time, not a latency.
    const grain = new User(h, 3, session, h.now() - 0.6);
    expect(grain.stampTime()).toBe(h.now());
    const behind = new User(h, 4, session, h.now() - 1.5); // behind its schedule: kept
    expect(behind.stampTime()).toBe(behind.intendedAt);
  });

  it('waits at wait_global until global_number users arrived', () => {
    const { plan, session } = planWith([{ kind: 'thinktime', random: false, wait: 'global', pos }]);
    const h = host(plan);
    const users = [1, 2, 3].map((id) => new User(h, id, session, Date.now()));
    users[0]!.start();
    users[1]!.start();
    vi.advanceTimersByTime(100);
    expect(h.ended).toBe(0);
    users[2]!.start();
    for (const u of users) if (h.shared.barrier.isReleased(u.pending?.target ?? 0)) u.globalReleased();
    expect(h.ended).toBe(3);
  });

  it('waits for a reconnection without a reply timeout, says when its thinktime ends, and a stop ends the wait', () => {
    const { plan, session } = planWith([think(5)]);
    const h = host(plan);
    const u = new User(h, 1, session, Date.now());
    u.start();
    expect(u.thinkingUntil).toBe(h.now() + 5_000);
    // What reconnect.ts installs when the connection drops (the back-off bounds it, not
    // requestTimeoutMs, 1 s here).
    u.block(newPending(null, { type: 'xload:reconnecting', ack: 'no_ack' }, h.now()));
    expect(u.thinkingUntil).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(u.phase).toBe('awaiting');
    expect(h.ended).toBe(0);
    // Nothing will answer a user between connections: a stop ends it at once.
    u.requestStop();
    expect(u.phase).toBe('ended');
    const c = h.stats.takeSnapshot().counters;
    expect(c.users_interrupted).toBe(1);
    expect(c.users_failed).toBeUndefined();
  });
});

describe('User VM: waiting on outside work (a <story> step)', () => {
  it('suspend() holds the user without a timer; resume() runs on; a stop while suspended ends it at resume', () => {
    const { plan, session } = planWith([think(10)]);
    const h = host(plan);
    const v = new User(h, 2, session, Date.now());
    v.start();
    v.suspend();
    expect(v.phase).toBe('awaiting');
    expect(v.pending).toBeNull();
    v.requestStop();
    expect(v.ended).toBe(false);
    v.resume();
    expect(v.ended).toBe(true);
    expect(h.stats.takeSnapshot().counters.users_interrupted).toBe(1);
  });

  it('end() aborts the outside work (the story drops its connections)', () => {
    const { plan, session } = planWith([think(10)]);
    const u = new User(host(plan), 1, session, Date.now());
    u.start();
    const ctl = new AbortController();
    u.extensions().story = ctl;
    u.suspend();
    u.abort();
    expect(ctl.signal.aborted).toBe(true);
    // A resume after the end is a no-op, not a phase error.
    expect(() => u.resume()).not.toThrow();
  });
});
