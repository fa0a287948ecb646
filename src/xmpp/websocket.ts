/**
 * XMPP over WebSocket (RFC 7395) on a WebSocketClient (the socket and RFC 6455 handshake):
 * one XML element per message. `<open/>` and `<close/>` in the framing namespace replace
 * the stream header and `</stream:stream>` (§3.3, §3.6); every other message is a stanza
 * or stream-level element, handed on as a Frame with the same names as over TCP.
 */
import type { XloadError } from '../errors.js';
import type { ConnectionHandlers } from './connection-types.js';
import { parseElement } from './element.js';
import { ClosedByServerError, StreamError, TlsError, type XmlFramingError } from './errors.js';
import { escapeAttr } from './escape.js';
import { DEFAULT_MAX_STANZA_BYTES, type Frame } from './framer.js';
import { ElementScanner, type ScannerSink } from './scanner.js';
import type { HttpTarget, TrafficTap, XmppTransport } from './transport.js';
import { withClientNs } from './client-ns.js';
import { WebSocketClient } from './websocket-socket.js';

export const FRAMING_NS = 'urn:ietf:params:xml:ns:xmpp-framing';
const STREAMS_NS = 'http://etherx.jabber.org/streams';

export class XmppWebSocket extends WebSocketClient implements XmppTransport, ScannerSink {
  stanzasIn = 0;
  stanzasOut = 0;
  /** See XmppTransport.onSend. */
  onSend: ((data: string) => void) | null = null;
  /** See XmppTransport.trafficTap. */
  trafficTap: TrafficTap | null = null;
  streamId = '';
  private readonly scanner: ElementScanner;

  constructor(handlers: ConnectionHandlers, target: HttpTarget) {
    super(handlers, target);
    this.scanner = new ElementScanner(this, DEFAULT_MAX_STANZA_BYTES);
  }

  send(data: string): boolean {
    if (this._state !== 'connected') return false;
    this.stanzasOut++;
    this.writeMessage(withClientNs(data));
    this.onSend?.(data);
    this.trafficTap?.traffic('out', data);
    return true;
  }

  /** RFC 7395 §3.4: `<open/>` opens or restarts the stream. */
  openStream(to: string, opts?: { version?: '1.0' | null; lang?: string }): void {
    this.scanner.reset();
    const version = opts?.version === null ? '' : " version='1.0'";
    const lang = opts?.lang ? ` xml:lang='${escapeAttr(opts.lang)}'` : '';
    this.writeMessage(`<open xmlns='${FRAMING_NS}' to='${escapeAttr(to)}'${version}${lang}/>`);
  }

  /** RFC 7395 §3.7: TLS is the WebSocket's (wss), never STARTTLS inside it. */
  startTls(onDone: (err?: XloadError) => void): void {
    onDone(new TlsError('STARTTLS is not used over WebSocket (RFC 7395 §3.7); use type="websocket_ssl"'));
  }

  /** RFC 7395 §3.6: `<close/>`, then the WebSocket close handshake. */
  close(): void {
    this.closeRequested = true;
    if (this._state === 'idle') return this.setState('closed');
    if (this._state !== 'connected') {
      if (this._state === 'connecting') this.socket?.destroy();
      return;
    }
    this.setState('closing');
    this.writeMessage(`<close xmlns='${FRAMING_NS}'/>`);
    this.graceTimer();
  }

  /** A WebSocket message: one or more XML elements (RFC 7395 §3.3.3 says exactly one). */
  onMessage(data: Buffer): void {
    this.scanner.push(data.toString('utf8'));
  }

  // ScannerSink (XML elements inside messages)

  onElement(frame: Frame): void {
    const { name, attrs, raw } = frame;
    const local = name.slice(name.indexOf(':') + 1);
    if (local === 'open' && (attrs.xmlns === FRAMING_NS || name === 'open')) {
      this.streamId = attrs.id ? Buffer.from(attrs.id, 'utf8').toString('utf8') : '';
      this.handlers.onStreamOpen(attrs);
      return;
    }
    if (local === 'close' && attrs.xmlns === FRAMING_NS) {
      if (this.closeRequested) {
        this.socket?.end();
        return;
      }
      this.closeErr ??= new ClosedByServerError('server closed the stream');
      this.close();
      return;
    }
    this.stanzasIn++;
    this.trafficTap?.traffic('in', raw);
    // Over WebSocket the streams namespace is declared on the element itself (§3.3.3).
    const frameName = local !== name || attrs.xmlns !== STREAMS_NS ? name : `stream:${local}`;
    if (frameName === 'stream:error') {
      let err: XloadError;
      try {
        err = StreamError.fromElement(parseElement(raw), raw);
      } catch {
        err = new StreamError('undefined-condition', undefined, raw);
      }
      this.fail(err);
      return;
    }
    this.handlers.onFrame({ name: frameName, attrs, raw });
  }

  onUnmatchedEnd(name: string): void {
    this.onProtocolError(`unexpected end tag </${name}>`);
  }

  onError(err: XmlFramingError): void {
    this.fail(err);
  }
}
