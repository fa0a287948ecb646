/**
 * One XMPP client connection: a socket (TCP, direct TLS, or upgraded by STARTTLS), a
 * UTF-8 decoder and one StreamFramer. Callback based and cheap: socket listeners are
 * shared functions that find their connection through a symbol on the socket, and the
 * only timer is the connect timeout (plus a short grace timer while closing).
 */
import net from 'node:net';
import tls from 'node:tls';
import { StringDecoder } from 'node:string_decoder';
import type { XloadError } from '../errors.js';
import { parseElement } from './element.js';
import { ClosedByServerError, ConnectError, SocketError, StreamError, TlsError, type XmlFramingError } from './errors.js';
import { StreamFramer, type Frame, type FramerSink } from './framer.js';
import { streamClose, streamHeader } from './stanzas.js';
import type { TrafficTap } from './transport.js';
import {
  CLOSE_GRACE_MS,
  checkTransition,
  clientTlsOptions,
  type ConnectOptions,
  type ConnectionHandlers,
  type ConnectionState,
} from './connection-types.js';

export { CLOSE_GRACE_MS };
export type { ConnectOptions, ConnectionHandlers, ConnectionState };

const OWNER = Symbol('xload.connection');
type OwnedSocket = net.Socket & { [OWNER]?: XmppConnection };

const STREAM_ERROR_NS = 'urn:ietf:params:xml:ns:xmpp-streams';

/**
 * One receive buffer for every plain-TCP socket of this thread (net's `onread`): libuv
 * reads into it and onSocketRead decodes it to a string at once, before any other read,
 * so sharing is safe. Without it each read allocates a Buffer and runs the Readable
 * stream's push, 'data' and nextTick machinery: the largest share of the garbage per
 * received stanza. TLS sockets (their own decrypted buffers) keep the 'data' path.
 */
const READ_BUFFER_BYTES = 64 * 1024;
let readBuffer: Buffer | null = null;

export class XmppConnection implements FramerSink {
  bytesIn = 0;
  bytesOut = 0;
  stanzasIn = 0;
  /** Calls of send() that wrote (stream headers and closes are not counted). */
  stanzasOut = 0;
  /** See XmppTransport.onSend. */
  onSend: ((data: string) => void) | null = null;
  /** See XmppTransport.trafficTap. */
  trafficTap: TrafficTap | null = null;
  /** `id` of the last stream header received (needed by XEP-0078 digest auth). */
  streamId = '';
  private _state: ConnectionState = 'idle';
  private socket: OwnedSocket | null = null;
  /** Created on the first chunk that ends inside a UTF-8 sequence; most connections never need one. */
  private decoder: StringDecoder | null = null;
  private readonly framer: StreamFramer;
  private timer: NodeJS.Timeout | null = null;
  private opts: ConnectOptions | null = null;
  /** The error to report when the socket closes; first one wins. */
  private closeErr: XloadError | null = null;
  private closeRequested = false;
  private tlsDone: ((err?: XloadError) => void) | null = null;

