import { describe, expect, it } from 'vitest';
import { parseElement } from '../../xmpp/index.js';
import { evalXPath, XPathError } from './xpath.js';

const IQ = parseElement(
  "<iq type='result' id='x1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>" +
    "<subscription node='n1' jid='a@b' subid='S-1' subscription='subscribed'/></pubsub>" +
    "<query xmlns='jabber:iq:roster'><item jid='u1@l' name='one'/><item jid='u2@l' name='two'><group>G</group></item></query></iq>",
);

describe('xpath over a stanza', () => {
  it.each([
    ['//iq/@id', 'x1'],
    ['/iq/@type', 'result'],
    ['//subscription/@subid', 'S-1'],
    ['//item/@jid', 'u1@l'],
    ["//item[@name='two']/@jid", 'u2@l'],
    ['//item[2]/group/text()', 'G'],
    ['//group', 'G'],
    ['//nothing/@x', null],
  ])('%s = %s', (expr, want) => {
    expect(evalXPath(expr, IQ)).toBe(want);
  });

  it('says which construct it does not support', () => {
    expect(() => evalXPath('//item[last()]', IQ)).toThrow(XPathError);
  });
});
