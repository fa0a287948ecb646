import { basename } from 'node:path';
import type { XloadError } from '../../errors.js';
import type { RequestOp } from '../../scenario/plan.js';
import { SAMPLE_SERVER_MAX, type ErrorSample } from '../../stats/error-samples.js';
import { redactSecrets, truncateText } from '../../xmpp/redact.js';
import type { FailedStep, VmUser } from './user-api.js';

/**
 * What the user is shown of one error (src/stats/error-samples.ts): the request that failed
 * and its scenario line, the login name, and the server's element with the passwords out.
 * Built only for the first few errors of a class (ShardRecorder.error calls it lazily).
 */
export function errorSample(
  u: VmUser,
  err: Pick<XloadError, 'message' | 'detail'>,
  request: string | null,
  op: RequestOp | null,
  step?: FailedStep,
): ErrorSample {
  const password = u.password;
  const server = err.detail === undefined ? null : ownCopy(truncateText(redactSecrets(err.detail, password), SAMPLE_SERVER_MAX));
  return {
    request: step?.label ?? request ?? op?.jabber.type ?? null,
    where: step || op ? `${basename(u.host.plan.scenario)}:${(step ?? op)!.pos.line}:${(step ?? op)!.pos.col}` : null,
    user: step?.user ?? u.username,
    at: Math.round(u.host.now()),
    message: redactSecrets(err.message, password),
    server,
  };
}

/**
 * A frame's text is a slice of its connection's receive buffer; the sample outlives the
 * connection, so it keeps a flat copy instead of pinning the buffer.
 */
function ownCopy(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}
