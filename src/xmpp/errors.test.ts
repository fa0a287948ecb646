import { describe, expect, it } from 'vitest';
import { parseElement } from './element.js';
import { ConnectError, SaslError, SocketError, StanzaError, StreamError } from './errors.js';

describe('errors from elements', () => {
  it('StanzaError takes the defined condition, type and text from the stanza or its <error/>', () => {
    const iq = parseElement(
      `<iq type='error' id='1'><error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>` +
        `<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>gone</text></error></iq>`,
    );
    const e = StanzaError.fromElement(iq);
    expect(e).toMatchObject({ code: 'stanza_error.item-not-found', condition: 'item-not-found', type: 'cancel', text: 'gone' });
    expect(StanzaError.fromElement(parseElement(`<iq type='error'/>`)).code).toBe('stanza_error.undefined-condition');
  });

  it('StreamError ignores app-specific children in other namespaces first', () => {
    const el = parseElement(
      `<stream:error><x xmlns='urn:app'/><system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>`,
    );
    expect(StreamError.fromElement(el)).toMatchObject({ code: 'stream_error.system-shutdown', text: undefined });
  });

  it('SaslError reads the failure condition (RFC 6120 §6.5)', () => {
    const el = parseElement(`<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><account-disabled/><text>no</text></failure>`);
    expect(SaslError.fromElement(el)).toMatchObject({ code: 'auth_failed', condition: 'account-disabled', text: 'no' });
  });
});

describe('socket error codes', () => {
  const sys = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });
  it.each([
    ['ECONNREFUSED', 'connect_refused'],
    ['ETIMEDOUT', 'connect_timeout'],
    ['EADDRNOTAVAIL', 'address_in_use'],
    ['EADDRINUSE', 'address_in_use'],
    ['EHOSTUNREACH', 'no_route'],
    ['ENETUNREACH', 'no_route'],
    ['EMFILE', 'connect_error.emfile'],
  ])('%s -> %s', (errno, code) => {
    expect(ConnectError.fromSystemError(sys(errno), 'h:1').code).toBe(code);
  });
  it('SocketError codes by errno', () => {
    expect(new SocketError(sys('ECONNRESET')).code).toBe('socket_error.econnreset');
  });
});
