/** A Promise over login() for tests and the story client; the engine uses the callback flow. */
import type { LoginObserver, LoginOptions, LoginResult } from './options.js';
import { login } from './flow.js';
import type { XmppTransport } from '../transport.js';

/** Connects `conn` and logs in; rejects with the flow's typed XloadError. */
export function loginAsync(conn: XmppTransport, opts: LoginOptions, observer?: LoginObserver): Promise<LoginResult> {
  return new Promise((resolve, reject) => {
    login(conn, opts, (err, result) => (err || !result ? reject(err) : resolve(result)), observer);
  });
}
