import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatsNdjson, STATS_SCHEMA } from './ndjson.js';
import type { StatsHeader, StatsInterval } from './ndjson.js';
import { buildSummary } from './summary.js';
import { writeSyntheticRun } from './synthetic-run.js';

const T0 = Date.UTC(2026, 0, 1);
const header: StatsHeader = {
  type: 'header',
  schema: STATS_SCHEMA,
  run_id: 'r',
  scenario: 's.xml',
  started: new Date(T0).toISOString(),
  xload_version: '0.1.0',
  interval_ms: 1000,
  workers: 1,
  servers: [],
};
function interval(t_s: number, counters: Record<string, number>, gauges: Record<string, number> = {}): StatsInterval {
  return { type: 'interval', t_s, interval_ms: 1000, counters, gauges, errors: {}, errors_first_seen: {}, metrics: {} };
}

describe('buildSummary', () => {
  it('gives the same summary from stats.ndjson as from the live aggregator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-summary-'));
    const live = await writeSyntheticRun(dir, { intervals: 20, shards: 3, seed: 7 });
    const file = readStatsNdjson(join(dir, 'stats.ndjson'));
    const fromFile = buildSummary(file);
    const fromLive = buildSummary({ header: file.header, totals: live.totals, ...(file.end ? { end: file.end } : {}) });
    expect(fromFile).toEqual(fromLive);
    expect(fromFile.status).toBe('completed');
    expect(fromFile.metrics['xmpp_msg_latency']?.count).toBe(fromFile.messages.delivered);
    expect(fromFile.messages.sent).toBe(fromFile.messages.delivered + fromFile.messages.lost + fromFile.messages.in_flight);
    expect(Object.keys(fromFile)).toEqual([
      'schema',
      'status',
      'scenario',
      'started',
      'duration_s',
      'users',
      'messages',
      'metrics',
      'counters',
      'errors',
      'error_samples',
      'thresholds',
    ]);
  });

  it('without an end line: aborted, and undelivered messages are in flight, not lost', () => {
    const s = buildSummary({
      header,
      intervals: [
        interval(1, { messages_sent: 10, messages_delivered: 7, users_started: 3 }, { users_active: 3 }),
        interval(2, { messages_sent: 5, messages_delivered: 6 }, { users_active: 2 }),
      ],
    });
    expect(s.status).toBe('aborted');
    expect(s.duration_s).toBe(2);
    expect(s.messages).toEqual({ sent: 15, delivered: 13, lost: 0, duplicated: 0, in_flight: 2 });
    expect(s.users).toEqual({ started: 3, finished: 0, failed: 0, max_concurrent: 3 });
    expect(s.thresholds).toEqual([]);
  });

  it('with an end line: its status, duration and delivery accounting win', () => {
    const s = buildSummary({
      header,
      intervals: [interval(1, { messages_sent: 10, messages_delivered: 7, messages_duplicated: 1 })],
      end: { type: 'end', status: 'failed', duration_s: 1.5, messages: { in_flight: 1 }, thresholds: [{ expr: 'x', ok: false, value: 2 }] },
    });
    expect(s.status).toBe('failed');
    expect(s.duration_s).toBe(1.5);
    expect(s.messages).toEqual({ sent: 10, delivered: 7, lost: 2, duplicated: 1, in_flight: 1 });
    expect(s.thresholds).toEqual([{ expr: 'x', ok: false, value: 2 }]);
  });

  it('a run with no intervals is a valid, empty summary', () => {
    const s = buildSummary({ header, intervals: [] });
    expect(s.metrics).toEqual({});
    expect(s.duration_s).toBe(0);
  });

  it('gathers check counters of every interval (and so of every worker and agent) into checks, per name and in all', () => {
    const s = buildSummary({
      header,
      intervals: [
        interval(1, { 'check_pass.bob-gets-hi': 3, 'check_fail.roster': 1, stanzas_sent: 5 }),
        interval(2, { 'check_pass.bob-gets-hi': 2, 'check_fail.bob-gets-hi': 1, 'check_pass.roster': 3 }),
      ],
    });
    expect(s.checks).toEqual({
      pass: 8,
      fail: 2,
      rate: 0.8,
      names: { 'bob-gets-hi': { pass: 5, fail: 1, rate: 0.833333 }, roster: { pass: 3, fail: 1, rate: 0.75 } },
    });
    expect(s.counters).toEqual({ stanzas_sent: 5 });
  });

  it('keeps a check named like an Object property as its own entry', () => {
    const s = buildSummary({ header, intervals: [interval(1, { 'check_pass.__proto__': 1, 'check_fail.constructor': 2 })] });
    expect(Object.keys(s.checks!.names)).toEqual(['__proto__', 'constructor']);
    expect(JSON.parse(JSON.stringify(s)).checks.names.__proto__).toEqual({ pass: 1, fail: 0, rate: 1 });
  });

  it('has no checks section when the run decided no check', () => {
    expect(buildSummary({ header, intervals: [interval(1, { stanzas_sent: 1 })] }).checks).toBeUndefined();
  });
});
