/**
 * One `<story>` run inside a worker: the module (imported once per worker and file), the
 * accounts of this session from the user pool, the server and transport from the plan,
 * and the outcome as stats: `story.<name>` and `story_login.<name>` histograms, stanza
 * and byte counters, and a failure as an error class named for what failed.
 */
import { pathToFileURL } from 'node:url';
import { XloadError } from '../../errors.js';
import type { OptionsSpec, ServerSpec, StoryOp } from '../../scenario/plan.js';
import { storyCounter, storyLoginMetric, storyMetric } from '../../stats/metric-names.js';
import type { StoryClient } from '../../story/client.js';
import { isStoryDefinition, type StoryDefinition } from '../../story/define.js';
import { StoryAssertionError, StoryTimeoutError } from '../../story/errors.js';
import { runStoryWith, type UserSpec, type UsersSpec } from '../../story/story.js';
import type { StoryServer, StoryTransport } from '../../story/transport.js';
import type { VmUser } from './user-api.js';
import { countIo, newIoMark } from './io-count.js';
import { StoryAssertionFailed, StoryLoadError, StoryThrew, StoryTimedOut } from './story-errors.js';

const modules = new Map<string, Promise<StoryDefinition>>();

/** The story a `<story>` names; a module that fails to load fails every run of it the same way. */
export function loadStory(op: Pick<StoryOp, 'file' | 'export'>): Promise<StoryDefinition> {
  const key = `${op.file}#${op.export}`;
  let p = modules.get(key);
  if (!p) {
    p = import(pathToFileURL(op.file).href).then(
      (mod: Record<string, unknown>) => {
        const def = mod[op.export];
        if (isStoryDefinition(def)) return def;
        const has = Object.keys(mod).join(', ') || 'nothing';
        throw new StoryLoadError(
          `${op.file}: export '${op.export}' is not a story (it exports ${has}); write export default defineStory({ users }, async (...) => ...)`,
        );
      },
      (err: unknown) => {
        throw new StoryLoadError(`${op.file}: cannot import it: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
    modules.set(key, p);
  }
  return p;
}

/**
 * Accounts of this run: a user given as a count takes the next pool names after this
 * session's id, `<username><n>` / `<passwd><n>` with n = (id - 1) * k + i + 1 for the
 * i-th of k story users, so sessions alive at once never share an account. A user given
 * as an explicit account keeps it (every run logs in as that account, a new resource).
 */
export function storyAccounts(users: UsersSpec, id: number, username: string, passwd: string): Record<string, UserSpec> {
  const names = Object.keys(users);
  return Object.fromEntries(
    names.map((name, i) => {
      const spec = users[name] as number | UserSpec;
      if (typeof spec === 'object') return [name, spec];
      const n = (id - 1) * names.length + i + 1;
      return [name, { username: `${username}${n}`, password: `${passwd}${n}`, resources: spec }];
    }),
  );
}

/** The scenario's server as a story server, and the transport its type means. */
export function storyServerOf(
  server: ServerSpec,
  domain: string,
  options: Pick<OptionsSpec, 'websocketPath' | 'boshPath'>,
): { server: StoryServer; transport: StoryTransport } {
  const base = { host: server.host, domain };
  switch (server.type) {
    case 'tcp':
    case 'tcp6':
      return { server: { ...base, port: server.port }, transport: 'tcp' };
    case 'ssl':
    case 'ssl6':
      return { server: { ...base, tlsPort: server.port }, transport: 'tls' };
    case 'websocket':
      return { server: { ...base, httpPort: server.port, websocketPath: options.websocketPath }, transport: 'websocket' };
    case 'bosh':
      return { server: { ...base, httpPort: server.port, boshPath: options.boshPath }, transport: 'bosh' };
    default:
      throw new StoryLoadError(`a <story> cannot reach a server of type="${server.type}" yet: use tcp, ssl, websocket or bosh`);
  }
}

/** The error class a failed story counts under. */
export function storyFailure(err: unknown): XloadError {
  if (err instanceof StoryAssertionError) return new StoryAssertionFailed(err.what, err.message);
  if (err instanceof StoryTimeoutError) return new StoryTimedOut(err.what, err.message);
  // Login errors, story_unread, story_config, story_load: already named.
  if (err instanceof XloadError) return err;
  const name = err instanceof Error && /^[A-Za-z0-9_]{1,64}$/.test(err.name) ? err.name : 'thrown';
  return new StoryThrew(name, err instanceof Error ? err.message : String(err));
}

/** Runs the story once for `u`; `onAccounts` hears the logins used (`alice=user5 bob=user6`), for error samples. */
export async function runStoryInVm(
  u: VmUser,
  op: StoryOp,
  signal: AbortSignal,
  onAccounts: (names: string) => void = () => undefined,
): Promise<void> {
  const host = u.host;
  const started = host.now();
  let clients: readonly StoryClient[] = [];
  try {
    const def = await loadStory(op);
    const j = host.plan.options.jabber;
    const at = storyServerOf(host.pickServer(), u.domain, host.plan.options);
    if (signal.aborted) return;
    // Fresh stories register their own accounts per run; the others take pool accounts.
    const users = def.options.fresh ? def.options.users : storyAccounts(def.options.users, u.id, j.username, j.passwd);
    onAccounts(
      Object.entries(users)
        .map(([name, a]) => `${name}=${typeof a === 'number' ? 'fresh' : a.username}`)
        .join(' '),
    );
    await runStoryWith(
      {
        ...def.options,
        users,
        server: at.server,
        transport: def.options.transport ?? at.transport,
        loginTimeoutMs: def.options.loginTimeoutMs ?? host.requestTimeoutMs,
      },
      def.body,
      {
        signal,
        onClients: (all) => (clients = all),
        onBodyStart: () => host.stats.record(storyLoginMetric(op.name), host.now() - started),
      },
    );
    if (!signal.aborted) {
      host.stats.record(storyMetric(op.name), host.now() - started);
      host.stats.count(storyCounter('passed', op.name));
    }
  } catch (err) {
    if (signal.aborted) return;
    host.stats.count(storyCounter('failed', op.name));
    throw storyFailure(err);
  } finally {
    countClientsIo(u, clients);
  }
}

/** A story's clients live for the story only: everything they carried is counted at its end. */
function countClientsIo(u: VmUser, clients: readonly StoryClient[]): void {
  for (const c of clients) {
    const conn = c.conn as StoryClient['conn'] | undefined;
    if (conn) countIo(u.host.stats, conn, newIoMark());
  }
}
