import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { LoopDelaySampler } from './loop-delay.js';
import { METRIC } from './metric-names.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Keeps the loop busy for `ms`: what a long GC pause or a burst of work looks like to a timer. */
function block(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

function collector() {
  const samples = new Map<string, number[]>();
  const record = (m: string, ms: number) => {
    const list = samples.get(m) ?? [];
    list.push(ms);
    samples.set(m, list);
  };
  return { samples, record };
}

describe('LoopDelaySampler', () => {
  it('records how late its timer ran: a blocked loop shows up as one late tick', async () => {
    const { samples, record } = collector();
    // A fixed 10 ms tick (no idle back-off): the block below starts at a known phase.
    const s = new LoopDelaySampler(record, 10, 10);
    s.start();
    await sleep(35);
    block(60);
    await sleep(25);
    s.stop();
    const lags = samples.get(METRIC.loopDelay) ?? [];
    expect(lags.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...lags)).toBeGreaterThanOrEqual(45);
    expect(lags.every((x) => x >= 0)).toBe(true);
  });

  it('stop() ends the sampling', async () => {
    const { samples, record } = collector();
    const s = new LoopDelaySampler(record, 5);
    s.start();
    await sleep(20);
    s.stop();
    const n = samples.get(METRIC.loopDelay)?.length ?? 0;
    await sleep(30);
    expect(samples.get(METRIC.loopDelay)?.length ?? 0).toBe(n);
  });

  it('counts the busy ms of the loop since the last call', async () => {
    const s = new LoopDelaySampler(() => {}, 10);
    s.start();
    block(50);
    const busy = s.takeBusyMs();
    expect(busy).toBeGreaterThanOrEqual(45);
    // Asleep, the loop waits in epoll: less busy than the 50 ms just spent blocking, with
    // room for the timer's own callbacks on a machine whose cores other tests share.
    await sleep(40);
    expect(s.takeBusyMs()).toBeLessThan(busy);
    s.stop();
  });

  it('backs off to its idle tick while the loop sleeps, and returns to the full rate once it works', async () => {
    const { samples, record } = collector();
    const s = new LoopDelaySampler(record, 10, 80);
    s.start();
    // Asleep: 10, 20, 40, 80, 80, ... ms; ~7 ticks in 400 ms instead of ~40 at a fixed 10 ms.
    await sleep(400);
    const asleep = samples.get(METRIC.loopDelay)?.length ?? 0;
    expect(asleep).toBeGreaterThanOrEqual(4);
    // Room for a few ticks preempted past the idle allowance on a loaded machine.
    expect(asleep).toBeLessThan(30);
    expect(s.currentPeriodMs).toBeGreaterThan(10);
    // Working: a loop busy most of the time is sampled at the base rate again, and the tick
    // that was late because of the work records the lag.
    const end = performance.now() + 200;
    while (performance.now() < end) {
      block(8);
      await sleep(1);
    }
    expect(s.currentPeriodMs).toBe(10);
    expect(Math.max(...(samples.get(METRIC.loopDelay) ?? []))).toBeGreaterThanOrEqual(3);
    s.stop();
  });

  it('records GC pauses of its isolate', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { samples, record } = collector();
    const s = new LoopDelaySampler(record, 10);
    s.start();
    gc();
    await sleep(30);
    s.stop();
    const pauses = samples.get(METRIC.gcPause) ?? [];
    expect(pauses.length).toBeGreaterThanOrEqual(1);
    expect(pauses.every((x) => x >= 0)).toBe(true);
  });
});
