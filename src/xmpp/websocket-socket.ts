/**
 * The WebSocket under XMPP-over-WebSocket: one socket (ws or wss), the RFC 6455 §4 opening
 * handshake, then WebSocket messages in and out, pings answered and the close handshake
 * (§5.5). What the messages carry is the subclass's business (XmppWebSocket, RFC 7395).
 * Owner callbacks are the transport's ConnectionHandlers: onConnected once the upgrade is
 * done, onClose exactly once when the socket is gone.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { XloadError } from '../errors.js';
import {
  CLOSE_GRACE_MS,
  checkTransition,
  clientTlsOptions,
  type ConnectOptions,
  type ConnectionHandlers,
  type ConnectionState,
} from './connection-types.js';
import { ClosedByServerError, ConnectError, SocketError, TlsError, XmlFramingError } from './errors.js';
import { DEFAULT_MAX_STANZA_BYTES } from './framer.js';
import type { HttpTarget } from './transport.js';
import { checkHandshake, encodeFrame, FrameReader, handshakeRequest, newKey, Op, type FrameSink } from './ws-codec.js';

/** Longest HTTP answer to the upgrade request we read before giving up. */
const MAX_HANDSHAKE_BYTES = 16384;

export abstract class WebSocketClient implements FrameSink {
  bytesIn = 0;
  bytesOut = 0;
  protected _state: ConnectionState = 'idle';
  protected socket: net.Socket | null = null;
  protected closeErr: XloadError | null = null;
  protected closeRequested = false;
  private key = '';
  /** Bytes of the HTTP answer until the handshake is done; null afterwards. */
  private head: Buffer | null = null;
  private readonly reader: FrameReader;
  private timer: NodeJS.Timeout | null = null;
  private opts: ConnectOptions | null = null;

  constructor(
    public handlers: ConnectionHandlers,
    protected readonly target: HttpTarget,
  ) {
    this.reader = new FrameReader(this, DEFAULT_MAX_STANZA_BYTES);
  }

  get state(): ConnectionState {
    return this._state;
  }

  get encrypted(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  protected setState(next: ConnectionState): void {
    this._state = checkTransition('websocket', this._state, next);
  }

  /** One complete WebSocket message (text or binary) from the server. */
  abstract onMessage(data: Buffer): void;

  connect(o: ConnectOptions): void {
    this.setState('connecting');
    this.opts = o;
    const base = { host: o.host, port: o.port, localAddress: o.localAddress, family: o.family, noDelay: true };
    const sock = o.tls ? tls.connect({ ...base, ...clientTlsOptions(o) }) : net.connect(base);
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

  /** RFC 6455 §4.1: the HTTP 101 answer first, then frames (maybe in the same chunk). */
  private onData(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    if (this.head === null) return this.reader.push(chunk);
    this.head = Buffer.concat([this.head, chunk]);
    const end = this.head.indexOf('\r\n\r\n');
    if (end < 0) {
      if (this.head.length > MAX_HANDSHAKE_BYTES) this.fail(new ConnectError('connect_error.websocket', 'HTTP answer too long'));
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

  protected writeMessage(data: string): void {
    const frame = encodeFrame(this.target.frame === 'binary' ? Op.Binary : Op.Text, Buffer.from(data, 'utf8'));
    this.bytesOut += frame.length;
    this.socket?.write(frame);
  }

  private writeRaw(s: string): void {
    this.bytesOut += Buffer.byteLength(s);
    this.socket?.write(s);
  }

  destroy(): void {
    this.closeRequested = true;
    if (this._state === 'idle') return this.setState('closed');
    this.socket?.destroy();
  }

  /** The server has CLOSE_GRACE_MS to finish the close handshake, then the socket goes. */
  protected graceTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.socket?.destroy(), CLOSE_GRACE_MS);
    this.timer.unref();
  }

  protected fail(err: XloadError): void {
    this.closeErr ??= err;
    this.socket?.destroy();
  }

  // FrameSink (WebSocket control frames)

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
      (this.closeRequested
        ? null
        : wasConnecting
          ? new ConnectError('connect_error.closed', 'socket closed while connecting')
          : new ClosedByServerError());
    this.handlers.onClose(err);
  }
}
