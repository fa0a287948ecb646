import { describe, expect, it } from 'vitest';
import { bodyInner, bodyOpenAttrs, restartBody, sessionBody, terminateBody, wrapBody } from './bosh-body.js';

describe('BOSH bodies', () => {
  it('writes session creation, restart, payload and terminate bodies', () => {
    expect(sessionBody(7, 'localhost', 30, true)).toMatch(
      /^<body content='text\/xml; charset=utf-8' hold='1' rid='7' to='localhost' ver='1.6' wait='30' xml:lang='en' xmpp:version='1.0' /,
    );
    expect(sessionBody(7, 'localhost', 30, false)).not.toContain('xmpp:version');
    expect(restartBody(8, 's1', 'localhost')).toContain("xmpp:restart='true'");
    expect(wrapBody(9, 's1', '')).toBe("<body rid='9' sid='s1' xmlns='http://jabber.org/protocol/httpbind'/>");
    expect(terminateBody(10, 's1', '<presence/>')).toContain("type='terminate'");
  });

  it('reads attributes and children of responses, self-closed or not', () => {
    expect(bodyOpenAttrs("<body xmlns='http://jabber.org/protocol/httpbind' type='terminate'/>")).toEqual({
      xmlns: 'http://jabber.org/protocol/httpbind',
      type: 'terminate',
    });
    const full = "<body sid='abc' requests='2'><stream:features><bind/></stream:features><iq id='1'/></body>";
    expect(bodyOpenAttrs(full)?.sid).toBe('abc');
    expect(bodyInner(full)).toBe("<stream:features><bind/></stream:features><iq id='1'/>");
    expect(bodyInner("<body sid='abc'/>")).toBe('');
    expect(bodyOpenAttrs('<html>502</html>')).toBeNull();
  });
});
