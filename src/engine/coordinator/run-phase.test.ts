import { describe, expect, it } from 'vitest';
import { InternalError } from '../../errors.js';
import { checkRunPhase, RUN_PHASE_TRANSITIONS, type RunPhase } from './run-phase.js';

describe('run phases', () => {
  it.each<[RunPhase, RunPhase]>([
    ['opening', 'ready'],
    ['ready', 'setup'],
    ['ready', 'loading'],
    ['setup', 'loading'],
    ['loading', 'stopping'],
    ['loading', 'done'],
    ['stopping', 'done'],
    ['opening', 'stopping'],
    ['setup', 'stopping'],
  ])('%s -> %s is allowed', (from, to) => {
    expect(checkRunPhase(from, to)).toBe(to);
  });

  it.each<[RunPhase, RunPhase]>([
    ['opening', 'loading'],
    ['opening', 'done'],
    ['setup', 'done'],
    ['loading', 'setup'],
    ['stopping', 'loading'],
    ['done', 'stopping'],
    ['loading', 'loading'],
  ])('%s -> %s is a bug', (from, to) => {
    expect(() => checkRunPhase(from, to)).toThrow(InternalError);
  });

  it('every phase but done leads on, and done is reachable from every phase', () => {
    const reaches = (from: RunPhase, seen = new Set<RunPhase>()): Set<RunPhase> => {
      for (const to of RUN_PHASE_TRANSITIONS[from]) if (!seen.has(to)) reaches(to, seen.add(to));
      return seen;
    };
    for (const p of Object.keys(RUN_PHASE_TRANSITIONS) as RunPhase[]) {
      if (p !== 'done') expect(reaches(p).has('done')).toBe(true);
    }
    expect(RUN_PHASE_TRANSITIONS.done).toEqual([]);
  });
});
