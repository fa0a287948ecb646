/**
 * Idempotence accounting: each account ends as done (created/deleted), already so
 * (existed/missing, not an error) or failed; the first failure is kept with its class.
 */
import { XloadError } from '../errors.js';
import type { FirstError, Outcome, UsersAction, UsersResult, UsersVia } from './types.js';

export class Tally {
  done = 0;
  already = 0;
  failed = 0;
  firstError: FirstError | null = null;

  get finished(): number {
    return this.done + this.already + this.failed;
  }

  record(account: string, outcome: Outcome | XloadError): void {
    if (outcome === 'done') this.done++;
    else if (outcome === 'already') this.already++;
    else {
      this.failed++;
      this.firstError ??= { code: outcome.code, message: outcome.message, account };
    }
  }

  /** The result of a batch of `requested` accounts of which `skipped` were never attempted. */
  result(action: UsersAction, via: UsersVia, requested: number, elapsedMs: number): UsersResult {
    const skipped = requested - this.finished;
    const perSecond = elapsedMs > 0 ? ((this.done + this.already) * 1000) / elapsedMs : 0;
    const base = { via, requested, failed: this.failed, skipped, firstError: this.firstError, elapsedMs, perSecond };
    return action === 'create'
      ? { action, created: this.done, existed: this.already, ...base }
      : { action, deleted: this.done, missing: this.already, ...base };
  }
}

/** Turns anything thrown by a via into an XloadError (a non-XloadError is a bug, kept as such). */
export function asXloadError(err: unknown): XloadError {
  if (err instanceof XloadError) return err;
  const e = err instanceof Error ? err : new Error(String(err));
  return new XloadError('internal', `bug in xload: ${e.message}`, { cause: e });
}
