/** Public types of fresh-user provisioning (issue 16): options in, counts out. */

/** How accounts are made: XEP-0077 over xload's own XMPP code, or a server's admin tool. */
export type UsersVia = 'ibr' | 'ejabberd-api' | 'ejabberdctl' | 'prosodyctl';

export const USERS_VIAS: readonly UsersVia[] = ['ibr', 'ejabberd-api', 'ejabberdctl', 'prosodyctl'];

export type UsersAction = 'create' | 'delete';

/** One batch of accounts `<prefix><from>..<prefix><from+count-1>`, checked (see checkUsersOptions). */
export interface UsersOptions {
  count: number;
  /** First account number; default 1. */
  from: number;
  /** Localpart prefix; default 'user' (Tsung's convention). */
  prefix: string;
  /** Password of account n is `<passwordPrefix><n>`; default 'pwd'. */
  passwordPrefix: string;
  /** XMPP domain the accounts live on. */
  domain: string;
  via: UsersVia;
  /** c2s address for `ibr`. */
  server: { host: string; port: number };
  /** Parallel streams (ibr) or processes (ejabberdctl); the HTTP API and prosodyctl's shell use one. */
  concurrency: number;
  /** The whole batch ends by then; accounts not reached are counted as skipped. */
  timeoutMs: number;
  /** ejabberd's HTTP API base, default http://127.0.0.1:5280/api. */
  apiUrl: string;
  /** Executable for ejabberdctl/prosodyctl (default: the tool's name on PATH). */
  ctlCommand?: string;
  /** ejabberdctl --config-dir DIR, or prosodyctl --config FILE. */
  ctlConfig?: string;
  /** Called as accounts finish (often; throttle when printing). */
  onProgress?: (p: UsersProgress) => void;
}

/** Counts so far, for a progress line. */
export interface UsersProgress {
  total: number;
  /** Accounts with a final outcome. */
  finished: number;
  failed: number;
  elapsedMs: number;
}

/** The first failure of a batch: its stable error class and message. */
export interface FirstError {
  code: string;
  message: string;
  /** The account it happened to. */
  account: string;
}

/** Shared by both results: how many were asked, failed or not reached, how long it took. */
interface UsersResultBase {
  via: UsersVia;
  requested: number;
  failed: number;
  /** Not attempted: the batch stopped on a fatal error (server unreachable, registration refused) or the timeout. */
  skipped: number;
  firstError: FirstError | null;
  elapsedMs: number;
  /** Accounts with a successful outcome per second of elapsed time. */
  perSecond: number;
}

export interface CreateResult extends UsersResultBase {
  action: 'create';
  created: number;
  /** Already registered (XEP-0077 §3.1 `<conflict/>`, or the tool's "exists"): not an error. */
  existed: number;
}

export interface DeleteResult extends UsersResultBase {
  action: 'delete';
  deleted: number;
  /** Did not exist (for ibr: the login was refused, so absent or with another password). */
  missing: number;
}

export type UsersResult = CreateResult | DeleteResult;

/** What happened to one account: done (created/deleted), already so (existed/missing), or an error. */
export type Outcome = 'done' | 'already';
