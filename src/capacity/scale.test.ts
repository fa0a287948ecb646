import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { compileScenario } from '../scenario/index.js';
import type { Op, Plan } from '../scenario/plan.js';
import { baseLevel, checkAxis, scalePlan, UnscalableAxisError, type Axis } from './scale.js';

function chatPlan(): Plan {
  const r = compileScenario(resolve(import.meta.dirname, '../../scenarios/chat.xml'));
  if (!r.ok) throw new Error('scenarios/chat.xml does not compile');
  return r.plan;
}
function thinktimes(ops: readonly Op[]): number[] {
  return ops.flatMap((o) =>
    o.kind === 'thinktime' && typeof o.value === 'number' ? [o.value] : 'ops' in o && Array.isArray(o.ops) ? thinktimes(o.ops) : [],
  );
}

describe('scalePlan', () => {
  const plan = chatPlan();
  it.each<[Axis, number, (p: Plan) => unknown, unknown]>([
    ['arrival-rate', 5, (p) => p.load.phases.map((x) => [x.arrivalRate, x.durationMs, x.maxNumber]), [[5, 10_000, undefined]]],
    ['arrival-rate', 40, (p) => p.load.phases[0]!.arrivalRate, 40],
    ['users', 50, (p) => p.load.phases.map((x) => [x.maxNumber, x.arrivalRate, x.durationMs]), [[50, 20, 10_000]]],
    ['message-rate', 2, (p) => thinktimes(p.sessions[0]!.ops), thinktimes(plan.sessions[0]!.ops).map((t) => t / 2)],
    ['message-rate', 0.5, (p) => p.load.phases[0]!.arrivalRate, 20],
  ])('%s at %s', (axis, level, read, want) => {
    const scaled = scalePlan(plan, axis, level, 10_000);
    expect(read(scaled)).toEqual(want);
    expect(scaled.load.durationMs).toBe(axis === 'users' ? 10_000 : undefined);
  });

  it('leaves the source plan alone', () => {
    const before = JSON.stringify(plan);
    scalePlan(plan, 'message-rate', 3, 5000);
    scalePlan(plan, 'arrival-rate', 3, 5000);
    expect(JSON.stringify(plan)).toBe(before);
  });

  it("keeps the phases' shape when stretching them to the step", () => {
    const two = structuredClone(plan);
    two.load.phases = [
      { ...plan.load.phases[0]!, durationMs: 1000, arrivalRate: 10 },
      { ...plan.load.phases[0]!, phase: 2, durationMs: 3000, arrivalRate: 20 },
    ];
    const s = scalePlan(two, 'arrival-rate', 4, 8000);
    expect(s.load.phases.map((p) => [p.arrivalRate, p.durationMs])).toEqual([
      [2, 2000],
      [4, 6000],
    ]);
  });

  it('base levels', () => {
    expect(baseLevel(plan, 'arrival-rate')).toBe(20);
    expect(baseLevel(plan, 'users')).toBe(100);
    expect(baseLevel(plan, 'message-rate')).toBe(1);
  });

  it('refuses an axis the scenario cannot scale', () => {
    const noPhase = structuredClone(plan);
    noPhase.load.phases = [];
    expect(() => checkAxis(noPhase, 'arrival-rate')).toThrow(UnscalableAxisError);
    const noChat = structuredClone(plan);
    noChat.sessions = noChat.sessions.map((s) => ({ ...s, ops: s.ops.filter((o) => o.kind !== 'for') }));
    expect(() => checkAxis(noChat, 'message-rate')).toThrow(/no chat messages/);
    expect(() => checkAxis(plan, 'message-rate')).not.toThrow();
  });
});
