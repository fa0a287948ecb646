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
});
