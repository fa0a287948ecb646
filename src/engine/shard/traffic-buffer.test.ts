import { describe, expect, it } from 'vitest';
import type { Plan } from '../../scenario/plan.js';
import { dumpModeOf, LIGHT_CHARS, TrafficBuffer } from './traffic-buffer.js';

const T = Date.UTC(2026, 0, 1, 12, 0, 0, 250);
const AUTH = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHVzZXIxAHB3ZDE=</auth>";

describe('TrafficBuffer', () => {
  it('true: one line per stanza with time, user, direction; secrets redacted, line breaks kept as references', () => {
    const b = new TrafficBuffer('true', () => T);
    b.stanza('user1', 'out', AUTH, 'pwd1');
    b.stanza('user1', 'in', "<message type='chat'><body>a\nb pwd1</body></message>", 'pwd1');
    expect(b.take()).toEqual({
      text:
        "2026-01-01T12:00:00.250Z user1 out <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>[redacted]</auth>\n" +
        "2026-01-01T12:00:00.250Z user1 in <message type='chat'><body>a&#10;b [redacted]</body></message>\n",
      dropped: 0,
    });
    expect(b.take()).toEqual({ text: undefined, dropped: 0 });
  });

  it('light: each stanza cut at 100 characters, after redaction', () => {
    const b = new TrafficBuffer('light', () => T);
    b.stanza('user2', 'out', `<message><body>${'x'.repeat(300)}</body></message>`, 'pwd2');
    const line = b.take().text!.trimEnd();
    expect(line).toBe(`2026-01-01T12:00:00.250Z user2 out ${`<message><body>${'x'.repeat(300)}`.slice(0, LIGHT_CHARS)}…`);
  });

  it('protocol: one line per request; stanzas are not its business', () => {
    const b = new TrafficBuffer('protocol', () => T);
    expect(b.stanzas).toBe(false);
    b.request('user3', 'auth_sasl', 'ok', 1.234);
    b.request('user3', 'chat', 'sent');
    b.request('user3', 'pubsub:subscribe', 'stanza_error.item-not-found');
    expect(b.take().text).toBe(
      '2026-01-01T12:00:00.250Z user3 request auth_sasl ok 1.2 ms\n' +
        '2026-01-01T12:00:00.250Z user3 request chat sent\n' +
        '2026-01-01T12:00:00.250Z user3 request pubsub:subscribe stanza_error.item-not-found\n',
    );
  });

  it('past its cap an interval counts lines instead of keeping them', () => {
    const b = new TrafficBuffer('protocol', () => T, 200);
    for (let i = 0; i < 10; i++) b.request('u', 'chat', 'sent');
    const { text, dropped } = b.take();
    expect(text!.split('\n').length - 1 + dropped).toBe(10);
    expect(text!.length).toBeLessThanOrEqual(200);
    expect(dropped).toBeGreaterThan(0);
  });

  it('the mode comes from <tsung dumptraffic>; false means no buffer at all', () => {
    const plan = (d: Plan['tsung']['dumptraffic']) => ({ tsung: { loglevel: 'notice', dumptraffic: d } }) as Plan;
    expect(dumpModeOf(plan('false'))).toBeNull();
    expect(dumpModeOf(plan('true'))).toBe('true');
    expect(dumpModeOf(plan('light'))).toBe('light');
    expect(dumpModeOf(plan('protocol_local'))).toBe('protocol');
  });
});
