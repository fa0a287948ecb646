import { describe, expect, it } from 'vitest';
import type { IntervalRecord } from '../stats/aggregate.js';
import { ConsoleProgressOutput } from './progress.js';
import type { IntervalInfo } from './types.js';

const record = (received: number): IntervalRecord => ({
  tEpochMs: 0,
  intervalMs: 1000,
  snapshots: 1,
  metrics: {},
  counters: { stanzas_received: received },
  gauges: { users_active: 2, users_connected: 2 },
  errors: {},
  errorsFirstSeen: {},
});
const iv = (kind: IntervalInfo['kind'], received: number): IntervalInfo => ({
  kind,
  record: record(received),
  totals: () => {
    throw new Error('not read');
  },
  loadPhase: 1,
  loadStartMs: 1000,
  sources: {},
});

describe('ConsoleProgressOutput', () => {
  it('prints on load intervals once the period has passed since the load was armed, with rates since the last line', () => {
    const lines: string[] = [];
    let now = 950;
    const out = new ConsoleProgressOutput(
      (l) => lines.push(l),
      2000,
      () => now,
    );
    out.interval(iv('setup', 100));
    out.phase('loading', 950);
    for (const t of [2150, 3150, 4150]) {
      now = t;
      out.interval(iv('load', 10));
    }
    now = 4200;
    out.interval(iv('final', 10));
    expect(lines).toEqual(['    2s  phase 1  users 2 active/2 connected  stanzas/s 40 in 0 out  errors 0']);
  });
});
