/**
 * Where the integration tests' real servers live: ports, domain, users. global-setup.ts
 * starts them with scripts/{ejabberd,prosody}/start.sh on exactly these values, and tests
 * import them from here so nothing else hard-codes a port.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { XloadError } from '../../src/errors.js';

/** One real XMPP server on loopback, as the tests see it. */
export interface ServerInfo {
  readonly name: 'ejabberd' | 'prosody';
  readonly host: string;
  /** c2s, plain TCP with STARTTLS offered but not required. */
  readonly port: number;
  /** c2s with direct TLS (XEP-0368), or undefined when the server has none here. */
  readonly tlsPort: number | undefined;
  readonly httpPort: number;
  readonly domain: string;
  /** user1..userN exist with passwords pwd1..pwdN. */
  readonly users: number;
  /** The instance folder the scripts use (config, logs, pid, data). */
  readonly dir: string;
  readonly boshPath: string;
  readonly websocketPath: string;
  readonly mucDomain: string;
  readonly pubsubDomain: string;
}

export const EJABBERD: ServerInfo = {
  name: 'ejabberd',
  host: '127.0.0.1',
  port: 5222,
  tlsPort: 5223,
  httpPort: 5280,
  domain: 'localhost',
  users: 2000,
  dir: '/tmp/xload-ejabberd-5222',
  boshPath: '/bosh',
  websocketPath: '/ws',
  mucDomain: 'conference.localhost',
  pubsubDomain: 'pubsub.localhost',
};

export const PROSODY: ServerInfo = {
  name: 'prosody',
  host: '127.0.0.1',
  port: 5322,
  tlsPort: undefined,
  httpPort: 5290,
  domain: 'localhost',
  users: 2000,
  dir: '/tmp/xload-prosody-5322',
  boshPath: '/http-bind',
  websocketPath: '/xmpp-websocket',
  mucDomain: 'conference.localhost',
  pubsubDomain: 'pubsub.localhost',
};

export const SERVERS: readonly ServerInfo[] = [EJABBERD, PROSODY];

/**
 * flock(1) file held by whoever uses the default-port servers for a while (an integration
 * run, `npm run demo`): they share ports 5222/5322, so a second user waits.
 */
export const LOCAL_SERVERS_LOCK = '/tmp/xload-local-servers.lock';

/** The scripts' naming rule: user n logs in as `user<n>` with password `pwd<n>`. */
export function username(n: number): string {
  return `user${n}`;
}

export function password(n: number): string {
  return `pwd${n}`;
}

/** Bare JID of user n on a server, e.g. user1@localhost. */
export function jid(n: number, server: ServerInfo = EJABBERD): string {
  return `${username(n)}@${server.domain}`;
}

export function boshUrl(server: ServerInfo): string {
  return `http://${server.host}:${server.httpPort}${server.boshPath}`;
}

export function websocketUrl(server: ServerInfo): string {
  return `ws://${server.host}:${server.httpPort}${server.websocketPath}`;
}

/** Absolute path of a project script, e.g. scriptPath('ejabberd/purge-offline.sh'). */
export function scriptPath(relative: string): string {
  return fileURLToPath(new URL(`../../scripts/${relative}`, import.meta.url));
}

const run = promisify(execFile);

/** A server script failed; the message carries its stderr tail so vitest shows why. */
export class ServerScriptError extends XloadError {
  constructor(script: string, detail: string) {
    super('server_script_failed', `${script} failed: ${detail}`);
  }
}

/**
 * Runs one project script (bash) and returns the KEY=VALUE pairs of its last stdout line,
 * e.g. runScript('ejabberd/users.sh', ['100', '--from', '3001']).
 */
export async function runScript(script: string, args: readonly string[] = [], timeoutMs = 120_000): Promise<Record<string, string>> {
  try {
    const { stdout, stderr } = await run('bash', [scriptPath(script), ...args], {
      timeout: timeoutMs,
      maxBuffer: 4 * 1024 * 1024,
    });
    if (process.env.XLOAD_IT_VERBOSE) process.stderr.write(stderr);
    return parsePairs(stdout);
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    const tail = (e.stderr ?? '').split('\n').slice(-25).join('\n');
    throw new ServerScriptError(script, `${e.message ?? String(err)}\n${tail}`);
  }
}

function parsePairs(stdout: string): Record<string, string> {
  const lines = stdout.trim().split('\n');
  const pairs: Record<string, string> = {};
  for (const word of (lines[lines.length - 1] ?? '').split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq > 0) pairs[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return pairs;
}
