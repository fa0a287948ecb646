import { describe, expect, it } from 'vitest';
import { XloadError } from '../errors.js';
import { ClosedByServerError, ConnectError, ProtocolError, StanzaError, StreamError } from '../xmpp/errors.js';
import { ibrFatal, unregisterIq } from './ibr.js';

describe('ibr: which answers stop a batch', () => {
  it.each<[string, XloadError, boolean]>([
    ['a refused registration (XEP-0077 §3.1 not-allowed)', new StanzaError('not-allowed'), true],
    ['registration switched off (service-unavailable)', new StanzaError('service-unavailable'), true],
    ['forbidden', new StanzaError('forbidden'), true],
    ['an unreachable server', new ConnectError('connect_refused', 'refused'), true],
    ['a connect timeout', new ConnectError('connect_timeout', 'slow'), true],
    ['a domain the server does not serve', new StreamError('host-unknown'), true],
    ['a server that insists on TLS first', new ProtocolError('starttls_required', 'tls'), true],
    ['one slow reply', new XloadError('timeout', 'slow'), false],
    ['one stream closed under us', new ClosedByServerError(), false],
    ['a bad request for one account', new StanzaError('bad-request'), false],
  ])('%s: fatal %s', (_what, err, fatal) => {
    expect(ibrFatal(err)).toBe(fatal);
  });

  it('removes an account with an empty <remove/> (XEP-0077 §3.2)', () => {
    expect(unregisterIq('u1')).toBe("<iq type='set' id='u1'><query xmlns='jabber:iq:register'><remove/></query></iq>");
  });
});
