/**
 * Fresh users (issue 16): create or delete accounts `<prefix><from>..<prefix><from+count-1>`
 * through in-band registration, ejabberd's HTTP API, ejabberdctl or prosodyctl. Idempotent:
 * an account already there (or already gone) is counted, not failed. The CLI's
 * `xload users` and stories that want fresh accounts per run both call these.
 */
import { apiRunner } from './api.js';
import { deadlineOf, runBatch, type ViaRunner } from './batch.js';
import { ctlRunner } from './ctl.js';
import { ibrRunner } from './ibr.js';
import { checkUsersOptions, type UsersInput } from './options.js';
import type { CreateResult, DeleteResult, UsersAction, UsersOptions, UsersResult } from './types.js';

export * from './types.js';
export { checkUsersOptions, accountAt, USERS_DEFAULTS, defaultConcurrency } from './options.js';
export type { UsersInput } from './options.js';
export { UsersOptionError } from './errors.js';
export { formatUsersResult, usersProgressLine } from './progress.js';

async function run(input: UsersInput, action: UsersAction): Promise<UsersResult> {
  const o: UsersOptions = checkUsersOptions(input);
  const { remaining, passed } = deadlineOf(o.timeoutMs);
  let runner: ViaRunner & { dispose?: () => void };
  if (o.via === 'ibr') runner = ibrRunner(o, action, remaining);
  else if (o.via === 'ejabberd-api') runner = apiRunner(o, action, remaining);
  else runner = ctlRunner(o, action, remaining);
  try {
    return await runBatch(o, action, runner, passed);
  } finally {
    runner.dispose?.();
  }
}

/** Creates the accounts; throws UsersOptionError (code `usage`) on bad options, else reports every outcome in the result. */
export async function createUsers(input: UsersInput): Promise<CreateResult> {
  return (await run(input, 'create')) as CreateResult;
}

/** Deletes the accounts (XEP-0077 §3.2 for ibr: logs in as each one). */
export async function deleteUsers(input: UsersInput): Promise<DeleteResult> {
  return (await run(input, 'delete')) as DeleteResult;
}
