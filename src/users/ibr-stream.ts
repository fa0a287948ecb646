/**
 * One client stream for XEP-0077, promise-shaped because a batch sends one iq at a time:
 * open (unauthenticated for §3.1, or logged in for §3.2), send an iq and await the reply
 * with the same id, close. Every wait is bounded by a timeout.
 */
import type { XloadError } from '../errors.js';
import { XmppConnection, type ConnectionHandlers } from '../xmpp/connection.js';
import { ClosedByServerError, ProtocolError } from '../xmpp/errors.js';
import { parseFeatures } from '../xmpp/features.js';
import type { Frame } from '../xmpp/framer.js';
import { loginAccount, type AccountLogin } from './login-adapter.js';
import { UsersTimeoutError } from './errors.js';

/** Where the stream goes. */
export interface StreamTarget {
  host: string;
  port: number;
  domain: string;
}

type Waiter = { accept: (f: Frame) => boolean; resolve: (f: Frame) => void; reject: (e: XloadError) => void; timer: NodeJS.Timeout };

export class IbrStream implements ConnectionHandlers {
  private readonly conn = new XmppConnection(this);
  private waiter: Waiter | null = null;
  private closedWith: XloadError | null | undefined;
  private onClosed: (() => void) | null = null;
  private domain = '';

  /** True until the socket is gone. */
  get usable(): boolean {
    return this.closedWith === undefined && this.conn.state === 'connected';
  }

  /** Connects and opens a stream; resolves on the server's `<stream:features>` (RFC 6120 §4.3.2). */
  openAnonymous(t: StreamTarget, timeoutMs: number): Promise<void> {
    this.domain = t.domain;
    const features = this.wait((f) => f.name === 'stream:features', timeoutMs, `stream to ${t.host}:${t.port}`);
    this.conn.connect({ host: t.host, port: t.port, tls: false, connectTimeoutMs: timeoutMs });
    return features.then((f) => {
      // Registration before TLS is what these servers allow from loopback; a server that insists is answered plainly.
      if (parseFeatures(f).starttlsRequired)
        throw new ProtocolError('starttls_required', `${t.host}:${t.port} requires STARTTLS before registration`);
    });
  }

  /** Connects and logs in as the account (through the login adapter). */
  openLoggedIn(a: AccountLogin): Promise<void> {
    return new Promise((resolve, reject) =>
      loginAccount(this.conn, a, (err) => {
        if (!err) return resolve();
        // A failed login keeps the connection's handlers and destroys it: this stream is over.
        this.closedWith = err;
        reject(err);
      }),
    );
  }

  /** Sends an iq and resolves with the `<iq>` of type result or error that has its id. */
  iq(xml: string, id: string, timeoutMs: number): Promise<Frame> {
    const reply = this.wait(
      (f) => f.name === 'iq' && f.attrs.id === id && (f.attrs.type === 'result' || f.attrs.type === 'error'),
      timeoutMs,
      `reply to iq ${id}`,
    );
    if (!this.conn.send(xml)) this.settle(null, this.closedWith ?? new ClosedByServerError('stream closed before the iq was sent'));
    return reply;
  }

  /** Ends the stream politely; resolves once the socket is gone (bounded by the connection's grace timer). */
  close(): Promise<void> {
    if (this.closedWith !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.onClosed = resolve;
      this.conn.close();
    });
  }

  private wait(accept: (f: Frame) => boolean, timeoutMs: number, what: string): Promise<Frame> {
    return new Promise((resolve, reject) => {
      if (this.closedWith !== undefined) return reject(this.closedWith ?? new ClosedByServerError());
      const timer = setTimeout(() => {
        this.settle(null, new UsersTimeoutError(what));
        this.conn.destroy();
      }, timeoutMs);
      this.waiter = { accept, resolve, reject, timer };
    });
  }

  private settle(frame: Frame | null, err?: XloadError): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = null;
    clearTimeout(w.timer);
    if (frame) w.resolve(frame);
    else w.reject(err ?? new ClosedByServerError());
  }

  onConnected(): void {
    this.conn.openStream(this.domain);
  }

  onStreamOpen(): void {}

  onFrame(frame: Frame): void {
    if (this.waiter?.accept(frame)) this.settle({ name: frame.name, attrs: { ...frame.attrs }, raw: frame.raw.slice() });
  }

  onClose(err: XloadError | null): void {
    this.closedWith = err;
    this.settle(null, err ?? new ClosedByServerError('stream closed'));
    this.onClosed?.();
  }
}
