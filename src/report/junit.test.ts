import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { renderJunit } from './junit.js';
import type { Summary } from './summary-types.js';

const summary: Summary = {
  schema: 'xload.summary/3',
  status: 'completed',
  scenario: 'scenarios/chat.xml',
  started: '2026-01-15T12:00:00.000Z',
  duration_s: 30,
  users: { started: 10, finished: 10, failed: 0, max_concurrent: 10 },
  messages: { sent: 100, delivered: 84, lost: 16, duplicated: 0, in_flight: 0 },
  metrics: {},
  counters: {},
  errors: {},
  error_samples: {},
  thresholds: [
    { expr: 'p99(xmpp_msg_latency) < 100ms', ok: false, value: 155.135 },
    { expr: 'messages.lost == 0', ok: false, value: 16, aborted: true },
    { expr: 'rate(errors) < 0.1%', ok: true, value: 0 },
    { expr: 'p99(request.chat) < 1s', ok: false, value: null, detail: 'no samples of request.chat' },
  ],
};

describe('renderJunit', () => {
  it('writes one testcase per threshold plus the run status, failures counted and escaped', () => {
    const xml = renderJunit(summary, { runId: 'r1' });
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    const suite = doc.testsuites.testsuite;
    expect(doc.testsuites.tests).toBe('5');
    expect(suite.failures).toBe('3');
    const cases = suite.testcase as { name: string; failure?: { message: string } }[];
    expect(cases.map((c) => c.name)).toEqual(['run status', ...summary.thresholds.map((t) => t.expr)]);
    expect(cases[0]!.failure).toBeUndefined();
    expect(cases[1]!.failure!.message).toBe('p99(xmpp_msg_latency) < 100ms: failed, value 155.135 ms');
    expect(cases[2]!.failure!.message).toContain('aborted the run');
    expect(cases[3]!.failure).toBeUndefined();
    expect(cases[4]!.failure!.message).toContain('no samples of request.chat');
    expect(xml).toContain('name="p99(xmpp_msg_latency) &lt; 100ms"');
  });

  it('fails the run status testcase when the run did not complete', () => {
    const xml = renderJunit({ ...summary, status: 'aborted', thresholds: [] });
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('<failure message="run aborted"');
  });

  it('writes one testcase per check name, failed when any of its runs failed', () => {
    const xml = renderJunit({
      ...summary,
      thresholds: [],
      checks: {
        pass: 5,
        fail: 2,
        rate: 5 / 7,
        names: { 'bob-gets-hi': { pass: 5, fail: 0, rate: 1 }, bye: { pass: 0, fail: 2, rate: 0 } },
      },
    });
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites.testsuite;
    expect([suite.tests, suite.failures]).toEqual(['3', '1']);
    const cases = suite.testcase as { name: string; classname: string; failure?: { message: string; type: string } }[];
    expect(cases.slice(1).map((c) => [c.name, c.classname, c.failure?.message, c.failure?.type])).toEqual([
      ['bob-gets-hi', 'xload.checks', undefined, undefined],
      ['bye', 'xload.checks', 'check bye: 0 passed, 2 failed', 'check'],
    ]);
  });
});
