import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { compileScenario } from '../scenario/index.js';
import type { MonitorSpec, Plan } from '../scenario/plan.js';
import { openCooldownMonitors } from './cooldown-monitors.js';
import type { CooldownClock } from './cooldown.js';

function planWith(monitors: MonitorSpec[]): Plan {
  const r = compileScenario(resolve(import.meta.dirname, '../../scenarios/chat.xml'));
  if (!r.ok) throw new Error('scenarios/chat.xml does not compile');
  return { ...r.plan, monitors };
}

/** Sleeps a few real ms (the process monitor's CPU rate needs time to pass), not seconds. */
const quick: CooldownClock = { now: () => Date.now(), sleep: () => new Promise((r) => setTimeout(r, 20)) };
const pos = { line: 1, col: 1 };

describe('openCooldownMonitors', () => {
  it('no <monitoring>: null, nothing opened', async () => {
    const lines: string[] = [];
    expect(await openCooldownMonitors(planWith([]), (l) => lines.push(l), quick)).toBeNull();
    expect(lines).toEqual([]);
  });

  it("a process monitor (this test's own pid): its idle cpu, said in one line, and readings after", async () => {
    const lines: string[] = [];
    const m = await openCooldownMonitors(
      planWith([{ type: 'process', id: 'self', host: 'localhost', pid: process.pid, pos }]),
      (l) => lines.push(l),
      quick,
    );
    try {
      expect(m).not.toBeNull();
      expect(Object.keys(m!.idle)).toEqual(['self']);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^capacity: idle cpu self [\d.]+% \(settled under [\d.]+%\)$/);
      const r = await m!.read();
      expect(typeof r['self']).toBe('number');
    } finally {
      await m?.close();
    }
  });

  it('an unreachable monitor is left out with a warning; none left: the fixed wait', async () => {
    const lines: string[] = [];
    const m = await openCooldownMonitors(
      planWith([{ type: 'process', id: 'gone', host: 'localhost', pid: 2 ** 22 + 12345, pos }]),
      (l) => lines.push(l),
      quick,
    );
    expect(m).toBeNull();
    expect(lines[0]).toMatch(/^warning: capacity cooldown: monitor left out: /);
    expect(lines[1]).toBe('warning: capacity cooldown: no monitor gave a cpu reading; the cooldown is the fixed --cooldown-seconds');
  });
});