  constructor(
    /** Swappable: the login flow takes them over and hands them back. */
    public handlers: ConnectionHandlers,
    opts?: { maxStanzaBytes?: number },
  ) {
    this.framer = new StreamFramer(this, opts);
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** True once the socket is encrypted (direct TLS or after STARTTLS). */
  get encrypted(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  /** The TLS socket once encrypted, else null: SCRAM-*-PLUS binds to it (RFC 5802 §6). */
  get tlsSocket(): tls.TLSSocket | null {
    return this.socket instanceof tls.TLSSocket ? this.socket : null;
  }

  private setState(next: ConnectionState): void {
    this._state = checkTransition('connection', this._state, next);
  }

  connect(o: ConnectOptions): void {
    this.setState('connecting');
    this.opts = o;
    const base = { host: o.host, port: o.port, localAddress: o.localAddress, family: o.family, noDelay: true };
    let sock: OwnedSocket;
    if (o.tls) {
      sock = tls.connect({ ...base, ...this.tlsSettings() });
      sock.once('secureConnect', XmppConnection.onSocketConnect);
    } else {
      readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES);
      sock = net.connect({ ...base, onread: { buffer: readBuffer, callback: XmppConnection.onSocketRead } });
      sock.once('connect', XmppConnection.onSocketConnect);
    }
    this.attach(sock);
    this.timer = setTimeout(XmppConnection.onConnectTimeout, o.connectTimeoutMs, this);
  }

  private tlsSettings(): tls.ConnectionOptions {
    return clientTlsOptions(this.opts as ConnectOptions);
  }

  private attach(sock: OwnedSocket): void {
    sock[OWNER] = this;
    this.socket = sock;
    sock.on('data', XmppConnection.onSocketData);
    sock.on('end', XmppConnection.onSocketEnd);
    sock.on('error', XmppConnection.onSocketError);
    sock.on('close', XmppConnection.onSocketClose);
  }

  /** Writes a stanza (or any raw XML). Returns false, writing nothing, unless connected. */
  send(data: string): boolean {
    if (this._state !== 'connected' || !this.socket) return false;
    this.bytesOut += Buffer.byteLength(data);
    this.stanzasOut++;
    this.socket.write(data);
    this.onSend?.(data);
    this.trafficTap?.traffic('out', data);
    return true;
  }

  private write(data: string): void {
    if (!this.socket || this.socket.destroyed) return;
    this.bytesOut += Buffer.byteLength(data);
    this.socket.write(data);
  }

  /** Opens (or restarts, RFC 6120 §4.3.3) the stream: resets the framer, writes the header. */
  openStream(to: string, opts?: { version?: '1.0' | null; lang?: string }): void {
    this.framer.reset();
    this.write(streamHeader(to, opts?.version === undefined ? '1.0' : opts.version, opts?.lang));
  }

  /**
   * After `<proceed/>` (RFC 6120 §5.4.2.3): upgrades the socket in place. onDone() on
   * success; on failure onDone(err), then onClose(err) with the same error object.
   * The caller then opens a new stream.
   */
  startTls(onDone: (err?: XloadError) => void): void {
    const raw = this.socket;
    if (this._state !== 'connected' || !raw || this.encrypted) {
      onDone(new TlsError(`cannot start TLS in state ${this._state}`));
      return;
    }
    raw.removeListener('data', XmppConnection.onSocketData);
    raw.removeListener('end', XmppConnection.onSocketEnd);
    raw.removeListener('close', XmppConnection.onSocketClose);
    // The raw socket keeps its error listener: errors there still end this connection.
    this.tlsDone = onDone;
    this.decoder = null;
    this.framer.reset();
    const sock: OwnedSocket = tls.connect({ socket: raw, ...this.tlsSettings() });
    sock.once('secureConnect', XmppConnection.onTlsUpgraded);
    this.attach(sock);
  }

  /** Ends the stream politely (RFC 6120 §4.4); onClose(null) follows when the socket closes. */
  close(): void {
    this.closeRequested = true;
    if (this._state === 'idle') return this.setState('closed');
    if (this._state !== 'connected') {
      if (this._state === 'connecting') this.socket?.destroy();
      return;
    }
    this.setState('closing');
    this.write(streamClose());
    this.endSocket();
  }

  /** Drops the socket at once; onClose follows (null unless an error was pending). */
  destroy(): void {
    this.closeRequested = true;
    if (this._state === 'idle') return this.setState('closed');
    this.socket?.destroy();
  }

  private endSocket(): void {
    this.socket?.end();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(XmppConnection.onGraceOver, CLOSE_GRACE_MS, this);
    this.timer.unref();
  }

  /** Records the error and ends the stream from our side. */
  private abort(err: XloadError, streamErrorCondition?: string): void {
    this.closeErr ??= err;
    if (this._state === 'closed') return;
    if (this._state === 'connected') {
      this.setState('closing');
      const se = streamErrorCondition ? `<stream:error><${streamErrorCondition} xmlns='${STREAM_ERROR_NS}'/></stream:error>` : '';
      this.write(se + streamClose());
      this.endSocket();
    } else {
      this.socket?.destroy();
    }
  }

  // FramerSink: called by this connection's framer only.

  /** @internal */
  onStreamOpen(attrs: Record<string, string>): void {
    // Copied: attribute values are slices of the receive buffer, which must not stay alive.
    this.streamId = attrs.id ? Buffer.from(attrs.id, 'utf8').toString('utf8') : '';
    this.handlers.onStreamOpen(attrs);
  }

  /** @internal */
  onFrame(frame: Frame): void {
    this.stanzasIn++;
    this.trafficTap?.traffic('in', frame.raw);
    if (frame.name === 'stream:error') {
      let err: XloadError;
      try {
        err = StreamError.fromElement(parseElement(frame.raw), frame.raw);
      } catch {
        err = new StreamError('undefined-condition', undefined, frame.raw);
      }
      this.abort(err);
      return;
    }
    this.handlers.onFrame(frame);
  }

  /** @internal */
  onStreamClose(): void {
    if (this.closeRequested || this._state === 'closing') return;
    this.abort(new ClosedByServerError('server closed the stream'));
  }

  /** @internal */
  onError(err: XmlFramingError): void {
    this.abort(err, err.code === 'stanza_too_large' ? 'policy-violation' : 'not-well-formed');
  }

  // Socket listeners, shared by all connections (`this` is the socket).

  private static onSocketConnect(this: OwnedSocket): void {
    const c = this[OWNER];
    if (!c || c._state !== 'connecting') return;
    if (c.timer) clearTimeout(c.timer);
    c.timer = null;
    c.setState('connected');
    c.handlers.onConnected();
  }

  private static onTlsUpgraded(this: OwnedSocket): void {
    const c = this[OWNER];
    const done = c?.tlsDone;
    if (!c || !done) return;
    c.tlsDone = null;
    done();
  }

  private static onSocketData(this: OwnedSocket, chunk: Buffer): void {
    const c = this[OWNER];
    if (c) c.received(chunk, chunk.length);
  }

  /** net's onread callback (plain TCP): `buf` is the shared readBuffer, valid until return. */
  private static onSocketRead(this: OwnedSocket, nread: number, buf: Uint8Array): boolean {
    const c = this[OWNER];
    if (c) c.received(buf as Buffer, nread);
    return true; // keep reading (false would pause the socket)
  }

  /** Decodes the first `n` bytes of `buf` (UTF-8, RFC 6120 §11.6) and feeds the framer. */
  private received(buf: Buffer, n: number): void {
    this.bytesIn += n;
    let text: string;
    if (this.decoder) text = this.decoder.write(n === buf.length ? buf : buf.subarray(0, n));
    else if ((buf[n - 1] as number) < 0x80) text = buf.toString('utf8', 0, n);
    else text = (this.decoder = new StringDecoder('utf8')).write(n === buf.length ? buf : buf.subarray(0, n));
    if (text.length > 0) this.framer.push(text);
  }

  private static onSocketEnd(this: OwnedSocket): void {
    const c = this[OWNER];
    if (c && !c.closeRequested) c.closeErr ??= new ClosedByServerError();
  }

  private static onSocketError(this: OwnedSocket, err: NodeJS.ErrnoException): void {
    const c = this[OWNER];
    if (!c) return;
    const tlsFailure = /SSL|TLS|CERT/i.test(err.code ?? '') || c.tlsDone !== null;
    let mapped: XloadError;
    if (tlsFailure) mapped = new TlsError(`TLS failed: ${err.message}`, { cause: err });
    else if (c._state === 'connecting') mapped = ConnectError.fromSystemError(err, `${c.opts?.host}:${c.opts?.port}`);
    else mapped = new SocketError(err);
    if (!c.closeRequested || c._state === 'connecting') c.closeErr ??= mapped;
    const done = c.tlsDone;
    c.tlsDone = null;
    done?.(c.closeErr ?? mapped);
  }

  private static onSocketClose(this: OwnedSocket): void {
    const c = this[OWNER];
    if (!c || c._state === 'closed') return;
    if (c.timer) clearTimeout(c.timer);
    c.timer = null;
    const wasConnecting = c._state === 'connecting';
    c.setState('closed');
    c.socket = null;
    const err =
      c.closeErr ??
      (c.closeRequested
        ? null
        : wasConnecting
          ? new ConnectError('connect_error.closed', 'socket closed while connecting')
          : new ClosedByServerError());
    const done = c.tlsDone;
    c.tlsDone = null;
    done?.(err ?? new TlsError('connection closed during TLS handshake'));
    c.handlers.onClose(err);
  }

  private static onConnectTimeout(c: XmppConnection): void {
    c.timer = null;
    c.closeErr ??= new ConnectError('connect_timeout', `connect to ${c.opts?.host}:${c.opts?.port} timed out`);
    c.socket?.destroy();
  }

  private static onGraceOver(c: XmppConnection): void {
    c.timer = null;
    c.socket?.destroy();
  }
}
