import { describe, expect, it } from 'vitest';
import { compareRuns, formatChange } from './compare.js';
import type { CompareSide } from './compare-load.js';
import type { Summary } from './summary-types.js';
import { renderCompareText } from './compare-text.js';
import { renderCompareHtml } from './compare-html.js';

function side(label: string, p99: number, lost: number, extra: Partial<Summary> = {}): CompareSide {
  const m = { count: 100, min_ms: 0.2, mean_ms: 1, p50_ms: 0.5, p90_ms: 2, p99_ms: p99, p999_ms: p99 * 2, max_ms: p99 * 3 };
  return {
    label,
    path: `/runs/${label}`,
    warnings: [],
    curves: { xmpp_msg_latency: { percentile: [0, 50, 100], value_ms: [0.2, 0.5, p99 * 3] } },
    summary: {
      schema: 'xload.summary/3',
      status: 'completed',
      scenario: 'chat.xml',
      started: '2026-01-01T00:00:00Z',
      duration_s: 60,
      users: { started: 100, finished: 100, failed: 0, max_concurrent: 100 },
      messages: { sent: 500, delivered: 500 - lost, lost, duplicated: 0, in_flight: 0 },
      metrics: { xmpp_msg_latency: m },
      counters: { stanzas_sent: 1000 },
      errors: {},
      error_samples: {},
      thresholds: [],
      ...extra,
    },
  };
}
const opts = { maxRegressionPct: 10, minChangeMs: 1 };

describe('compareRuns', () => {
  it('shows checks by name; a check failing in B that passed in A is a regression', () => {
    const checks = (fail: number): Summary['checks'] => ({
      pass: 10 - fail,
      fail,
      rate: (10 - fail) / 10,
      names: { hi: { pass: 10 - fail, fail, rate: (10 - fail) / 10 } },
    });
    const c = compareRuns(side('a', 10, 0, { checks: checks(0) }), side('b', 10, 0, { checks: checks(2) }), opts);
    const rows = c.rows.filter((r) => r.section === 'checks').map((r) => `${r.name}.${r.stat} ${r.a}->${r.b} ${r.regression}`);
    expect(rows).toEqual(['all.fail 0->2 true', 'all.pass 10->8 false', 'hi.fail 0->2 true', 'hi.pass 10->8 false']);
    expect(renderCompareText(c)).toContain('checks (<expect>)');
    expect(compareRuns(side('a', 10, 0), side('b', 10, 0), opts).rows.some((r) => r.section === 'checks')).toBe(false);
  });

  it('flags gated figures that got worse beyond --max-regression, not others', () => {
    const c = compareRuns(side('a', 10, 0), side('b', 12, 3, { errors: { timeout: 2 } }), opts);
    const flagged = c.rows.filter((r) => r.regression).map((r) => `${r.section}.${r.name}.${r.stat} ${formatChange(r.changePct)}`);
    expect(flagged).toEqual([
      'latency.xmpp_msg_latency.p99 +20%',
      'latency.xmpp_msg_latency.p99.9 +20%',
      'messages.lost.count new',
      'errors.all.count new',
      'errors.timeout.count new',
    ]);
    expect(c.regressions).toBe(5);
    // max is shown but one sample is too noisy to gate; delivered is context.
    expect(c.rows.find((r) => r.name === 'xmpp_msg_latency' && r.stat === 'max')).toMatchObject({ changePct: 20, regression: false });
    expect(c.rows.find((r) => r.name === 'delivered')).toMatchObject({ a: 500, b: 497, regression: false });
  });

  it('ignores latency changes under --min-change-ms and improvements', () => {
    expect(compareRuns(side('a', 2, 0), side('b', 2.4, 0), opts).regressions).toBe(0);
    expect(compareRuns(side('a', 20, 5), side('b', 10, 0), opts).regressions).toBe(0);
    expect(compareRuns(side('a', 2, 0), side('b', 2.4, 0), { maxRegressionPct: 10, minChangeMs: 0 }).regressions).toBe(2);
  });

  it('warns about different scenarios and unfinished runs, and still compares', () => {
    const c = compareRuns(side('a', 10, 0), side('b', 10, 0, { scenario: 'other.xml', status: 'aborted' }), opts);
    expect(c.warnings).toEqual([
      'the runs are of different scenarios (chat.xml vs other.xml): compare with care',
      'b did not complete (status aborted)',
    ]);
    expect(c.rows.length).toBeGreaterThan(10);
  });

  it('renders a text table and a page with both curves', () => {
    const c = compareRuns(side('a', 10, 0), side('b', 12, 0), opts);
    const text = renderCompareText(c);
    expect(text).toMatch(/\n {2}xmpp_msg_latency +count +100 +100 +0%\n/);
    expect(text).toMatch(/\n +p99 +10 +12 +\+20% +REGRESSION \(> 10%\)\n/);
    expect(text).toMatch(/2 REGRESSION\(S\) beyond 10%/);
    const html = renderCompareHtml(c, { a: side('a', 10, 0).curves, b: side('b', 12, 0).curves }, { chartJs: '/*chart*/' });
    expect(html).toContain('"names":["xmpp_msg_latency"]');
    expect(html).toContain('<tr class="regression">');
  });

  it('shows the servers mean and max side by side, never as a regression', () => {
    const srv = (cpu: number) => ({ servers: { beam: { samples: 5, gaps: 0, series: { cpu: { mean: cpu, max: cpu * 2 } } } } });
    const c = compareRuns(side('a', 10, 0, srv(10)), side('b', 10, 0, srv(30)), opts);
    const rows = c.rows
      .filter((r) => r.section === 'servers')
      .map((r) => `${r.name} ${r.stat} ${r.a} ${r.b} ${formatChange(r.changePct)} ${r.regression}`);
    expect(rows).toEqual(['beam.cpu mean 10 30 +200% false', 'beam.cpu max 20 60 +200% false']);
    expect(renderCompareText(c)).toContain('servers (monitors)');
  });
});
