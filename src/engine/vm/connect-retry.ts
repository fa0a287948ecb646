import type { XloadError } from '../../errors.js';
import type { VmUser } from './user-api.js';
import { COUNTER } from '../../stats/metric-names.js';

/**
 * Tsung's max_retries/retry_timeout: a connection that could not be opened is tried again
 * after retry_timeout, doubling each time, before the user fails with the last error.
 * Returns true when a retry is scheduled (the connect request runs again).
 */
export function retryConnect(u: VmUser, err: XloadError): boolean {
  const p = u.pending;
  if (!p || p.mode !== 'connect' || !err.code.startsWith('connect_')) return false;
  const attempt = ((p.state as number | null) ?? 0) + 1;
  const opts = u.host.plan.options;
  if (attempt > opts.maxRetries) return false;
  u.host.stats.count(COUNTER.connectRetries);
  u.releaseConnection();
  u.setRetryAttempt(attempt);
  // Run the same connect op again once the back-off has passed.
  u.repeatLastOp();
  u.sleepUntil(u.host.now() + opts.retryTimeoutMs * 2 ** (attempt - 1));
  return true;
}
