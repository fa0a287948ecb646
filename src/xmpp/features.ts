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

/**
 * Features already read, by their exact text. A server sends the same few feature sets to
 * every client (before auth, after auth), so every user shares one frozen object per set:
 * no DOM built per login, and no per-user copy kept for the whole session. Bounded, for a
 * server that varies its features (a per-stream nonce, say): then nothing more is cached.
 */
const cache = new Map<string, Readonly<StreamFeatures>>();
const CACHE_MAX = 32;

/** Reads a `<stream:features/>` frame. The result is shared and frozen: do not modify it. */
export function parseFeatures(frame: Frame): Readonly<StreamFeatures> {
  const hit = cache.get(frame.raw);
  if (hit) return hit;
  const f = readFeatures(frame.raw);
  Object.freeze(f.mechanisms);
  if (f.channelBindings) Object.freeze(f.channelBindings);
  Object.freeze(f);
  // The key is a copy: frame.raw may be a slice of a whole receive chunk.
  if (cache.size < CACHE_MAX) cache.set(Buffer.from(frame.raw, 'utf8').toString('utf8'), f);
  return f;
}

function readFeatures(raw: string): StreamFeatures {
  const el = parseElement(raw);
  const tls = child(el, 'starttls', 'urn:ietf:params:xml:ns:xmpp-tls');
  const mechs = child(el, 'mechanisms', 'urn:ietf:params:xml:ns:xmpp-sasl');
  const session = child(el, 'session', 'urn:ietf:params:xml:ns:xmpp-session');
  const cb = child(el, 'sasl-channel-binding', 'urn:xmpp:sasl-cb:0');
  return {
    starttls: tls !== undefined,
    starttlsRequired: tls !== undefined && child(tls, 'required') !== undefined,
    mechanisms: mechs ? children(mechs, 'mechanism').map((m) => text(m).trim().toUpperCase()) : [],
    // XEP-0440 §2: <channel-binding type='...'/> children, one per supported type.
    channelBindings: cb
      ? children(cb, 'channel-binding')
          .map((c) => c.attrs.type ?? '')
          .filter((t) => t !== '')
      : null,
    bind: child(el, 'bind', 'urn:ietf:params:xml:ns:xmpp-bind') !== undefined,
    session: session !== undefined && child(session, 'optional') === undefined,
    sm: child(el, 'sm', 'urn:xmpp:sm:3') !== undefined,
    register: child(el, 'register', 'http://jabber.org/features/iq-register') !== undefined,
    legacyAuth: child(el, 'auth', 'http://jabber.org/features/iq-auth') !== undefined,
    csi: child(el, 'csi', 'urn:xmpp:csi:0') !== undefined,
  };
}
