import { XloadError } from '../errors.js';

/** The options of a users batch are wrong; the message lists every problem on one line. */
export class UsersOptionError extends XloadError {
  constructor(readonly problems: readonly string[]) {
    super('usage', problems.join('; '));
  }
}

/** A tool's answer that means the batch cannot go on (refused, unknown host, no such command). */
export class UsersFatalError extends XloadError {}

/** The batch's deadline passed while this account was in flight. */
export class UsersTimeoutError extends XloadError {
  constructor(what: string) {
    super('timeout', `${what} timed out`);
  }
}
