import { describe, expect, it } from 'vitest';
import { SLEW_MS_PER_S, ShardClock, STEP_OVER_MS } from './shard-clock.js';
import { anchoredNow, processAnchor } from './wall-clock.js';

function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('ShardClock', () => {
  it('runs on the process anchor minus the offset', () => {
    const c = new ShardClock(250, processAnchor());
    expect(Math.abs(c.now() + 250 - anchoredNow())).toBeLessThan(1);
    expect(Math.abs(anchoredNow() - Date.now())).toBeLessThan(2);
  });

  it('slews a small correction: monotonic, at SLEW_MS_PER_S, then settles on the target', () => {
    const c = new ShardClock(0);
    const p0 = performance.now();
    expect(c.setOffset(5)).toBe('slew');
    let last = c.now();
    for (let i = 0; i < 2000; i++) {
      const t = c.now();
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
    }
    spin(20);
    const moved = c.offsetMs;
    const elapsed = performance.now() - p0;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThanOrEqual((elapsed * SLEW_MS_PER_S) / 1000 + 0.01);
    // A correction back the other way slews from where the slew had got to.
    expect(c.setOffset(0)).toBe('slew');
    const back = c.offsetMs;
    expect(back).toBeLessThan(1);
    spin(5);
    expect(c.offsetMs).toBeLessThan(back);
    spin(Math.ceil((back * 1000) / SLEW_MS_PER_S) + 5);
    expect(c.offsetMs).toBe(0);
  });

  it('steps a correction larger than STEP_OVER_MS', () => {
    const c = new ShardClock(0);
    const before = c.now();
    expect(c.setOffset(STEP_OVER_MS + 3000)).toBe('step');
    expect(c.offsetMs).toBe(STEP_OVER_MS + 3000);
    expect(before - c.now()).toBeGreaterThan(3000);
    expect(c.setOffset(STEP_OVER_MS + 3000)).toBe('same');
  });
});
