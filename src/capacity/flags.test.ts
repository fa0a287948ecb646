import { describe, expect, it } from 'vitest';
import { parseAxis, parseFraction, parseSlos } from './flags.js';

describe('capacity flags', () => {
  it.each([
    ['5%', 0.05],
    ['0.05', 0.05],
    ['12.5%', 0.125],
    ['99.9%', 0.999],
    [0.5, 0.5],
  ])('parseFraction(%s)', (raw, want) => {
    expect(parseFraction('resolution', raw)).toBeCloseTo(want);
  });
  it.each(['0', '-5%', '0%', 'five', '', '100%', '1', '10', 10, '150%', '1e308', 'Infinity'])('refuses %j', (raw) => {
    expect(() => parseFraction('resolution', raw)).toThrow(/^--resolution: /);
  });
  it('parses SLOs and names the bad one', () => {
    expect(parseSlos(['p99(xmpp_msg_latency) < 200ms', 'rate(errors) < 0.1%'])).toHaveLength(2);
    expect(() => parseSlos(['p99(xmpp_msg_latency) <<< 2'])).toThrow(/^--slo "p99\(xmpp_msg_latency\) <<< 2": /);
  });
  it('knows the axes', () => {
    expect(parseAxis('users')).toBe('users');
    expect(() => parseAxis('cpu')).toThrow(/not one of arrival-rate, users, message-rate/);
  });
});
