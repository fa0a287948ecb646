import { afterEach, describe, expect, it } from 'vitest';
import type { Plan, SessionSpec } from '../../scenario/plan.js';
import { compile, planOf } from '../../../test/unit/scenario/minimal.js';
import { PROTOCOL_VERSION, type FromShard } from '../protocol.js';
import { createSharedBuffers } from '../shared/shared-state.js';
import { Shard } from './shard.js';

const pos = { line: 1, col: 1 };
/** A session that only thinks (no socket): its user stays active for `s` seconds. */
const thinking = (name: string, s: number): SessionSpec => ({
  name,
  probability: 100,
  type: 'ts_jabber',
  bidi: false,
  persistent: true,
  pos,
  ops: [{ kind: 'thinktime', value: s, random: false, pos }],
});

const shards: Shard[] = [];
afterEach(() => {
  for (const s of shards.splice(0)) s.stop('abort');
});

function shard(plan: Plan, segment = { from: 0, to: 1 }): { shard: Shard; out: FromShard[] } {
  const out: FromShard[] = [];
  const s = new Shard(
    {
      type: 'init',
      protocol: PROTOCOL_VERSION,
      plan,
      shard: { index: 0, count: 1, segment },
      shared: createSharedBuffers(plan.options.jabber.userIdMax, 1),
      runId: 't',
      intervalMs: 1000,
      requestTimeoutMs: 1000,
      seed: 1,
    },
    (m) => out.push(m),
  );
  shards.push(s);
  return { shard: s, out };
}

const base = (): Plan => planOf(compile({}));

describe('Shard and <client maxusers>', () => {
  it('refuses arrivals beyond its share of the node cap and counts them', () => {
    const plan: Plan = { ...base(), nodeCap: { maxUsers: 6, segment: { from: 0, to: 1 } } };
    // This shard is the first half of its node: 3 of the 6.
    const { shard: s, out } = shard(plan, { from: 0, to: 0.5 });
    for (let i = 0; i < 5; i++) s.spawn(thinking('load', 60), Date.now());
    s.flushStats();
    const snap = out.find((m) => m.type === 'snapshot');
    expect(
      snap?.type === 'snapshot' && [
        snap.snap.counters.users_started,
        snap.snap.counters.users_refused_maxusers,
        snap.snap.gauges.users_active,
      ],
    ).toEqual([3, 2, 3]);
  });

  it('without a cap, starts every arrival', () => {
    const { shard: s, out } = shard(base());
    for (let i = 0; i < 5; i++) s.spawn(thinking('load', 60), Date.now());
    s.flushStats();
    const snap = out.find((m) => m.type === 'snapshot');
    expect(snap?.type === 'snapshot' && [snap.snap.counters.users_started, snap.snap.counters.users_refused_maxusers]).toEqual([
      5,
      undefined,
    ]);
  });
});

describe('Shard run-once sessions', () => {
  it('runs them one after another with user ids from the pool, counted apart from the load, then reports setup-done', async () => {
    const plan: Plan = { ...base(), runOnce: [thinking('a', 0.01), thinking('b', 0.01)] };
    const { shard: s, out } = shard(plan);
    s.runSetup();
    const deadline = Date.now() + 5000;
    while (!out.some((m) => m.type === 'setup-done') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const snaps = out.filter((m) => m.type === 'snapshot');
    expect(snaps).toHaveLength(2);
    for (const m of snaps) {
      if (m.type !== 'snapshot') continue;
      expect(m.snap.counters).toMatchObject({ run_once_started: 1, run_once_finished: 1 });
      expect(m.snap.counters.users_started).toBeUndefined();
      expect(m.snap.gauges.users_active).toBe(0);
    }
    expect(out.at(-1)).toEqual({ type: 'setup-done', shard: 0 });
  });
});
