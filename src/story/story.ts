/**
 * story(): log a set of users in concurrently through xload's one login flow, run the
 * body, and always clean up (optional roster cleanup and unread check, then close).
 */
import type { LoginConfig } from '../xmpp/login/options.js';
import { loginAsync } from '../xmpp/login/promise.js';
import { StoryClient } from './client.js';
import { StoryConfigError, StoryUnreadError } from './errors.js';
import { freshAccounts, type FreshAccounts, type FreshOptions } from './fresh.js';
import { bareJid } from './jid.js';
import { stanza } from './stanza.js';
import { carrier, type StoryServer, type StoryTransport } from './transport.js';

/** An account: its own credentials, and how many resources log in (default 1). */
export interface UserSpec {
  username: string;
  password: string;
  resources?: number;
}

export type UsersSpec = Record<string, number | UserSpec>;

/** The body's argument: one client per story user (its first resource; the rest in `.resources`). */
export type StoryClients<U extends UsersSpec> = { [K in keyof U]: StoryClient };

export interface StoryOptions<U extends UsersSpec> {
  /** name -> resource count (account from `accounts`) or an explicit account. */
  users: U;
  server: StoryServer;
  /** Default 'tcp'. */
  transport?: StoryTransport;
  /** SASL mechanism or 'auto'; default the login flow's (PLAIN). */
  mechanism?: string;
  /** Credentials for users given as a count. */
  accounts?: (name: string) => { username: string; password: string };
  /** Anything else the login flow takes (auth, session, channelBinding, ...). */
  login?: Partial<Omit<LoginConfig, 'domain' | 'username' | 'password'>>;
  /** Send initial presence and wait for its echo (default true, as escalus stories do). */
  initialPresence?: boolean;
  /**
   * Ask for the roster at login, as a client does. RFC 6121 §2.1.6 sends roster pushes only
   * to "interested" resources (that requested the roster): Prosody keeps to it, ejabberd
   * pushes to every resource, so stories about roster pushes set this. Default false.
   */
  fetchRoster?: boolean;
  /** Remove every roster item the story's pushes named, and the other story users, at the end. */
  cleanRoster?: boolean;
  /** Fail a story whose body ended with unread stanzas. Default false. */
  failOnUnread?: boolean;
  /** ms for connect + login of each user; default 10000. */
  loginTimeoutMs?: number;
  /**
   * Users given as a count get new accounts for this run, registered before the logins and
   * removed after (escalus_fresh); `true` = XEP-0077 in-band registration. `accounts` is
   * then not used.
   */
  fresh?: boolean | FreshOptions;
}

function accountsOf<U extends UsersSpec>(o: StoryOptions<U>, fresh: FreshAccounts | null): StoryClient[][] {
  let counted = 0;
  return Object.entries(o.users).map(([name, spec]) => {
    const acct = typeof spec === 'number' ? (fresh ? fresh.at(counted++) : o.accounts?.(name)) : spec;
    if (!acct) throw new StoryConfigError(`user '${name}' is a count but no accounts() was given`);
    const n = typeof spec === 'number' ? spec : (spec.resources ?? 1);
    if (!Number.isInteger(n) || n < 1) throw new StoryConfigError(`user '${name}': resource count ${n} is not a positive integer`);
    const all = Array.from({ length: n }, (_, i) => new StoryClient(i === 0 ? name : `${name}${i + 1}`, acct.username, acct.password));
    for (const c of all) c.resources = all;
    return all;
  });
}

async function logIn<U extends UsersSpec>(c: StoryClient, o: StoryOptions<U>): Promise<void> {
  const kind = o.transport ?? 'tcp';
  const { conn, login } = carrier(kind, o.server, c, o.loginTimeoutMs ?? 10_000);
  c.conn = conn;
  const result = await loginAsync(conn, {
    ...o.login,
    ...login,
    domain: o.server.domain,
    username: c.username,
    password: c.password,
    resource: o.login?.resource ?? `story-${c.name}`,
    ...(o.mechanism !== undefined ? { mechanism: o.mechanism } : {}),
  });
  c.jid = result.jid;
}

async function fetchRoster(c: StoryClient): Promise<void> {
  const id = `login-roster-${c.name}`;
  c.send(stanza.rosterGet(id));
  const got = await c.take((s) => s.name === 'iq' && s.attrs.id === id, 5000);
  if (got?.attrs.type !== 'result') throw new StoryConfigError(`${c.name}: the roster get at login failed\n${c.formatHistory()}`);
}

