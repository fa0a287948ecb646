import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TimerHeap } from './timer-heap.js';

describe('TimerHeap', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires targets in due order from one timer', () => {
    const heap = new TimerHeap(() => Date.now());
    const fired: number[] = [];
    const t0 = Date.now();
    for (const d of [50, 10, 30, 20, 40, 10]) {
      heap.schedule(t0 + d, { onTimer: (_tok, due) => fired.push(due - t0) });
    }
    vi.advanceTimersByTime(25);
    expect(fired).toEqual([10, 10, 20]);
    vi.advanceTimersByTime(100);
    expect(fired).toEqual([10, 10, 20, 30, 40, 50]);
    expect(heap.size).toBe(0);
  });

  it('re-arms for an earlier timer scheduled later', () => {
    const heap = new TimerHeap(() => Date.now());
    const fired: string[] = [];
    const t0 = Date.now();
    heap.schedule(t0 + 100, { onTimer: () => fired.push('late') });
    heap.schedule(t0 + 5, { onTimer: () => fired.push('early') });
    vi.advanceTimersByTime(6);
    expect(fired).toEqual(['early']);
  });

  it('keeps heap order, tokens and targets together through growth and interleaved pops', () => {
    const heap = new TimerHeap(() => Date.now());
    const t0 = Date.now();
    const fired: { token: number; due: number; tag: number }[] = [];
    const want = new Map<number, { due: number; tag: number }>();
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 700; i++) {
        const due = t0 + round * 1000 + 1 + Math.floor(rnd() * 900);
        const tag = round * 1000 + i;
        const token = heap.schedule(due, { onTimer: (tok, d) => fired.push({ token: tok, due: d, tag }) });
        want.set(token, { due, tag });
      }
      vi.advanceTimersByTime(500);
    }
    vi.advanceTimersByTime(5000);
    expect(heap.size).toBe(0);
    expect(fired).toHaveLength(2100);
    for (let i = 0; i < fired.length; i++) {
      const f = fired[i]!;
      expect(want.get(f.token)).toEqual({ due: f.due, tag: f.tag });
      if (i > 0) expect(f.due).toBeGreaterThanOrEqual(fired[i - 1]!.due - 0.5);
    }
  });
});
