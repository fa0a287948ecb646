import { describe, expect, it } from 'vitest';
import type { Plan } from '../../scenario/plan.js';
import { agentTargetsFromPlan, clockProblem } from './open-nodes.js';

describe('clockProblem', () => {
  it.each([
    [{ offsetMs: 3, uncertaintyMs: 0.5, samples: 8 }, 1000, null],
    [{ offsetMs: -999, uncertaintyMs: 0.5, samples: 8 }, 1000, null],
    // Within the bound once the measurement's own uncertainty is allowed for.
    [{ offsetMs: 1003, uncertaintyMs: 5, samples: 8 }, 1000, null],
    [
      { offsetMs: 86_400_000, uncertaintyMs: 1, samples: 8 },
      1000,
      /clock is 86400000\.0 ms \(± 1\.0 ms\) off .*--max-clock-offset 1000 ms/,
    ],
    [{ offsetMs: -2500, uncertaintyMs: 1, samples: 8 }, 1000, /clock is -2500\.0 ms/],
  ])('%o with --max-clock-offset %d', (clock, max, want) => {
    const got = clockProblem(clock, max);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatch(want);
  });
});

describe('agentTargetsFromPlan', () => {
  it('takes the <client>s with an agent port, with their weights; the rest run locally', () => {
    const c = (host: string, weight: number, agentPort?: number) => ({
      host,
      weight,
      maxUsers: 800,
      useControllerVm: false,
      cpu: 1,
      ips: [],
      ...(agentPort ? { agentPort } : {}),
    });
    const plan = { clients: [c('localhost', 1), c('box1', 2, 7911), c('box2', 1, 7912)] } as unknown as Plan;
    expect(agentTargetsFromPlan(plan).map(({ address, weight }) => ({ address, weight }))).toEqual([
      { address: 'box1:7911', weight: 2 },
      { address: 'box2:7912', weight: 1 },
    ]);
  });
});
