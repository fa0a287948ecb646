import { XloadError } from '../errors.js';
import { redactUrlCredentials } from '../scenario/redact.js';

/** A monitor did not answer at start: the run does not begin (issue 14). */
export class MonitorUnreachableError extends XloadError {
  constructor(
    readonly monitorId: string,
    label: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super('monitor_unreachable', `monitor ${monitorId} (${label}) cannot be reached: ${reason}`, options);
  }
}

/**
 * A monitor's peer answered but will not serve this coordinator (a monitor-only agent that
 * refuses the token, a load agent where a monitor-only one was expected, another protocol
 * version): like unreachable, the run does not begin, but the fix is the setup, not the network.
 */
export class MonitorRefusedError extends XloadError {
  constructor(
    readonly monitorId: string,
    label: string,
    reason: string,
  ) {
    super('monitor_refused', `monitor ${monitorId} (${label}) refused: ${reason}`);
  }
}

/** One reading failed (timeout, refused, bad answer); the set turns it into a gap. */
export class MonitorSampleError extends XloadError {
  constructor(
    readonly monitorId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super('monitor_sample_failed', `monitor ${monitorId}: ${reason}`, options);
  }
}

/** The reason text of anything thrown, for one-line messages; a cause's code is kept (fetch's ECONNREFUSED). */
export function reasonOf(err: unknown): string {
  if (err instanceof MonitorSampleError) return err.reason;
  if (!(err instanceof Error)) return String(err);
  const code = (err as { code?: unknown }).code;
  let text = typeof code === 'string' && !err.message.includes(code) ? `${err.message} (${code})` : err.message;
  if (err.cause instanceof Error && !(err instanceof XloadError)) text += `: ${reasonOf(err.cause)}`;
  // Reasons reach the console, xload.log and stats.ndjson's gaps: a URL in them keeps no password.
  return redactUrlCredentials(text);
}
