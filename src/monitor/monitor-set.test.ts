import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MonitorUnreachableError } from './errors.js';
import { MonitorSet } from './monitor-set.js';
import type { Monitor, MonitorSample } from './types.js';

/** A scripted Monitor: each sample() takes the next step (a value, an error, or a hang). */
class Scripted implements Monitor {
  readonly label = 'scripted';
  closed = 0;
  constructor(
    readonly id: string,
    private readonly steps: (MonitorSample | Error | 'hang')[],
    private readonly openError?: Error,
  ) {}
  async open(): Promise<void> {
    if (this.openError) throw this.openError;
  }
  sample(): Promise<MonitorSample> {
    const step = this.steps.shift() ?? new Error('no more steps');
    if (step === 'hang') return new Promise(() => {});
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
  }
  async close(): Promise<void> {
    this.closed += 1;
  }
}

describe('MonitorSet', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gaps are null, reported once, and recovery is reported once', async () => {
    expect.assertions(3);
    const events: string[] = [];
    const set = new MonitorSet([new Scripted('a', [{ x: 1 }, new Error('refused'), new Error('refused'), { x: 4 }])], {
      events: { onGap: (id, why) => events.push(`gap ${id}: ${why}`), onRecover: (id) => events.push(`recover ${id}`) },
    });
    await set.open();
    const values = [];
    for (let i = 0; i < 4; i++) values.push((await set.sample()).monitors.a ?? null);
    expect(values).toEqual([{ x: 1 }, null, null, { x: 4 }]);
    expect(events).toEqual(['gap a: refused', 'recover a']);
    expect(set.ids).toEqual(['a']);
  });

  it("a slow monitor costs its own gap, not the others' readings, and is not started twice", async () => {
    expect.assertions(3);
    const slow = new Scripted('slow', ['hang', { x: 9 }]);
    const spy = vi.spyOn(slow, 'sample');
    const set = new MonitorSet([slow, new Scripted('fast', [{ y: 1 }, { y: 2 }])], { sampleTimeoutMs: 500 });
    const first = set.sample();
    await vi.advanceTimersByTimeAsync(500);
    expect(await first).toMatchObject({ monitors: { slow: null, fast: { y: 1 } } });
    // The hung reading is still running: the next interval does not start another.
    expect(await set.sample()).toMatchObject({ monitors: { slow: null, fast: { y: 2 } } });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('open throws the first failure and closes the rest; optional drops the failed ones', async () => {
    expect.assertions(4);
    const ok = new Scripted('ok', [{ z: 1 }]);
    const down = new MonitorUnreachableError('down', 'scripted', 'refused');
    await expect(new MonitorSet([ok, new Scripted('down', [], down)]).open()).rejects.toBe(down);
    expect(ok.closed).toBe(1);
    const set = new MonitorSet([new Scripted('ok', [{ z: 1 }]), new Scripted('down', [], down)]);
    expect(await set.open({ optional: true })).toEqual([{ id: 'down', error: down }]);
    expect((await set.sample()).monitors).toEqual({ ok: { z: 1 } });
  });
});
