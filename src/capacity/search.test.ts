import { describe, expect, it } from 'vitest';
import { CapacitySearch, type LevelOutcome, type SearchOptions } from './search.js';

const base: SearchOptions = { start: 2, resolution: 0.05, growth: 2, confirmSeconds: 10, maxConfirmations: 2, maxLevels: 40 };

/** Drives a search against a server whose capacity is `cap` (a level passes when ≤ cap). */
function drive(opts: SearchOptions, outcome: (level: number, kind: string) => LevelOutcome) {
  const s = new CapacitySearch(opts);
  const trail: string[] = [];
  for (let step = s.nextStep(); step; step = s.nextStep()) {
    const o = outcome(step.level, step.kind);
    trail.push(`${step.kind}:${step.level}:${o.kind}`);
    s.record(o);
  }
  return { result: s.result(), trail };
}
const under =
  (cap: number, gate = 'p99(xmpp_msg_latency) < 200ms') =>
  (level: number): LevelOutcome =>
    level <= cap ? { kind: 'pass' } : { kind: 'fail', gate };

describe('CapacitySearch', () => {
  it.each([2, 10, 11.3, 100, 517])('brackets a capacity of %s within the resolution', (cap) => {
    const { result, trail } = drive(base, under(cap));
    expect(result.verdict).toBe('found');
    expect(result.highestPass!).toBeLessThanOrEqual(cap);
    expect(result.lowestFail!).toBeGreaterThan(cap);
    expect((result.lowestFail! - result.highestPass!) / result.highestPass!).toBeLessThanOrEqual(0.05);
    expect(trail[0]).toBe('start:2:pass');
    expect(trail.at(-1)).toMatch(/^confirm:.*:pass$/);
    expect(result.firstBrokenGate).toBe('p99(xmpp_msg_latency) < 200ms');
  });

  it('doubles from the start, then bisects', () => {
    const { trail } = drive({ ...base, confirmSeconds: 0 }, under(10));
    expect(trail.slice(0, 6)).toEqual([
      'start:2:pass',
      'expand:4:pass',
      'expand:8:pass',
      'expand:16:fail',
      'bisect:12:fail',
      'bisect:10:pass',
    ]);
  });

  it('stops at a failing start and says so', () => {
    const { result, trail } = drive(base, under(1, 'rate(errors) < 0.1%'));
    expect(trail).toEqual(['start:2:fail']);
    expect(result).toMatchObject({ verdict: 'start-failed', highestPass: null, lowestFail: 2, failGate: 'rate(errors) < 0.1%' });
  });

  it('stops with generator-limited, never a capacity figure', () => {
    const { result } = drive(base, (level) => (level >= 8 ? { kind: 'generator-limited', detail: 'loop busy 98%' } : { kind: 'pass' }));
    expect(result.verdict).toBe('generator-limited');
    expect(result.generatorLimitedAt).toBe(8);
  });

  it('a failed confirmation lowers the bound and searches on below it', () => {
    let confirms = 0;
    const { result, trail } = drive(base, (level, kind) => {
      if (kind === 'confirm' && confirms++ === 0) return { kind: 'fail', gate: 'achieved rate' };
      return under(10)(level);
    });
    expect(trail.filter((t) => t.startsWith('confirm')).length).toBe(2);
    expect(result.verdict).toBe('found');
    expect(result.highestPass!).toBeLessThan(9.875);
    expect(result.firstBrokenGate).toBe('p99(xmpp_msg_latency) < 200ms');
  });

  it('gives up after maxConfirmations failed confirmations', () => {
    const { result } = drive({ ...base, maxConfirmations: 1 }, (level, kind) =>
      kind === 'confirm' ? { kind: 'fail', gate: 'lost messages' } : under(10)(level),
    );
    expect(result.verdict).toBe('unconfirmed');
  });

  it('ends at maxLevel when it still passes there', () => {
    const { result, trail } = drive({ ...base, maxLevel: 20 }, () => ({ kind: 'pass' }));
    expect(trail).toEqual(['start:2:pass', 'expand:4:pass', 'expand:8:pass', 'expand:16:pass', 'expand:20:pass']);
    expect(result).toMatchObject({ verdict: 'max-level', highestPass: 20, lowestFail: null });
  });

  it('ends at the level budget', () => {
    const { result } = drive({ ...base, maxLevels: 3 }, () => ({ kind: 'pass' }));
    expect(result).toMatchObject({ verdict: 'level-budget', highestPass: 8, levels: 3 });
  });

  it('integer levels (users) stop when the bounds are adjacent', () => {
    const { result } = drive({ ...base, start: 10, integer: true, resolution: 0.001 }, under(37));
    expect(result).toMatchObject({ verdict: 'found', highestPass: 37, lowestFail: 38 });
  });

  it('interrupt keeps what was found so far', () => {
    const s = new CapacitySearch(base);
    s.nextStep();
    s.record({ kind: 'pass' });
    s.nextStep();
    s.record({ kind: 'pass' });
    s.nextStep();
    s.interrupt();
    expect(s.nextStep()).toBeUndefined();
    expect(s.result()).toMatchObject({ verdict: 'interrupted', highestPass: 4, lowestFail: null });
  });

  it('with trials, holds each expand and bisect level that many times; the start and the confirmation once', () => {
    const { result, trail } = drive({ ...base, trials: 3, confirmSeconds: 10 }, under(10));
    expect(trail.slice(0, 6)).toEqual([
      'start:2:pass',
      'expand:4:pass',
      'expand:4:pass',
      'expand:4:pass',
      'expand:8:pass',
      'expand:8:pass',
    ]);
    expect(trail.filter((t) => t.startsWith('confirm'))).toHaveLength(1);
    expect(result.verdict).toBe('found');
    expect(result.highestPass!).toBeLessThanOrEqual(10);
    expect(result.lowestFail!).toBeGreaterThan(10);
  });

  it('with trials, one failing hold fails the level at once, the passes before it void', () => {
    // A bistable server: 12 passes its first two holds and collapses on the third.
    const holds = new Map<number, number>();
    const { result, trail } = drive({ ...base, start: 4, trials: 3, confirmSeconds: 0 }, (level) => {
      const n = (holds.get(level) ?? 0) + 1;
      holds.set(level, n);
      if (level === 12) return n === 3 ? { kind: 'fail', gate: 'steady' } : { kind: 'pass' };
      return under(13)(level);
    });
    expect(trail.filter((t) => t.startsWith('bisect:12:'))).toEqual(['bisect:12:pass', 'bisect:12:pass', 'bisect:12:fail']);
    expect(result.highestPass!).toBeLessThan(12);
    expect(result.lowestFail).toBe(12);
    expect(result.failGate).toBe('steady');
  });

  it('with trials, the level budget counts levels decided, not holds', () => {
    const { result, trail } = drive({ ...base, trials: 2, maxLevels: 3 }, () => ({ kind: 'pass' }));
    expect(trail).toEqual(['start:2:pass', 'expand:4:pass', 'expand:4:pass', 'expand:8:pass', 'expand:8:pass']);
    expect(result).toMatchObject({ verdict: 'level-budget', highestPass: 8, levels: 3 });
  });

  it('numbers the holds of a level', () => {
    const s = new CapacitySearch({ ...base, trials: 2 });
    expect(s.nextStep()).toEqual({ level: 2, kind: 'start' });
    s.record({ kind: 'pass' });
    expect(s.nextStep()).toEqual({ level: 4, kind: 'expand', trial: { n: 1, of: 2 } });
    s.record({ kind: 'pass' });
    expect(s.nextStep()).toEqual({ level: 4, kind: 'expand', trial: { n: 2, of: 2 } });
    s.record({ kind: 'pass' });
    expect(s.nextStep()).toEqual({ level: 8, kind: 'expand', trial: { n: 1, of: 2 } });
    s.interrupt();
    expect(s.result()).toMatchObject({ verdict: 'interrupted', highestPass: 4 });
  });

  it('refuses a resolution ≤ 0 and a start ≤ 0', () => {
    expect(() => new CapacitySearch({ ...base, resolution: 0 })).toThrow(/resolution/);
    expect(() => new CapacitySearch({ ...base, start: -1 })).toThrow(/start/);
    expect(() => new CapacitySearch({ ...base, trials: 0 })).toThrow(/trials/);
    expect(() => new CapacitySearch({ ...base, trials: 1.5 })).toThrow(/trials/);
  });
});