async function sendInitialPresence(all: StoryClient[]): Promise<void> {
  await Promise.all(
    all.map(async (c) => {
      c.send(stanza.presence());
      const echo = await c.take((s) => s.name === 'presence' && (s.attrs.from ?? '').toLowerCase() === c.jid.toLowerCase(), 5000);
      if (!echo) throw new StoryConfigError(`${c.name}: the server did not echo the initial presence\n${c.formatHistory()}`);
    }),
  );
  // Resources of one account see each other come online; that is setup, not story.
  const multi = all.filter((c) => c.resources.length > 1);
  if (multi.length > 0) await new Promise((r) => setTimeout(r, 200));
  for (const c of multi) {
    for (let i = c.inbox.length - 1; i >= 0; i--) {
      const s = c.inbox[i];
      if (s && s.name === 'presence' && bareJid(s.attrs.from ?? '') === c.bare) c.inbox.splice(i, 1);
    }
  }
}

async function cleanRosters(accounts: StoryClient[][]): Promise<void> {
  const bares = accounts.map((a) => (a[0] as StoryClient).bare);
  await Promise.all(
    accounts.map(async (res) => {
      const c = res[0] as StoryClient;
      if (c.closed !== undefined) return;
      const jids = new Set<string>([...res.flatMap((r) => [...r.rosterTouched]), ...bares.filter((b) => b !== c.bare)]);
      for (const j of jids) {
        const id = `clean-${c.name}-${j}`;
        c.send(stanza.rosterRemove(j, id));
        await c.take((s) => s.name === 'iq' && s.attrs.id === id, 3000);
      }
    }),
  );
}

function unreadReport(all: StoryClient[]): string | null {
  const left = all.filter((c) => c.inbox.length > 0);
  if (left.length === 0) return null;
  return left.map((c) => `${c.name} has ${c.inbox.length} unread:\n${c.inbox.map((s) => `  ${s.raw}`).join('\n')}`).join('\n');
}

/** Runs `body` with the users logged in; resolves with its result, rejects with its error. */
export function story<U extends UsersSpec, R>(o: StoryOptions<U>, body: (clients: StoryClients<U>) => Promise<R>): Promise<R> {
  return runStoryWith(o, body, {});
}

/**
 * What the load engine needs from a story run and a test does not (src/engine/vm/story-op.ts):
 * every client as soon as it exists (for the stanza and byte counters), the moment the
 * logins are done (the login histogram), and a signal that drops every connection at once
 * when the run ends the session.
 */
export interface StoryHooks {
  signal?: AbortSignal;
  onClients?: (all: readonly StoryClient[]) => void;
  onBodyStart?: () => void;
}

export async function runStoryWith<U extends UsersSpec, R>(
  o: StoryOptions<U>,
  body: (clients: StoryClients<U>) => Promise<R>,
  hooks: StoryHooks,
): Promise<R> {
  const counts = Object.values(o.users).filter((u) => typeof u === 'number').length;
  const fresh =
    o.fresh && counts > 0 ? await freshAccounts(counts, o.server, o.fresh === true ? {} : o.fresh, o.loginTimeoutMs ?? 10_000) : null;
  let accounts: StoryClient[][];
  try {
    accounts = accountsOf(o, fresh);
  } catch (err) {
    await fresh?.remove();
    throw err;
  }
  const all = accounts.flat();
  hooks.onClients?.(all);
  const drop = (): void => {
    for (const c of all) c.drop();
  };
  hooks.signal?.addEventListener('abort', drop, { once: true });
  try {
    await Promise.all(all.map((c) => logIn(c, o)));
    if (o.fetchRoster) await Promise.all(all.map(fetchRoster));
    if (o.initialPresence !== false) await sendInitialPresence(all);
    const clients = Object.fromEntries(accounts.map((a) => [(a[0] as StoryClient).name, a[0]])) as StoryClients<U>;
    hooks.onBodyStart?.();
    const result = await body(clients);
    const unread = o.failOnUnread ? unreadReport(all) : null;
    if (unread) throw new StoryUnreadError(`story ended with unread stanzas:\n${unread}`);
    return result;
  } finally {
    if (o.cleanRoster && !hooks.signal?.aborted) await cleanRosters(accounts).catch(() => undefined);
    await Promise.all(all.map((c) => c.close()));
    hooks.signal?.removeEventListener('abort', drop);
    await fresh?.remove();
  }
}
