import { describe, expect, it } from 'vitest';
import { evaluateThreshold, parseThreshold } from '../thresholds/index.js';
import type { RunTotals } from '../stats/totals.js';
import { settledThresholdData } from './level-runner.js';

// The live counters of a level that ended with 9 messages settled as lost: the counters
// say nothing of them (loss is declared when the level ends, not counted as it goes).
const totals: RunTotals = {
  intervals: 20,
  metrics: {},
  counters: { messages_sent: 32_720, messages_delivered: 32_711 },
  errors: {},
  gaugesMax: {},
};

describe('capacity level SLOs', () => {
  it('read the settled delivery accounting, not the live counters', () => {
    const data = settledThresholdData(totals, Date.now() - 20_000, {
      sent: 32_720,
      delivered: 32_711,
      lost: 9,
      duplicated: 0,
      in_flight: 0,
    });
    expect(data.summary.messages).toEqual({ sent: 32_720, delivered: 32_711, lost: 9, duplicated: 0, in_flight: 0 });
    const r = evaluateThreshold(parseThreshold('rate(messages.lost) < 0.01%'), data);
    expect(r.ok).toBe(false);
    expect(r.value).toBeCloseTo(0.000275, 6); // 9 of 32,720, rounded as summary.json rounds
  });
});
