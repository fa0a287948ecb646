import { describe, expect, it } from 'vitest';
import { parseElement, text, child } from './element.js';
import { legacyDigest } from './legacy-auth.js';
import * as s from './stanzas.js';
import { escapeXml } from './escape.js';

const EVIL = `a'b"c<d>&e`;

describe('stanza templates', () => {
  it('escape every hole so the result parses back to the input', () => {
    const m = parseElement(s.message({ to: EVIL, type: 'chat', id: EVIL, body: EVIL }));
    expect(m.attrs).toEqual({ to: EVIL, type: 'chat', id: EVIL });
    expect(text(child(m, 'body')!)).toBe(EVIL);
    const p = parseElement(s.presence({ to: EVIL, type: 'subscribe', show: 'away', status: EVIL, priority: 5 }));
    expect(p.attrs).toEqual({ to: EVIL, type: 'subscribe' });
    expect(text(child(p, 'status')!)).toBe(EVIL);
    expect(text(child(p, 'priority')!)).toBe('5');
    const r = parseElement(s.registerIq(EVIL, EVIL, EVIL));
    expect(text(child(child(r, 'query')!, 'password')!)).toBe(EVIL);
    const b = parseElement(s.bindIq(EVIL, EVIL));
    expect(text(child(child(b, 'bind', s.NS.bind)!, 'resource')!)).toBe(EVIL);
    for (const xml of [
      s.sessionIq(EVIL, EVIL),
      s.pingIq(EVIL, EVIL),
      s.iqResult(EVIL, EVIL),
      s.rosterGetIq(EVIL),
      s.legacyAuthGet(EVIL, EVIL),
      s.legacyAuthSetPlain(EVIL, EVIL, EVIL, EVIL),
      s.legacyAuthSetDigest(EVIL, EVIL, 'sid', EVIL, EVIL),
    ]) {
      expect(parseElement(xml).attrs.id).toBe(EVIL);
    }
  });

  it('chatMessage writes what message() writes for a chat', () => {
    for (const [to, id, body] of [
      ['user1@localhost', 'x0-1', 'hello'],
      [EVIL, EVIL, EVIL],
    ] as const) {
      expect(s.chatMessage(to, id, escapeXml(body))).toBe(s.message({ to, type: 'chat', id, body }));
    }
  });

  it('produce the expected literal forms', () => {
    expect(s.presence()).toBe('<presence/>');
    expect(s.iqResult('p1', 'localhost')).toBe("<iq type='result' id='p1' to='localhost'/>");
    expect(s.saslAuth('PLAIN', 'AHUAcA==')).toBe("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHUAcA==</auth>");
    expect(s.streamHeader('localhost', null)).not.toMatch(/stream:stream[^>]* version=/);
    expect(s.streamHeader('localhost', '1.0', 'en')).toContain("version='1.0' xml:lang='en'>");
    expect(s.message({ to: 'a@b', extra: '<x/>' })).toBe("<message to='a@b'><x/></message>");
    expect(s.smAck(7)).toBe("<a xmlns='urn:xmpp:sm:3' h='7'/>");
    expect(s.iq({ type: 'get', id: 'i', to: 't', payload: '<q/>' })).toBe("<iq type='get' id='i' to='t'><q/></iq>");
  });

  it('computes the XEP-0078 digest as hex(sha1(stream id + password))', () => {
    // XEP-0078 §3.1 example 4: stream id 3EE948B0, password Calli0pe.
    expect(legacyDigest('3EE948B0', 'Calli0pe')).toBe('48fc78be9ec8f86d8ce1c39c320c97c21d62334d');
  });
});
