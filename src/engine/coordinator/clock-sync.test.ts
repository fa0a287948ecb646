import { describe, expect, it } from 'vitest';
import type { ToShard } from '../protocol.js';
import { ClockSync } from './clock-sync.js';

describe('ClockSync', () => {
  it('sends nothing before init-node, then every estimate that moved', () => {
    const sent: ToShard[] = [];
    const c = new ClockSync('10.0.0.5:7911', (m) => sent.push(m));
    c.add(0, 50 + 0.5, 1);
    expect(sent).toEqual([]);
    c.started(50);
    c.add(1000, 1000 + 50 + 0.5, 1001); // same estimate: nothing to say
    expect(sent).toEqual([]);
    c.add(2000, 2000 + 52 + 0.2, 2000.4); // better round trip, offset 52
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'clock' });
    expect((sent[0] as { offsetMs: number }).offsetMs).toBeCloseTo(52, 6);
  });

  it('warns once, naming the agent, when the offset goes beyond --max-clock-offset mid-run', () => {
    const lines: string[] = [];
    const c = new ClockSync('10.0.0.5:7911', () => undefined);
    c.watch({ maxOffsetMs: 1000, log: (l) => lines.push(l) });
    c.started(0);
    c.add(0, 0.5, 1);
    expect(lines).toEqual([]);
    // The box's clock jumps by 3 s; the old sample leaves the window.
    for (let t = 20_000; t < 23_000; t += 1000) c.add(t, t + 3000 + 0.5, t + 1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/agent 10\.0\.0\.5:7911: clock moved to 3000\.0 ms .*--max-clock-offset 1000 ms/);
    expect(c.estimate!.offsetMs).toBeCloseTo(3000, 9);
  });

  it('keeps the worst uncertainty in force during the run, for the run-wide bound', () => {
    const c = new ClockSync('10.0.0.5:7911', () => undefined);
    c.add(0, 0.1, 0.2); // before the run: not counted
    c.started(0);
    c.add(30_000, 30_000 + 5 + 2, 30_000 + 10); // a congested stretch: ± 5 ms
    c.add(31_000, 31_000 + 2 + 0.1, 31_000 + 0.2);
    const e = c.estimate!;
    expect(e.uncertaintyMs).toBeCloseTo(0.1, 9);
    expect(e.worstUncertaintyMs).toBeCloseTo(5, 9);
  });
});
