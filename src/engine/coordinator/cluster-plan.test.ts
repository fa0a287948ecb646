import { describe, expect, it } from 'vitest';
import { shareOfCount, shareOfRate } from '../segment.js';
import { LEDGER_CAPACITY } from '../shared/shared-state.js';
import { clientMaxUsers, localMaxUsers, maxChildProcesses, planForNode, processesNeeded, shareNodes } from './cluster-plan.js';
import type { ClientSpec, Plan } from '../../scenario/plan.js';
import { compile, planOf } from '../../../test/unit/scenario/minimal.js';
import { subSegment } from '../node/node-host.js';

describe('shareNodes', () => {
  const cases: { name: string; max: number; nodes: { weight: number; workers: number }[] }[] = [
    {
      name: 'three equal agents',
      max: 2000,
      nodes: [
        { weight: 1, workers: 1 },
        { weight: 1, workers: 1 },
        { weight: 1, workers: 1 },
      ],
    },
    {
      name: 'weights 2:1 (Tsung <client weight>)',
      max: 1000,
      nodes: [
        { weight: 2, workers: 2 },
        { weight: 1, workers: 1 },
      ],
    },
    { name: 'local + 4 agents, odd ids', max: 7, nodes: [1, 3, 1, 1, 2].map((w) => ({ weight: w, workers: w })) },
  ];
  it.each(cases)('$name: segments tile (0,1], ids are disjoint and cover 1..max, shards and seqs are disjoint', ({ max, nodes }) => {
    const shares = shareNodes(max, nodes);
    expect(shares[0]!.segment.from).toBe(0);
    expect(shares.at(-1)!.segment.to).toBe(1);
    for (let i = 1; i < shares.length; i++) {
      expect(shares[i]!.segment.from).toBe(shares[i - 1]!.segment.to);
      expect(shares[i]!.ids.lo).toBe(shares[i - 1]!.ids.hi + 1);
      expect(shares[i]!.shards.first).toBe(shares[i - 1]!.shards.first + shares[i - 1]!.shards.count);
      expect(shares[i]!.seq.base).toBe(shares[i - 1]!.seq.base + shares[i - 1]!.seq.size);
    }
    expect(shares[0]!.ids.lo).toBe(1);
    expect(shares.at(-1)!.ids.hi).toBe(max);
    expect(shares.at(-1)!.seq.base + shares.at(-1)!.seq.size).toBeLessThanOrEqual(LEDGER_CAPACITY);
    // Every user and every arrival per second is somewhere: counts add up exactly, no rounding loss.
    for (const total of [1, 7, 100, 12345]) expect(shares.reduce((a, s) => a + shareOfCount(total, s.segment), 0)).toBe(total);
    expect(shares.reduce((a, s) => a + shareOfRate(30, s.segment), 0)).toBeCloseTo(30, 9);
    // A weight-2 node gets twice the share of a weight-1 node.
    const w = nodes.map((n) => n.weight);
    const total = w.reduce((a, b) => a + b, 0);
    shares.forEach((s, i) => expect(s.segment.to - s.segment.from).toBeCloseTo(w[i]! / total, 12));
  });

  it('splits a node between its threads without a gap', () => {
    const seg = { from: 1 / 3, to: 2 / 3 };
    const parts = [0, 1, 2].map((j) => subSegment(seg, j, 3));
    expect(parts[0]!.from).toBe(seg.from);
    expect(parts[2]!.to).toBe(seg.to);
    expect(parts[1]!.from).toBe(parts[0]!.to);
    expect(parts.reduce((a, p) => a + shareOfCount(100, p), 0)).toBe(shareOfCount(100, seg));
  });
});

describe('processesNeeded', () => {
  it.each([
    [5000, 20000, 1],
    [19744, 20000, 1],
    [19745, 20000, 2],
    [50000, 20000, 3],
    [3000, 1024, 4],
    [400, 256, 3],
    [100, 256, 1],
    [10, null, 1],
    [1e9, Infinity, 1],
  ])('%d users with ulimit -n %s: %d process(es)', (users, limit, want) => {
    expect(processesNeeded(users, limit)).toBe(want);
  });

  it.each([
    [256, 24],
    [1024, 64],
    [64, 2],
    [null, 64],
  ])('ulimit -n %s starts at most %d child processes', (limit, want) => {
    expect(maxChildProcesses(limit)).toBe(want);
  });
});

describe('<client maxusers> per node', () => {
  const client = (host: string, extra: Partial<ClientSpec> = {}): ClientSpec => ({
    host,
    weight: 1,
    maxUsers: 800,
    useControllerVm: false,
    cpu: 1,
    ips: [],
    ...extra,
  });
  const planWith = (clients: ClientSpec[]): Plan => ({ ...planOf(compile({})), clients });

  it("caps the local share only when every local client writes maxusers (Tsung's 800 default caps nothing)", () => {
    expect(localMaxUsers(planWith([client('localhost')]))).toBeUndefined();
    expect(localMaxUsers(planWith([client('localhost', { maxUsers: 10, maxUsersExplicit: true })]))).toBe(10);
    expect(
      localMaxUsers(
        planWith([client('a', { maxUsers: 10, maxUsersExplicit: true }), client('b', { maxUsers: 5, maxUsersExplicit: true })]),
      ),
    ).toBe(15);
    expect(localMaxUsers(planWith([client('a', { maxUsers: 10, maxUsersExplicit: true }), client('b')]))).toBeUndefined();
    // Agents' clients are theirs, not the local share's.
    expect(localMaxUsers(planWith([client('box', { agentPort: 7911, maxUsers: 3, maxUsersExplicit: true })]))).toBeUndefined();
    expect(clientMaxUsers(client('box', { agentPort: 7911, maxUsers: 3, maxUsersExplicit: true }))).toBe(3);
    expect(clientMaxUsers(client('box', { agentPort: 7911 }))).toBeUndefined();
  });

  it("puts the node's cap and segment into its plan, and nothing when it has none", () => {
    const plan = planWith([client('localhost', { maxUsers: 10, maxUsersExplicit: true }), client('box', { agentPort: 7911 })]);
    const seg = { from: 0, to: 0.5 };
    const local = planForNode(plan, { weight: 1, workers: 2, maxUsers: 10 }, seg);
    expect(local.nodeCap).toEqual({ maxUsers: 10, segment: seg });
    expect(local.clients.map((c) => c.host)).toEqual(['localhost']);
    const agent = planForNode(local, { weight: 1, workers: 1, client: plan.clients[1]! }, { from: 0.5, to: 1 });
    expect('nodeCap' in agent).toBe(false);
    expect(agent.clients.map((c) => c.host)).toEqual(['box']);
  });

  it('compiles maxusers as written or not', () => {
    const plan = planOf(compile({ clients: '<client host="localhost" maxusers="10"/><client host="b" port="7000"/>' }));
    expect(plan.clients.map((c) => [c.maxUsers, c.maxUsersExplicit ?? false])).toEqual([
      [10, true],
      [800, false],
    ]);
  });
});
