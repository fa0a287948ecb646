/**
 * XMPP over WebSocket (RFC 7395): one socket (ws or wss), the RFC 6455 handshake, then one
 * XML element per message. `<open/>` and `<close/>` in the framing namespace replace the
 * stream header and `</stream:stream>` (§3.3, §3.6); every other message is a stanza or
 * stream-level element, handed on as a Frame with the same names as over TCP.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { XloadError } from '../errors.js';
import { CLOSE_GRACE_MS, checkTransition, clientTlsOptions, type ConnectOptions, type ConnectionHandlers, type ConnectionState } from './connection-types.js';
import { parseElement } from './element.js';
import { ClosedByServerError, ConnectError, SocketError, StreamError, TlsError, XmlFramingError } from './errors.js';
import { escapeAttr } from './escape.js';
import { DEFAULT_MAX_STANZA_BYTES } from './framer.js';
import { ElementScanner, type ScannerSink } from './scanner.js';
import type { HttpTarget, XmppTransport } from './transport.js';
import { withClientNs } from './client-ns.js';
import { checkHandshake, encodeFrame, FrameReader, handshakeRequest, newKey, Op, type FrameSink } from './ws-codec.js';

export const FRAMING_NS = 'urn:ietf:params:xml:ns:xmpp-framing';
const STREAMS_NS = 'http://etherx.jabber.org/streams';

export class XmppWebSocket implements XmppTransport, FrameSink, ScannerSink {
  bytesIn = 0;
  bytesOut = 0;
  stanzasIn = 0;
  stanzasOut = 0;
  streamId = '';
  private _state: ConnectionState = 'idle';
  private socket: net.Socket | null = null;
  private key = '';
  /** Bytes of the HTTP answer until the handshake is done; null afterwards. */
  private head: Buffer | null = null;
  private readonly reader: FrameReader;
  private readonly scanner: ElementScanner;
  private timer: NodeJS.Timeout | null = null;
  private closeErr: XloadError | null = null;
  private closeRequested = false;
  private opts: ConnectOptions | null = null;

  constructor(
    public handlers: ConnectionHandlers,
    private readonly target: HttpTarget,
  ) {
    this.reader = new FrameReader(this, DEFAULT_MAX_STANZA_BYTES);
    this.scanner = new ElementScanner(this, DEFAULT_MAX_STANZA_BYTES);
  }

  get state(): ConnectionState {
    return this._state;
  }

  get encrypted(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  private setState(next: ConnectionState): void {
    this._state = checkTransition('websocket', this._state, next);
  }

  connect(o: ConnectOptions): void {
    this.setState('connecting');
    this.opts = o;
    const base = { host: o.host, port: o.port, localAddress: o.localAddress, family: o.family, noDelay: true };
    const sock = o.tls
      ? tls.connect({ ...base, ...clientTlsOptions(o) })
      : net.connect(base);
    this.socket = sock;
    sock.once(o.tls ? 'secureConnect' : 'connect', () => this.onSocketConnect());
    sock.on('data', (c: Buffer) => this.onData(c));
    sock.on('end', () => {
      if (!this.closeRequested) this.closeErr ??= new ClosedByServerError();
    });
    sock.on('error', (err: NodeJS.ErrnoException) => this.onSocketError(err));
    sock.on('close', () => this.onSocketClose());
    this.timer = setTimeout(() => {
      this.closeErr ??= new ConnectError('connect_timeout', `websocket connect to ${o.host}:${o.port} timed out`);
      this.socket?.destroy();
    }, o.connectTimeoutMs);
  }

  private onSocketConnect(): void {
    const o = this.opts!;
    this.key = newKey();
    this.head = Buffer.alloc(0);
    this.writeRaw(handshakeRequest(o.host, o.port, this.target.path, this.key));
  }

  private onData(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    if (this.head === null) return this.reader.push(chunk);
    this.head = Buffer.concat([this.head, chunk]);
    const end = this.head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.head.length > 16384) this.fail(new ConnectError('connect_error.websocket', 'HTTP answer too long'));
      return;
    }
    const why = checkHandshake(this.head.subarray(0, end).toString('latin1'), this.key);
    const rest = this.head.subarray(end + 4);
    this.head = null;
    if (why) return this.fail(new ConnectError('connect_error.websocket', `websocket ${this.target.path}: ${why}`));
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.setState('connected');
    this.handlers.onConnected();
    if (rest.length > 0) this.reader.push(rest);
  }

  send(data: string): boolean {
    if (this._state !== 'connected') return false;
    this.stanzasOut++;
    this.writeMessage(withClientNs(data));
    return true;
  }

  private writeMessage(data: string): void {
    const frame = encodeFrame(this.target.frame === 'binary' ? Op.Binary : Op.Text, Buffer.from(data, 'utf8'));
    this.bytesOut += frame.length;
    this.socket?.write(frame);
  }

  private writeRaw(s: string): void {
    this.bytesOut += Buffer.byteLength(s);
    this.socket?.write(s);
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

  destroy(): void {
    this.closeRequested = true;
    if (this._state === 'idle') return this.setState('closed');
    this.socket?.destroy();
  }

  private graceTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.socket?.destroy(), CLOSE_GRACE_MS);
    this.timer.unref();
  }

  private fail(err: XloadError): void {
    this.closeErr ??= err;
    this.socket?.destroy();
  }

  // FrameSink (WebSocket messages)

  onMessage(data: Buffer): void {
    this.scanner.push(data.toString('utf8'));
  }

  onPing(data: Buffer): void {
    const f = encodeFrame(Op.Pong, data);
    this.bytesOut += f.length;
    this.socket?.write(f);
  }

  onCloseFrame(): void {
    if (!this.closeRequested) this.closeErr ??= new ClosedByServerError('server closed the websocket');
    const f = encodeFrame(Op.Close, Buffer.alloc(0));
    this.socket?.write(f);
    this.socket?.end();
    this.graceTimer();
  }

  onProtocolError(why: string): void {
    this.fail(new XmlFramingError('xml_malformed', `websocket: ${why}`));
  }

  // ScannerSink (XML elements inside messages)

  onElement(name: string, attrs: Record<string, string>, raw: string): void {
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
    // Over WebSocket the streams namespace is declared on the element itself (§3.3.3).
    const frameName = local !== name || attrs.xmlns !== STREAMS_NS ? name : `stream:${local}`;
    if (frameName === 'stream:error') {
      let err: XloadError;
      try {
        err = StreamError.fromElement(parseElement(raw));
      } catch {
        err = new StreamError('undefined-condition');
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

  private onSocketError(err: NodeJS.ErrnoException): void {
    const mapped =
      this._state === 'connecting'
        ? ConnectError.fromSystemError(err, `${this.opts?.host}:${this.opts?.port}`)
        : /SSL|TLS|CERT/i.test(err.code ?? '')
          ? new TlsError(`TLS failed: ${err.message}`, { cause: err })
          : new SocketError(err);
    if (!this.closeRequested || this._state === 'connecting') this.closeErr ??= mapped;
  }

  private onSocketClose(): void {
    if (this._state === 'closed') return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wasConnecting = this._state === 'connecting';
    this.setState('closed');
    this.socket = null;
    const err =
      this.closeErr ??
      (this.closeRequested ? null : wasConnecting ? new ConnectError('connect_error.closed', 'socket closed while connecting') : new ClosedByServerError());
    this.handlers.onClose(err);
  }
}
