/**
 * The HTTP side of BOSH (XEP-0124): one keep-alive agent per session, POSTs of `<body/>`
 * documents, and the set of requests in flight (at most `requests`, i.e. hold + 1, §11).
 * A 200 answer's text goes to onBody; an HTTP error status or a failed request ends the
 * session through end(). What the bodies mean is the subclass's business (XmppBosh).
 */
import http from 'node:http';
import https from 'node:https';
import type { XloadError } from '../errors.js';
import { checkTransition, type ConnectOptions, type ConnectionHandlers, type ConnectionState } from './connection-types.js';
import { ClosedByServerError, ConnectError } from './errors.js';
import type { HttpTarget } from './transport.js';

/** Seconds the server may hold a request (XEP-0124 §7.1 `wait`). */
export const WAIT_S = 30;

export abstract class BoshHttp {
  bytesIn = 0;
  bytesOut = 0;
  protected _state: ConnectionState = 'idle';
  protected opts: ConnectOptions | null = null;
  protected readonly inflight = new Set<http.ClientRequest>();
  /** The server's `requests` (XEP-0124 §7.1); 2 until it says. */
  protected maxRequests = 2;
  protected closeRequested = false;
  private agent: http.Agent | null = null;

  constructor(
    public handlers: ConnectionHandlers,
    protected readonly target: HttpTarget,
  ) {}

  get state(): ConnectionState {
    return this._state;
  }

  get encrypted(): boolean {
    return this.opts?.tls === true;
  }

  protected setState(next: ConnectionState): void {
    this._state = checkTransition('bosh', this._state, next);
  }

  /** A response body (HTTP 200) to `req`, posted with these flags. */
  protected abstract onBody(text: string, creating: boolean, terminating: boolean, req: http.ClientRequest): void;

  /** Ends the session (onClose once); null = a close we asked for. */
  protected abstract end(err: XloadError | null): void;

  /** BOSH has no connection of its own: the HTTP agent connects with the first request. */
  connect(o: ConnectOptions): void {
    this.setState('connecting');
    this.opts = o;
    const agentOpts = { keepAlive: true, maxSockets: 3, localAddress: o.localAddress, family: o.family };
    this.agent = o.tls ? new https.Agent({ ...agentOpts, rejectUnauthorized: o.rejectUnauthorized ?? false }) : new http.Agent(agentOpts);
    setImmediate(() => {
      if (this._state !== 'connecting') return;
      this.setState('connected');
      this.handlers.onConnected();
    });
  }

  /** Posts one `<body/>`; the request is returned so a subclass can watch it ('finish'). */
  protected post(body: string, creating: boolean, terminating = false): http.ClientRequest {
    const o = this.opts!;
    const buf = Buffer.from(body, 'utf8');
    this.bytesOut += buf.length;
    const mod = o.tls ? https : http;
    const req = mod.request({
      host: o.host,
      port: o.port,
      path: this.target.path,
      method: 'POST',
      agent: this.agent ?? undefined,
      headers: { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': buf.length },
      timeout: (WAIT_S + 15) * 1000,
    });
    this.inflight.add(req);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        this.inflight.delete(req);
        const text = Buffer.concat(parts).toString('utf8');
        this.bytesIn += Buffer.byteLength(text);
        if (res.statusCode !== 200) return this.end(new ClosedByServerError(`BOSH ${this.target.path} answered HTTP ${res.statusCode}`));
        this.onBody(text, creating, terminating, req);
      });
    });
    req.on('timeout', () => req.destroy(new Error('BOSH request timed out')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!this.inflight.delete(req)) return;
      const mapped = creating
        ? ConnectError.fromSystemError(err, `${o.host}:${o.port}`)
        : new ClosedByServerError(`BOSH request failed: ${err.message}`);
      this.end(this.closeRequested ? null : mapped);
    });
    req.end(buf);
    return req;
  }

  /** Aborts every request in flight and closes the agent's sockets. */
  protected stopRequests(): void {
    for (const r of this.inflight) r.destroy();
    this.inflight.clear();
    this.agent?.destroy();
    this.agent = null;
  }
}
