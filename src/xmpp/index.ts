/** Public surface of the XMPP client layer. */
export { XmppConnection, CLOSE_GRACE_MS } from './connection.js';
export type { ConnectOptions, ConnectionHandlers, ConnectionState } from './connection.js';
export { XmppWebSocket, FRAMING_NS } from './websocket.js';
export { XmppBosh } from './bosh.js';
export type { XmppTransport, HttpTarget, TrafficTap } from './transport.js';
export { StreamFramer, DEFAULT_MAX_STANZA_BYTES } from './framer.js';
export type { Frame, FramerSink, FramerOptions } from './framer.js';
export { ElementScanner } from './scanner.js';
export type { ScannerSink } from './scanner.js';
export { parseElement, child, children, text, attr } from './element.js';
export type { XmlElement } from './element.js';
export { escapeXml, escapeAttr, unescapeXml } from './escape.js';
export { startTagAttrIs } from './lexer.js';
export {
  ConnectError,
  SocketError,
  TlsError,
  StreamError,
  StanzaError,
  SaslError,
  ClosedByServerError,
  XmlFramingError,
  ProtocolError,
} from './errors.js';
export { createSaslClient, pickMechanism, isSupportedMechanism, clearScramCache } from './sasl/index.js';
export type { SaslClient, SaslCredentials, SaslMechanism, SaslOptions } from './sasl/index.js';
export { legacyDigest, legacyAuthGet, legacyAuthSetPlain, legacyAuthSetDigest } from './legacy-auth.js';
export * from './stanzas.js';
export { parseFeatures } from './features.js';
export type { StreamFeatures } from './features.js';
export * from './login/index.js';
