import { describe, expect, it } from 'vitest';
import { ClockFilter } from './clock.js';

describe('ClockFilter', () => {
  it('keeps the sample with the shortest round trip (NTP-style)', () => {
    const f = new ClockFilter();
    expect(f.estimate()).toBeNull();
    // Agent clock 500 ms ahead; one-way delays 1 ms / 9 ms (asymmetric), then 0.5 / 0.5.
    f.add(1000, 1000 + 1 + 500, 1000 + 10);
    f.add(2000, 2000 + 0.5 + 500, 2000 + 1);
    f.add(3000, 0, 2999); // negative round trip: ignored
    const e = f.estimate()!;
    expect(e.offsetMs).toBeCloseTo(500, 9);
    expect(e.uncertaintyMs).toBeCloseTo(0.5, 9);
    expect(e.samples).toBe(2);
  });

  it('bounds the error by half the round trip', () => {
    const f = new ClockFilter();
    f.add(0, 1 + 42, 10); // true offset 42, delays 1 and 9
    const e = f.estimate()!;
    expect(Math.abs(e.offsetMs - 42)).toBeLessThanOrEqual(e.uncertaintyMs);
  });
});
