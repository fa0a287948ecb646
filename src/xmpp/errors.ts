/**
 * Named errors of the XMPP client layer. Each `code` is the stable error class that ends
 * up in summary.json's `errors` map, so never change an existing code's spelling.
 */
import { XloadError } from '../errors.js';
import type { XmlElement } from './element.js';
import { child, text } from './element.js';

/** TCP (or direct TLS) connection could not be established. */
export class ConnectError extends XloadError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }

  /** Maps a Node.js socket error (errno string) to a stable code. */
  static fromSystemError(err: NodeJS.ErrnoException, target: string): ConnectError {
    const errno = err.code ?? 'unknown';
    return new ConnectError(connectCode(errno), `connect to ${target} failed: ${err.message}`, { cause: err });
  }
}

function connectCode(errno: string): string {
  switch (errno) {
    case 'ECONNREFUSED':
      return 'connect_refused';
    case 'ETIMEDOUT':
      return 'connect_timeout';
    case 'EADDRINUSE':
    case 'EADDRNOTAVAIL':
      return 'address_in_use';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no_route';
    default:
      return `connect_error.${errno.toLowerCase()}`;
  }
}

/** An established socket failed (reset, broken pipe) outside of a clean close. */
export class SocketError extends XloadError {
  constructor(err: NodeJS.ErrnoException) {
    super(`socket_error.${(err.code ?? 'unknown').toLowerCase()}`, `socket error: ${err.message}`, { cause: err });
  }
}

/** TLS handshake (direct TLS or STARTTLS) failed. */
export class TlsError extends XloadError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('tls_failed', message, options);
  }
}

const STREAMS_NS = 'urn:ietf:params:xml:ns:xmpp-streams';
const STANZAS_NS = 'urn:ietf:params:xml:ns:xmpp-stanzas';

/** First child element that is not `<text/>`: the defined condition (RFC 6120 §4.9.2, §8.3.2). */
function conditionOf(el: XmlElement, ns: string): string {
  let fallback: string | undefined;
  for (const c of el.children) {
    if (typeof c === 'string' || c.name === 'text') continue;
    if (c.attrs.xmlns === ns) return c.name;
    fallback ??= c.name;
  }
  return fallback ?? 'undefined-condition';
}

/** `<stream:error>` received (RFC 6120 §4.9): the stream is dead. */
export class StreamError extends XloadError {
  constructor(
    readonly condition: string,
    readonly text?: string,
    detail?: string,
  ) {
    super(
      `stream_error.${condition}`,
      `stream error ${condition}${text ? `: ${text}` : ''}`,
      detail === undefined ? undefined : { detail },
    );
  }

  /** `raw`: the element as received, kept as the error's detail. */
  static fromElement(el: XmlElement, raw?: string): StreamError {
    const t = child(el, 'text');
    return new StreamError(conditionOf(el, STREAMS_NS), t ? text(t) : undefined, raw);
  }
}

/** A stanza of type="error" (RFC 6120 §8.3), as a reply to one of ours. */
export class StanzaError extends XloadError {
  constructor(
    readonly condition: string,
    readonly type?: string,
    readonly text?: string,
    detail?: string,
  ) {
    super(
      `stanza_error.${condition}`,
      `stanza error ${condition}${text ? `: ${text}` : ''}`,
      detail === undefined ? undefined : { detail },
    );
  }

  /** Accepts the stanza itself or its `<error/>` child; `raw`: the stanza as received. */
  static fromElement(el: XmlElement, raw?: string): StanzaError {
    const err = el.name === 'error' ? el : child(el, 'error');
    if (!err) return new StanzaError('undefined-condition', undefined, undefined, raw);
    const t = child(err, 'text');
    return new StanzaError(conditionOf(err, STANZAS_NS), err.attrs.type, t ? text(t) : undefined, raw);
  }
}

/** SASL (RFC 6120 §6.5) or legacy iq:auth failure, or a SCRAM server signature mismatch. */
export class SaslError extends XloadError {
  constructor(
    readonly condition: string,
    readonly text?: string,
    detail?: string,
  ) {
    super('auth_failed', `authentication failed: ${condition}${text ? `: ${text}` : ''}`, detail === undefined ? undefined : { detail });
  }

  /** From `<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>` (RFC 6120 §6.4.5); `raw`: as received. */
  static fromElement(el: XmlElement, raw?: string): SaslError {
    const t = child(el, 'text');
    let condition = 'not-authorized';
    for (const c of el.children) {
      if (typeof c !== 'string' && c.name !== 'text') {
        condition = c.name;
        break;
      }
    }
    return new SaslError(condition, t ? text(t) : undefined, raw);
  }
}

/** The server closed the stream or the socket while we were not closing. */
export class ClosedByServerError extends XloadError {
  constructor(message = 'connection closed by server') {
    super('closed_by_server', message);
  }
}

/** Inbound bytes are not a well-formed XMPP stream, or a stanza exceeds the size limit. */
export class XmlFramingError extends XloadError {
  constructor(code: 'xml_malformed' | 'stanza_too_large', message: string) {
    super(code, message);
  }
}

/** The server replied with something the protocol does not allow at that point. */
export class ProtocolError extends XloadError {
  constructor(what: string, message: string) {
    super(`protocol_error.${what}`, message);
  }
}
