import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets, truncateText } from './redact.js';

describe('redactSecrets', () => {
  it.each([
    [
      'iq:auth password',
      "<iq type='set' id='a1'><query xmlns='jabber:iq:auth'><username>user1</username><password>s3cret!</password><resource>r</resource></query></iq>",
      '<password>[redacted]</password>',
    ],
    [
      'registration password',
      '<query xmlns="jabber:iq:register"><username>u</username><password>p&amp;w</password></query>',
      '<password>[redacted]</password>',
    ],
    ['MUC join password', "<x xmlns='http://jabber.org/protocol/muc'><password>roompw</password></x>", '<password>[redacted]</password>'],
    [
      'SASL auth payload',
      "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AHVzZXIxAHB3ZDE=</auth>",
      `mechanism='PLAIN'>${REDACTED}</auth>`,
    ],
    ['SASL response payload', '<response xmlns="urn:ietf:params:xml:ns:xmpp-sasl">Yz1iaXdzLHI9</response>', `>${REDACTED}</response>`],
  ])('%s', (_name, input, expected) => {
    const out = redactSecrets(input);
    expect(out).toContain(expected);
    expect(out).not.toMatch(/s3cret|p&amp;w|roompw|AHVzZXIxAHB3ZDE=|Yz1iaXdzLHI9/);
  });

  it("replaces the user's own password wherever a server echoes it", () => {
    const echoed = "<iq type='error'><query xmlns='x'><pass>pwd42</pass></query><error type='modify'/></iq> pwd42";
    expect(redactSecrets(echoed, 'pwd42')).toBe(
      `<iq type='error'><query xmlns='x'><pass>${REDACTED}</pass></query><error type='modify'/></iq> ${REDACTED}`,
    );
  });

  it('leaves text without secrets as it is, and short passwords as bare strings alone', () => {
    const chat = "<message to='u@localhost' type='chat'><body>hello a</body></message>";
    expect(redactSecrets(chat, 'pwd1')).toBe(chat);
    expect(redactSecrets(chat, 'a')).toBe(chat);
    // a SASL success or a non-SASL <response> carries no secret
    expect(redactSecrets("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>dj1=</success>")).toContain('dj1=');
  });
});

describe('truncateText', () => {
  it('keeps short text and says how much was cut', () => {
    expect(truncateText('abc', 5)).toBe('abc');
    expect(truncateText('abcdefgh', 5)).toBe('abcde… [3 more chars]');
  });
});
