import { describe, expect, it } from 'vitest';
import { withClientNs } from './client-ns.js';

describe('withClientNs', () => {
  it.each([
    [
      "<iq type='set' id='1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>",
      "<iq xmlns='jabber:client' type='set' id='1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>",
    ],
    ['<presence/>', "<presence xmlns='jabber:client'/>"],
    ["<message xmlns='jabber:client' to='a'/>", "<message xmlns='jabber:client' to='a'/>"],
    [
      "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>=</auth>",
      "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>=</auth>",
    ],
    [
      "<presence/><message to='b'><body>x</body></message>",
      "<presence xmlns='jabber:client'/><message xmlns='jabber:client' to='b'><body>x</body></message>",
    ],
    ["<r xmlns='urn:xmpp:sm:3'/>", "<r xmlns='urn:xmpp:sm:3'/>"],
  ])('%s', (input, want) => {
    expect(withClientNs(input)).toBe(want);
  });
});
