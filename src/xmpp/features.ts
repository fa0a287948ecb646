/** Reading `<stream:features/>` (RFC 6120 §4.3.2) into flags the login flow branches on. */
import { child, children, parseElement, text } from './element.js';
import type { Frame } from './framer.js';

/** What the server offers on this stream. */
export interface StreamFeatures {
  starttls: boolean;
  /** RFC 6120 §5.4.1: `<required/>` inside `<starttls/>`. */
  starttlsRequired: boolean;
  /** SASL mechanisms, upper case, in the server's order. */
  mechanisms: string[];
  /** XEP-0440 channel-binding types the server supports; null when it does not say. */
  channelBindings: string[] | null;
  bind: boolean;
  /** RFC 3921 session is offered and not marked `<optional/>` (so it must be established). */
  session: boolean;
  /** XEP-0198 stream management. */
  sm: boolean;
  /** XEP-0077 in-band registration. */
  register: boolean;
  /** XEP-0078 non-SASL authentication. */
  legacyAuth: boolean;
  /** XEP-0352 client state indication. */
  csi: boolean;
}

export function parseFeatures(frame: Frame): StreamFeatures {
  const el = parseElement(frame.raw);
  const tls = child(el, 'starttls', 'urn:ietf:params:xml:ns:xmpp-tls');
  const mechs = child(el, 'mechanisms', 'urn:ietf:params:xml:ns:xmpp-sasl');
  const session = child(el, 'session', 'urn:ietf:params:xml:ns:xmpp-session');
  const cb = child(el, 'sasl-channel-binding', 'urn:xmpp:sasl-cb:0');
  return {
    starttls: tls !== undefined,
    starttlsRequired: tls !== undefined && child(tls, 'required') !== undefined,
    mechanisms: mechs ? children(mechs, 'mechanism').map((m) => text(m).trim().toUpperCase()) : [],
    // XEP-0440 §2: <channel-binding type='...'/> children, one per supported type.
    channelBindings: cb ? children(cb, 'channel-binding').map((c) => c.attrs.type ?? '').filter((t) => t !== '') : null,
    bind: child(el, 'bind', 'urn:ietf:params:xml:ns:xmpp-bind') !== undefined,
    session: session !== undefined && child(session, 'optional') === undefined,
    sm: child(el, 'sm', 'urn:xmpp:sm:3') !== undefined,
    register: child(el, 'register', 'http://jabber.org/features/iq-register') !== undefined,
    legacyAuth: child(el, 'auth', 'http://jabber.org/features/iq-auth') !== undefined,
    csi: child(el, 'csi', 'urn:xmpp:csi:0') !== undefined,
  };
}
