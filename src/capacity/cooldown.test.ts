import { describe, expect, it } from 'vitest';
import { Cooldown, measureIdle, settleLimit, unsettledLine, type CooldownClock, type CpuReading } from './cooldown.js';

/** A clock that only moves when the code under test sleeps. */
function fakeClock(): CooldownClock & { t: number } {
  const c = {
    t: 0,
    now: () => c.t,
    sleep: (ms: number) => {
      c.t += ms;
      return Promise.resolve();
    },
  };
  return c;
}

/** Monitors whose CPU follows the fake clock: `cpuAt(t)` per id. */
function reader(clock: { t: number }, cpuAt: Record<string, (t: number) => number | null>): () => Promise<CpuReading> {
  return () => Promise.resolve(Object.fromEntries(Object.entries(cpuAt).map(([id, f]) => [id, f(clock.t)])));
}

describe('settleLimit', () => {
  it.each([
    [0, 5],
    [2, 7],
    [10, 15],
    [30, 45],
  ])('idle %s%% → under %s%%', (idle, limit) => expect(settleLimit(idle)).toBe(limit));
});

describe('measureIdle', () => {
  it('the median of three polls per monitor; a monitor that never answers is left out', async () => {
    const clock = fakeClock();
    const values = [4, 1, 2];
    let i = 0;
    const idle = await measureIdle(() => Promise.resolve({ ejabberd: values[i++]!, gone: null }), clock, 3, 1000);
    expect(idle).toEqual({ ejabberd: 2 });
    expect(clock.t).toBe(3000);
  });
});

describe('Cooldown', () => {
  it('without monitors: the fixed wait, settled', async () => {
    const clock = fakeClock();
    const r = await new Cooldown({ minMs: 5000, maxMs: 60_000, clock }).wait();
    expect(r).toEqual({ waited_s: 5, settled: true, timed_out: false, cpu: null });
    expect(clock.t).toBe(5000);
  });

  it('waits past the minimum until every CPU is under its limit', async () => {
    const clock = fakeClock();
    // The server burns 80% for 7.5 s after the level, then idles at 3%.
    const read = reader(clock, { ejabberd: (t) => (t < 7500 ? 80 : 3), host: () => 10 });
    const c = new Cooldown({ minMs: 2000, maxMs: 60_000, pollMs: 1000, clock, monitors: { read, idle: { ejabberd: 2, host: 8 } } });
    expect(c.watchesCpu).toBe(true);
    const r = await c.wait();
    expect(r).toEqual({
      waited_s: 8,
      settled: true,
      timed_out: false,
      cpu: { ejabberd: { idle: 2, limit: 7, last: 3 }, host: { idle: 8, limit: 13, last: 10 } },
    });
  });

  it('a server already idle still gets the minimum wait', async () => {
    const clock = fakeClock();
    const read = reader(clock, { ejabberd: () => 1 });
    const r = await new Cooldown({ minMs: 3000, maxMs: 60_000, pollMs: 1000, clock, monitors: { read, idle: { ejabberd: 1 } } }).wait();
    expect(r.waited_s).toBe(3);
    expect(r.settled).toBe(true);
  });

  it('times out at the maximum, saying which CPU stayed busy; a gap never counts as settled', async () => {
    const clock = fakeClock();
    const read = reader(clock, { ejabberd: () => 40, snmp: () => null });
    const r = await new Cooldown({
      minMs: 1000,
      maxMs: 4500,
      pollMs: 1000,
      clock,
      monitors: { read, idle: { ejabberd: 2, snmp: 1 } },
    }).wait();
    expect(r).toMatchObject({ waited_s: 4.5, settled: false, timed_out: true });
    expect(clock.t).toBe(4500);
    expect(unsettledLine('8 users/s', r)).toBe(
      'warning: capacity: the server did not settle after 8 users/s within 4.5 s: ejabberd cpu 40% (idle 2%, limit 7%), snmp cpu no reading (idle 1%, limit 6%); the next level starts anyway (--cooldown-max-seconds)',
    );
  });

  it('a maximum below the minimum is the minimum', async () => {
    const clock = fakeClock();
    const read = reader(clock, { ejabberd: () => 90 });
    const r = await new Cooldown({ minMs: 3000, maxMs: 1000, pollMs: 1000, clock, monitors: { read, idle: { ejabberd: 2 } } }).wait();
    expect(r).toMatchObject({ waited_s: 3, timed_out: true });
  });

  it('Ctrl-C ends the wait, not settled, not timed out', async () => {
    const clock = fakeClock();
    const read = reader(clock, { ejabberd: () => 90 });
    const c = new Cooldown({
      minMs: 1000,
      maxMs: 60_000,
      pollMs: 1000,
      clock,
      monitors: { read, idle: { ejabberd: 2 } },
      interrupted: () => clock.t >= 2000,
    });
    expect(await c.wait()).toMatchObject({ waited_s: 2, settled: false, timed_out: false });
  });

  it('monitors without an idle cpu reading: the fixed wait', async () => {
    const clock = fakeClock();
    const c = new Cooldown({ minMs: 2000, maxMs: 60_000, clock, monitors: { read: () => Promise.resolve({}), idle: {} } });
    expect(c.watchesCpu).toBe(false);
    expect(await c.wait()).toMatchObject({ waited_s: 2, settled: true, cpu: null });
  });
});
