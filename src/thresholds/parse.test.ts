import { describe, expect, it } from 'vitest';
import { parseThreshold } from './parse.js';
import { ThresholdSyntaxError } from './errors.js';

describe('parseThreshold', () => {
  it.each([
    ['p99(xmpp_msg_latency) < 200ms', { kind: 'latency', stat: 'p', percentile: 99, metric: 'xmpp_msg_latency' }, '<', 200],
    ['p99.9(connect) <= 1s', { kind: 'latency', stat: 'p', percentile: 99.9, metric: 'connect' }, '<=', 1000],
    ['p999(connect) lt 1500us', { kind: 'latency', stat: 'p', percentile: 99.9, metric: 'connect' }, '<', 1.5],
    ['p95(request.chat) gte 3', { kind: 'latency', stat: 'p', percentile: 95, metric: 'request.chat' }, '>=', 3],
    ['avg(tr.login) > 0', { kind: 'latency', stat: 'mean', metric: 'tr.login' }, '>', 0],
    ['median(auth) != 5', { kind: 'latency', stat: 'p', percentile: 50, metric: 'auth' }, '!=', 5],
    ['max( session ) lte 30 s', { kind: 'latency', stat: 'max', metric: 'session' }, '<=', 30000],
    ['rate(errors) < 0.1%', { kind: 'rate', path: 'errors' }, '<', 0.001],
    ['rate(messages.lost) == 0', { kind: 'rate', path: 'messages.lost' }, '==', 0],
    ['rate(users.failed) < 0.05', { kind: 'rate', path: 'users.failed' }, '<', 0.05],
    ['rate(checks) == 100%', { kind: 'rate', path: 'checks' }, '==', 1],
    ['rate(checks.bob-gets-hi) >= 99%', { kind: 'rate', path: 'checks.bob-gets-hi' }, '>=', 0.99],
    ['rate(checks.expect:12:5) gte 0.5', { kind: 'rate', path: 'checks.expect:12:5' }, '>=', 0.5],
    ['messages.lost == 0', { kind: 'value', path: 'messages.lost' }, '==', 0],
    ['  errors.timeout   eq 0 ', { kind: 'value', path: 'errors.timeout' }, '==', 0],
    ['counters.stanzas_sent > 1e3', { kind: 'value', path: 'counters.stanzas_sent' }, '>', 1000],
    ['count(xmpp_msg_latency) >= 100', { kind: 'count', metric: 'xmpp_msg_latency' }, '>=', 100],
    ['per_s(counters.stanzas_received) > 50', { kind: 'per_s', path: 'counters.stanzas_received' }, '>', 50],
    ['duration_s >= 60000ms', { kind: 'value', path: 'duration_s' }, '>=', 60],
  ])('%s', (text, operand, op, limit) => {
    const t = parseThreshold(text);
    expect(t.operand).toEqual(operand);
    expect(t.op).toBe(op);
    expect(t.limit).toBeCloseTo(limit, 9);
    expect(t.source).toBe(text.trim());
  });

  it.each([
    ['', 0, 'expected a statistic'],
    ['p99(xmpp_msg_latency) 200ms', 22, 'expected a comparison'],
    ['p99(xmpp_msg_latency) = 200ms', 22, '"=" is not a comparison'],
    ['p99(xmpp_msg_latency < 200ms', 21, 'expected ")"'],
    ['p99(xmpp_msg_latency) < fast', 24, 'expected a number'],
    ['p99(xmpp_msg_latency) < 5%', 25, 'cannot be in %'],
    ['rate(errors) < 5ms', 16, 'cannot be in ms'],
    ['messages.lost == 0 or more', 19, 'unexpected "or more"'],
    ['xmpp_msg_latency < 200ms', 0, 'needs a statistic'],
    ['messages.gone == 0', 0, 'unknown value messages.gone'],
    ['p42x(connect) < 1', 0, 'unknown function p42x()'],
    ['p0(connect) < 1', 0, 'percentile must be above 0'],
    ['rate(counters.bytes_sent) < 1', 5, 'has no defined whole'],
    ['per_s(users.max_concurrent) > 1', 6, 'not a count'],
    ['messages.lost == 3 ms', 19, 'plain number'],
  ])('rejects %j at offset %i', (text, offset, message) => {
    expect.assertions(3);
    try {
      parseThreshold(text);
    } catch (err) {
      expect(err).toBeInstanceOf(ThresholdSyntaxError);
      expect((err as ThresholdSyntaxError).offset).toBe(offset);
      expect((err as ThresholdSyntaxError).message).toContain(message);
    }
  });
});
