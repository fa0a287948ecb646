import { describe, expect, it } from 'vitest';
import { createHistogram } from '../stats/hdr.js';
import { latencyStats } from '../stats/histogram-stats.js';
import type { ThresholdData } from './data.js';
import { evaluateThreshold } from './evaluate.js';
import { parseThreshold } from './parse.js';
import { formatThresholdValue } from './format.js';
import { collectThresholds, firstAbort } from './thresholds.js';

function data(): ThresholdData {
  const h = createHistogram();
  for (let ms = 1; ms <= 1000; ms++) h.recordValue(ms * 1000);
  return {
    summary: {
      users: { started: 100, finished: 95, failed: 5, max_concurrent: 80 },
      messages: { sent: 2000, delivered: 1990, lost: 10, duplicated: 0, in_flight: 0 },
      counters: { stanzas_sent: 900 },
      errors: { timeout: 2, connect_refused: 3 },
      duration_s: 10,
      metrics: { xmpp_msg_latency: latencyStats(h) },
    },
    histograms: { xmpp_msg_latency: h },
  };
}
const run = (expr: string, d = data()) => evaluateThreshold(parseThreshold(expr), d);

describe('evaluateThreshold', () => {
  it.each([
    ['p99(xmpp_msg_latency) < 1s', true, 990],
    ['p95(xmpp_msg_latency) < 900ms', false, 950],
    ['max(xmpp_msg_latency) <= 1001', true, 1000],
    ['count(xmpp_msg_latency) == 1000', true, 1000],
    ['messages.lost == 0', false, 10],
    ['rate(messages.lost) < 1%', true, 0.005],
    ['rate(users.failed) <= 5%', true, 0.05],
    ['rate(errors) < 0.1%', false, 0.005],
    ['errors == 5', true, 5],
    ['errors.timeout > 0', true, 2],
    ['errors.not_seen == 0', true, 0],
    ['per_s(messages.sent) >= 200', true, 200],
  ])('%s → ok %s, value %d', (expr, ok, value) => {
    const r = run(expr);
    expect(r.ok).toBe(ok);
    expect(r.value).toBeCloseTo(value, -1 + (value < 1 ? 4 : 0));
  });

  it('fails, with a reason, when a metric has no samples', () => {
    expect(run('p99(request.chat) < 200ms')).toEqual({
      expr: 'p99(request.chat) < 200ms',
      ok: false,
      value: null,
      detail: 'no samples of request.chat',
    });
  });

  it('falls back to summary.json percentiles without histograms, and says when it cannot', () => {
    const d = data();
    delete d.histograms;
    expect(run('p99(xmpp_msg_latency) < 1s', d).value).toBeCloseTo(990, -1);
    expect(run('p95(xmpp_msg_latency) < 1s', d).detail).toContain('needs the run');
  });

  it('formats values in the unit of the expression', () => {
    expect(formatThresholdValue(run('p99(xmpp_msg_latency) < 1s'))).toMatch(/^99\d(\.\d+)? ms$/);
    expect(formatThresholdValue(run('rate(errors) < 0.1%'))).toBe('0.5%');
    expect(formatThresholdValue(run('messages.lost == 0'))).toBe('10');
    expect(formatThresholdValue({ expr: 'x', value: null, detail: 'no samples of x' })).toBe('no samples of x');
  });
});

describe('collectThresholds and firstAbort', () => {
  it('merges scenario thresholds with --threshold flags; "; abort_on_fail" marks a flag as aborting', () => {
    const ts = collectThresholds(
      [{ expr: 'messages.lost == 0', abortOnFail: false, pos: { line: 3, col: 5 } }],
      ['rate(errors) < 0.1%; abort_on_fail', 'p99(connect) < 1s'],
      'chat.xml',
    );
    expect(ts.map((t) => [t.expr.source, t.abortOnFail, t.origin])).toEqual([
      ['messages.lost == 0', false, 'chat.xml:3:5'],
      ['rate(errors) < 0.1%', true, '--threshold'],
      ['p99(connect) < 1s', false, '--threshold'],
    ]);
    expect(firstAbort(ts, data())?.threshold.expr.source).toBe('rate(errors) < 0.1%');
  });

  it('does not abort on a threshold that has nothing to measure yet', () => {
    const ts = collectThresholds([], ['p99(request.chat) < 1ms; abort_on_fail']);
    expect(firstAbort(ts, data())).toBeUndefined();
  });
});

describe('rate(checks)', () => {
  const withChecks = (): ThresholdData => {
    const d = data();
    d.summary.checks = { pass: 9, fail: 1, names: { 'bob-gets-hi': { pass: 9, fail: 0 }, roster: { pass: 0, fail: 1 } } };
    return d;
  };

  it.each([
    ['rate(checks) == 100%', false, 0.9],
    ['rate(checks) >= 90%', true, 0.9],
    ['rate(checks.bob-gets-hi) == 100%', true, 1],
    ['rate(checks.roster) >= 99%', false, 0],
  ])('%s → ok %s, value %d', (expr, ok, value) => {
    const r = run(expr, withChecks());
    expect(r.ok).toBe(ok);
    expect(r.value).toBe(value);
  });

  it('reads no Object property as a check', () => {
    expect(run('rate(checks.constructor) == 100%', withChecks())).toMatchObject({ ok: false, value: null });
  });

  it('fails with value null when no check, or no check of that name, was decided', () => {
    expect(run('rate(checks) == 100%')).toMatchObject({ ok: false, value: null, detail: 'no check was decided in this run' });
    expect(run('rate(checks.nope) == 100%', withChecks())).toMatchObject({
      ok: false,
      value: null,
      detail: 'no check named nope was decided in this run',
    });
  });

  it('does not abort (abort_on_fail) before any check was decided, and does after one failed', () => {
    const ts = collectThresholds([], ['rate(checks) == 100%; abort_on_fail']);
    expect(firstAbort(ts, data())).toBeUndefined();
    expect(firstAbort(ts, withChecks())?.result.value).toBe(0.9);
  });
});
