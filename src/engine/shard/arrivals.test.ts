import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Plan, SessionSpec } from '../../scenario/plan.js';
import { segmentOf } from '../segment.js';
import { ArrivalScheduler, type ArrivalSink } from './arrivals.js';
import { createRng } from './rng.js';
import { TimerHeap } from './timer-heap.js';

const pos = { line: 1, col: 1 };
const session = (name: string, probability: number): SessionSpec => ({
  name,
  probability,
  type: 'ts_jabber',
  bidi: false,
  persistent: false,
  ops: [],
  pos,
});

function plan(
  phases: Plan['load']['phases'],
  sessions = [session('a', 100)],
  loop = 0,
  staticUsers: Plan['load']['staticUsers'] = [],
): Plan {
  return { load: { phases, loop, staticUsers }, sessions } as unknown as Plan;
}

function collect(p: Plan, shards: number, runMs: number) {
  const t0 = Date.now();
  const spawned: { shard: number; session: string; at: number }[] = [];
  let done = 0;
  for (let i = 0; i < shards; i++) {
    const timers = new TimerHeap(() => Date.now());
    const sink: ArrivalSink = {
      spawn: (s, at) => spawned.push({ shard: i, session: s.name, at: at - t0 }),
      arrivalsDone: () => void done++,
      phaseStarted: () => {},
    };
    new ArrivalScheduler(p, segmentOf(i, shards), createRng(1000 + i), timers, sink).start(t0, Infinity);
  }
  vi.advanceTimersByTime(runMs);
  return { spawned, done };
}

describe('ArrivalScheduler', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('produces Poisson arrivals at the phase rate, split over shards, inside the phase', () => {
    const ph = { phase: 1, durationMs: 100_000, arrivalRate: 20, waitAllSessionsEnd: false, pos };
    const { spawned, done } = collect(plan([ph]), 3, 101_000);
    // 2,000 expected; Poisson sd ~45.
    expect(spawned.length).toBeGreaterThan(1850);
    expect(spawned.length).toBeLessThan(2150);
    expect(new Set(spawned.map((s) => s.shard)).size).toBe(3);
    expect(Math.max(...spawned.map((s) => s.at))).toBeLessThan(100_000);
    expect(done).toBe(3);
  });

  it('caps each phase at maxnumber exactly across shards and runs phases in order', () => {
    const phases = [
      { phase: 1, durationMs: 10_000, arrivalRate: 100, maxNumber: 10, waitAllSessionsEnd: false, pos },
      { phase: 2, durationMs: 10_000, arrivalRate: 100, maxNumber: 7, waitAllSessionsEnd: false, pos },
    ];
    const { spawned } = collect(plan(phases), 3, 21_000);
    expect(spawned.filter((s) => s.at < 10_000)).toHaveLength(10);
    expect(spawned.filter((s) => s.at >= 10_000)).toHaveLength(7);
  });

  it('replays phases `loop` more times and starts static users at their time', () => {
    const ph = { phase: 1, durationMs: 1_000, arrivalRate: 1000, maxNumber: 5, waitAllSessionsEnd: false, pos };
    const statics = [
      { session: 'b', startMs: 500, pos },
      { session: 'b', startMs: 2500, pos },
    ];
    const { spawned } = collect(plan([ph], [session('a', 100), session('b', 0)], 2, statics), 2, 4_000);
    expect(spawned.filter((s) => s.session === 'a')).toHaveLength(15);
    expect(
      spawned
        .filter((s) => s.session === 'b')
        .map((s) => s.at)
        .sort((x, y) => x - y),
    ).toEqual([500, 2500]);
  });

  it('picks sessions by probability', () => {
    const ph = { phase: 1, durationMs: 100_000, arrivalRate: 50, waitAllSessionsEnd: false, pos };
    const { spawned } = collect(plan([ph], [session('a', 80), session('b', 20)]), 2, 100_000);
    const share = spawned.filter((s) => s.session === 'b').length / spawned.length;
    expect(share).toBeGreaterThan(0.17);
    expect(share).toBeLessThan(0.23);
  });
});
