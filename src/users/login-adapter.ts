/**
 * The one place fresh-user code logs in (XEP-0077 §3.2 needs an authenticated stream).
 * It runs xload's one login flow (src/xmpp/login/), as the engine and the story client do.
 */
import type { XloadError } from '../errors.js';
import type { XmppConnection } from '../xmpp/connection.js';
import { login } from '../xmpp/login/index.js';

export interface AccountLogin {
  host: string;
  port: number;
  domain: string;
  username: string;
  password: string;
  connectTimeoutMs: number;
}

/**
 * Connects `conn` (idle) and logs in with SASL PLAIN over plain TCP, as load users do.
 * `done(null)` once bound, with the connection's handlers given back to their owner.
 */
export function loginAccount(conn: XmppConnection, a: AccountLogin, done: (err: XloadError | null) => void): void {
  login(
    conn,
    {
      connect: { host: a.host, port: a.port, tls: false, connectTimeoutMs: a.connectTimeoutMs },
      domain: a.domain,
      username: a.username,
      password: a.password,
      resource: 'xload-users',
    },
    (err) => done(err),
  );
}
