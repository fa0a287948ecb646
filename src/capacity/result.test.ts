import { describe, expect, it } from 'vitest';
import type { CapacitySearchRecord } from '../report/capacity-types.js';
import { capacitySummary, renderCapacity, type CapacityHead } from './result.js';

const head: CapacityHead = {
  axis: 'arrival-rate',
  unit: 'users/s',
  slos: ['p99(xmpp_msg_latency) < 200ms'],
  options: { start: 2, resolution: 0.05, growth: 2, step_s: 10, confirm_s: 10, cooldown_s: 2, repeat: 1 },
};
const search = (high: number | null, verdict: CapacitySearchRecord['verdict'] = 'found'): CapacitySearchRecord => ({
  verdict,
  highest_pass: high,
  lowest_fail: high === null ? 2 : high + 0.5,
  fail_gate: 'p99(xmpp_msg_latency) < 200ms',
  first_broken_gate: 'p99(xmpp_msg_latency) < 200ms',
  generator_limited_at: null,
  duration_s: 60,
  levels: [
    {
      index: 0,
      level: 2,
      kind: 'start',
      hold_s: 10,
      outcome: 'pass',
      gate: null,
      gates: [],
      achieved: { users_per_s: 2.1, messages_per_s: 8, max_users_active: 6 },
      latency_ms: { p50: 1.2, p99: 3.4, mean: 1.5 },
      errors: 0,
      messages: { sent: 80, delivered: 80, lost: 0 },
      dir: 'levels/01-2',
    },
  ],
});

describe('capacitySummary', () => {
  it('one search speaks for itself', () => {
    const c = capacitySummary(head, [search(9.5)]);
    expect(c).toMatchObject({ verdict: 'found', highest_pass: 9.5, lowest_fail: 10 });
    expect(c.repeat).toBeUndefined();
  });
  it('repeats report median and spread', () => {
    const c = capacitySummary({ ...head, options: { ...head.options, repeat: 3 } }, [search(8), search(10), search(9)]);
    expect(c.repeat).toEqual({ found: [8, 10, 9], median: 9, min: 8, max: 10, spread: 0.2222 });
    expect(c.highest_pass).toBe(9);
    expect(c.lowest_fail).toBe(9.5);
  });
});

describe('renderCapacity', () => {
  it('prints bounds, the first broken gate and the curve', () => {
    const text = renderCapacity(capacitySummary(head, [search(9.5)])).join('\n');
    expect(text).toContain('found: highest passing level 9.5 users/s, lowest failing level 10 users/s');
    expect(text).toContain('first broken gate: p99(xmpp_msg_latency) < 200ms');
    expect(text).toMatch(/2 +start +pass +1\.2 +3\.4/);
  });
  it('numbers the holds of a level held several times (--trials)', () => {
    const s = search(9.5);
    s.levels.push({ ...s.levels[0]!, index: 1, level: 4, kind: 'expand', trial: { n: 2, of: 3 }, dir: 'levels/02-4' });
    expect(renderCapacity(capacitySummary(head, [s])).join('\n')).toMatch(/4 +expand 2\/3 +pass/);
  });
  it('says when the start fails, and when the generator saturates', () => {
    expect(renderCapacity(capacitySummary(head, [search(null, 'start-failed')])).join('\n')).toContain(
      'the start level 2 users/s already fails',
    );
    const g = { ...search(4, 'generator-limited'), generator_limited_at: 8 };
    expect(renderCapacity(capacitySummary(head, [g])).join('\n')).toContain('generator-limited at 8 users/s');
  });
});
