import { describe, expect, it } from 'vitest';
import { ClockFilter, WINDOW_MS } from './clock.js';

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
    expect(e.driftMsPerMin).toBeUndefined();
  });

  it('bounds the error by half the round trip', () => {
    const f = new ClockFilter();
    f.add(0, 1 + 42, 10); // true offset 42, delays 1 and 9
    const e = f.estimate()!;
    expect(Math.abs(e.offsetMs - 42)).toBeLessThanOrEqual(e.uncertaintyMs);
  });

  it('forgets samples older than the window, so the estimate follows a moving clock', () => {
    const f = new ClockFilter();
    f.add(0, 100 + 0.1, 0.2); // very good sample: offset 100
    // The clock moves to 103 ms; worse round trips, but newer.
    for (let t = 1000; t <= WINDOW_MS + 2000; t += 1000) f.add(t, t + 1 + 103, t + 2);
    const e = f.estimate()!;
    expect(e.offsetMs).toBeCloseTo(103, 9);
    expect(e.uncertaintyMs).toBeCloseTo(1, 9);
    expect(e.samples).toBe(19);
  });

  it('measures drift as the slope of the best samples, ignoring queueing noise', () => {
    const f = new ClockFilter();
    // 60 s of pings, one a second; the agent's clock gains 6 ms per minute (100 ppm).
    // Every third ping is delayed 20 ms on the way back (asymmetric queueing).
    for (let i = 0; i <= 60; i++) {
      const t0 = 1_000_000 + i * 1000;
      const back = i % 3 === 0 ? 20 : 0.2;
      const t1 = t0 + 0.2 + 250 + (i * 6) / 60;
      f.add(t0, t1, t0 + 0.2 + back);
    }
    const e = f.estimate()!;
    expect(e.driftMsPerMin).toBeCloseTo(6, 1);
    expect(e.offsetMs).toBeGreaterThan(255);
    expect(e.offsetMs).toBeLessThanOrEqual(256.1);
  });
});

describe('ClockFilter after a clock step', () => {
  it('follows a step at the next probe: samples that contradict it are dropped', () => {
    const f = new ClockFilter();
    for (let t = 0; t < 5000; t += 1000) f.add(t, t + 0.1 + 40, t + 0.2); // offset 40 ± 0.1
    f.add(5000, 5000 + 1 + 3040, 5000 + 2); // the agent's clock jumped 3 s; worse round trip
    const e = f.estimate()!;
    expect(e.offsetMs).toBeCloseTo(3040, 9);
    expect(e.uncertaintyMs).toBeCloseTo(1, 9);
  });
});
