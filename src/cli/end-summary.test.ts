import { describe, expect, it } from 'vitest';
import { renderEndSummary } from './end-summary.js';
import type { Summary } from '../report/summary-types.js';

function summary(counters: Record<string, number>, lost = 0): Summary {
  return {
    status: 'completed',
    duration_s: 12.3,
    errors: {},
    counters,
    metrics: {},
    users: { started: 10, finished: 10, failed: 0, max_concurrent: 10 },
    messages: { sent: 30, delivered: 30 - lost, lost, duplicated: 0, in_flight: 0 },
  } as unknown as Summary;
}

describe('renderEndSummary', () => {
  it('says how many deliveries came from offline storage, only when some did', () => {
    expect(renderEndSummary(summary({})).join('\n')).not.toMatch(/offline/);
    const lines = renderEndSummary(summary({ messages_delivered_offline: 2 }));
    expect(lines).toContain('  2 of the delivered came from offline storage (messages_delivered_offline, xmpp_msg_offline_latency)');
  });

  it('warns about lost messages under the counts', () => {
    const lines = renderEndSummary(summary({}, 3));
    expect(lines[0]).toBe('run completed in 12.3 s');
    expect(lines).toContain('  WARNING: 3 stamped message(s) were never delivered');
  });

  it('prints the checks, naming the failing ones, only when the run had checks', () => {
    expect(renderEndSummary(summary({})).join('\n')).not.toMatch(/checks/);
    const s = summary({});
    s.checks = { pass: 14, fail: 5, rate: 14 / 19, names: { hi: { pass: 14, fail: 0, rate: 1 }, bye: { pass: 0, fail: 5, rate: 0 } } };
    expect(renderEndSummary(s)).toContain('  checks    pass 14  fail 5  failed: bye 5');
  });
});
