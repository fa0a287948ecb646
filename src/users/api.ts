/**
 * ejabberd's HTTP API (mod_http_api): `POST /api/register` and `/api/unregister`, over
 * keep-alive connections (one by default, so the server parses one request at a time).
 * `unregister` answers the same whether or not the account existed, so a delete asks
 * `check_account` first to tell deleted from missing.
 */
import http from 'node:http';
import https from 'node:https';
import { XloadError } from '../errors.js';
import { ConnectError } from '../xmpp/errors.js';
import type { Account, Lane, Remaining, ViaRunner } from './batch.js';
import { UsersTimeoutError } from './errors.js';
import type { Outcome, UsersOptions } from './types.js';

const REQUEST_TIMEOUT_MS = 10_000;

/** A non-2xx answer of the API, e.g. `api_error.403`. */
export class ApiError extends XloadError {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`api_error.${status}`, `ejabberd API answered ${status}: ${body.trim().slice(0, 200)}`);
  }
}

/** Internal: the request went out on a kept-alive socket the server had closed. */
class StaleSocketError extends XloadError {
  constructor() {
    super('api_stale_socket', 'kept-alive socket closed by the server');
  }
}

interface ApiReply {
  status: number;
  body: string;
}

class ApiClient {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(apiUrl: string, sockets: number) {
    this.base = new URL(`${apiUrl}/`);
    const Agent = this.base.protocol === 'https:' ? https.Agent : http.Agent;
    this.agent = new Agent({ keepAlive: true, maxSockets: sockets, rejectUnauthorized: false } as https.AgentOptions);
  }

  /** One POST; a kept-alive socket the server closed meanwhile (ECONNRESET on reuse) is retried once on a new one. */
  async call(command: string, args: Record<string, string>, timeoutMs: number): Promise<ApiReply> {
    try {
      return await this.post(command, args, timeoutMs);
    } catch (err) {
      if (!(err instanceof StaleSocketError)) throw err;
      return this.post(command, args, timeoutMs);
    }
  }

  private post(command: string, args: Record<string, string>, timeoutMs: number): Promise<ApiReply> {
    const url = new URL(command, this.base);
    const body = JSON.stringify(args);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(
        url,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          res.on('error', (e) => reject(new ConnectError('api_error.read', `reading the ejabberd API's answer: ${e.message}`)));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new UsersTimeoutError(`ejabberd API ${command}`)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (req.reusedSocket && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return reject(new StaleSocketError());
        reject(e instanceof XloadError ? e : ConnectError.fromSystemError(e, `${url.host} (ejabberd API)`));
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** ejabberd's reply when the account is there already (mod_http_api, error code 10090). */
function isConflict(r: ApiReply): boolean {
  return r.status === 409 || /already registered/i.test(r.body);
}

class ApiLane implements Lane {
  constructor(
    private readonly api: ApiClient,
    private readonly o: UsersOptions,
    private readonly action: 'create' | 'delete',
    private readonly remaining: Remaining,
  ) {}

  async handle(a: Account): Promise<Outcome> {
    const t = (): number => Math.min(REQUEST_TIMEOUT_MS, this.remaining());
    const host = this.o.domain;
    if (this.action === 'create') {
      const r = await this.api.call('register', { user: a.user, host, password: a.password }, t());
      if (r.status === 200) return 'done';
      if (isConflict(r)) return 'already';
      throw new ApiError(r.status, r.body);
    }
    const check = await this.api.call('check_account', { user: a.user, host }, t());
    if (check.status !== 200) throw new ApiError(check.status, check.body);
    // check_account answers 0 when the account exists, 1 when it does not.
    if (check.body.trim() !== '0') return 'already';
    const r = await this.api.call('unregister', { user: a.user, host }, t());
    if (r.status === 200) return 'done';
    throw new ApiError(r.status, r.body);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

export function apiRunner(o: UsersOptions, action: 'create' | 'delete', remaining: Remaining): ViaRunner & { dispose(): void } {
  const api = new ApiClient(o.apiUrl, o.concurrency);
  return {
    lanes: o.concurrency,
    openLane: () => new ApiLane(api, o, action, remaining),
    // Every answer but a conflict or success applies to all accounts alike (auth, unknown host, no such command).
    isFatal: (err) => err instanceof ApiError || err.code.startsWith('connect_') || err.code === 'no_route',
    dispose: () => api.close(),
  };
}
