/**
 * Fresh accounts for one story run (escalus_fresh): new names registered before the
 * logins and removed afterwards, so a story that changes a roster, a privacy list or a
 * vCard never meets what an earlier run left. Through xload's own `users` code (XEP-0077
 * by default, or the servers' admin tools), loaded only by stories that ask for it.
 */
import { randomBytes } from 'node:crypto';
import type { UsersInput } from '../users/options.js';
import type { UsersVia } from '../users/types.js';
import { StoryFreshError } from './errors.js';
import type { StoryServer } from './transport.js';

export interface FreshOptions {
  /** How accounts are made: 'ibr' (XEP-0077, default), 'ejabberd-api', 'ejabberdctl', 'prosodyctl'. */
  via?: UsersVia;
  /** ejabberd's HTTP API base (via 'ejabberd-api'). */
  apiUrl?: string;
  /** The admin tool and its config (via 'ejabberdctl' / 'prosodyctl'). */
  ctlCommand?: string;
  ctlConfig?: string;
  /** Leave the accounts in place after the story (to look at them). Default false. */
  keep?: boolean;
}

export interface FreshAccounts {
  /** The account for the i-th user given as a count (0-based). */
  at(i: number): { username: string; password: string };
  /** Removes them again (best effort: a failure leaves accounts behind, it does not fail the story). */
  remove(): Promise<void>;
}

/** Registers `count` new accounts named `fresh<random>u<n>`; throws StoryFreshError when the server refuses. */
export async function freshAccounts(count: number, server: StoryServer, o: FreshOptions, timeoutMs: number): Promise<FreshAccounts> {
  const { createUsers, deleteUsers } = await import('../users/index.js');
  const tag = randomBytes(5).toString('hex');
  const input: UsersInput = {
    count,
    prefix: `fresh${tag}u`,
    passwordPrefix: `fp${tag}`,
    domain: server.domain,
    // Registration goes over c2s TCP whatever transport the story logs in with.
    server: { host: server.host, port: server.port ?? 5222 },
    via: o.via ?? 'ibr',
    concurrency: Math.min(count, 8),
    timeoutMs,
    ...(o.apiUrl !== undefined ? { apiUrl: o.apiUrl } : {}),
    ...(o.ctlCommand !== undefined ? { ctlCommand: o.ctlCommand } : {}),
    ...(o.ctlConfig !== undefined ? { ctlConfig: o.ctlConfig } : {}),
  };
  const made = await createUsers(input);
  const at = (i: number) => ({ username: `${input.prefix}${i + 1}`, password: `${input.passwordPrefix}${i + 1}` });
  const remove = async (): Promise<void> => {
    if (o.keep) return;
    await deleteUsers(input).catch(() => undefined);
  };
  if (made.created !== count) {
    await remove();
    const why = made.firstError ? `${made.firstError.code}: ${made.firstError.message}` : `${made.created} of ${count} created`;
    throw new StoryFreshError(`fresh accounts (via ${input.via}) could not be made on ${server.domain}: ${why}`);
  }
  return { at, remove };
}
