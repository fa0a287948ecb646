/**
 * Checks what a caller asked for (CLI flags or the programmatic API) and fills defaults.
 * Every problem is reported at once, in one line, before any account is touched.
 */
import { UsersOptionError } from './errors.js';
import { RANGES, rangeProblem } from '../ranges.js';
import { USERS_VIAS, type UsersOptions, type UsersVia } from './types.js';

/** What a caller may pass: like UsersOptions, with defaults, and `server` as `HOST:PORT` or parts. */
export interface UsersInput {
  count: number;
  from?: number;
  prefix?: string;
  passwordPrefix?: string;
  domain?: string;
  via?: UsersVia | string;
  server?: string | { host: string; port: number };
  concurrency?: number;
  timeoutMs?: number;
  apiUrl?: string;
  ctlCommand?: string;
  ctlConfig?: string;
  onProgress?: UsersOptions['onProgress'];
}

export const USERS_DEFAULTS = {
  from: 1,
  prefix: 'user',
  passwordPrefix: 'pwd',
  domain: 'localhost',
  via: 'ibr',
  server: '127.0.0.1:5222',
  timeoutMs: 300_000,
  apiUrl: 'http://127.0.0.1:5280/api',
} as const;

/** Default parallelism: 50 streams for ibr; ejabberdctl starts an Erlang VM per call (~0.3-1 s of CPU). */
export function defaultConcurrency(via: UsersVia): number {
  return via === 'ibr' ? 50 : via === 'ejabberdctl' ? 4 : 1;
}

/** A localpart subset every via passes through unescaped (argv, JSON, Lua strings, XML). */
const PREFIX_RE = /^[A-Za-z0-9._-]+$/;
/** Printable ASCII without spaces: passwords go on command lines and into the Prosody shell. */
const PASSWORD_RE = /^[\x21-\x7e]*$/;
const MAX_ACCOUNT = 2 ** 31 - 1;

export function parseHostPort(s: string): { host: string; port: number } | null {
  const m = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(s.trim());
  if (!m) return null;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { host: m[1]!, port } : null;
}

function isInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n);
}

/** Returns checked options, or throws UsersOptionError (code `usage`) naming every problem. */
export function checkUsersOptions(input: UsersInput): UsersOptions {
  const problems: string[] = [];
  const bad = (p: string): void => void problems.push(p);
  const { count } = input;
  const from = input.from ?? USERS_DEFAULTS.from;
  if (!isInt(count) || count <= 0) bad(`--count ${String(count)}: expected a whole number of accounts, at least 1`);
  if (!isInt(from) || from < 0) bad(`--from ${String(from)}: expected a whole number, 0 or more`);
  if (isInt(count) && isInt(from) && from + count - 1 > MAX_ACCOUNT)
    bad(`--from ${from} --count ${count}: account numbers above ${MAX_ACCOUNT}`);
  const prefix = input.prefix ?? USERS_DEFAULTS.prefix;
  if (!PREFIX_RE.test(prefix)) bad(`--prefix '${prefix}': use letters, digits, '.', '_' or '-'`);
  const passwordPrefix = input.passwordPrefix ?? USERS_DEFAULTS.passwordPrefix;
  if (!PASSWORD_RE.test(passwordPrefix)) bad('--password-prefix: use printable ASCII without spaces');
  const domain = input.domain ?? USERS_DEFAULTS.domain;
  if (!/^[^\s@/]+$/.test(domain)) bad(`--domain '${domain}': expected a domain such as localhost`);
  const via = (input.via ?? USERS_DEFAULTS.via) as UsersVia;
  if (!USERS_VIAS.includes(via)) bad(`--via ${String(via)}: expected one of ${USERS_VIAS.join(', ')}`);
  const rawServer = input.server ?? USERS_DEFAULTS.server;
  const server = typeof rawServer === 'string' ? parseHostPort(rawServer) : rawServer;
  if (!server || !isInt(server.port) || server.port < 1 || server.port > 65535) bad(`--server ${String(rawServer)}: expected HOST:PORT`);
  const concurrency = input.concurrency ?? defaultConcurrency(USERS_VIAS.includes(via) ? via : 'ibr');
  if (!isInt(concurrency) || concurrency < 1 || concurrency > 5000)
    bad(`--concurrency ${String(concurrency)}: expected a whole number from 1 to 5000`);
  const timeoutMs = input.timeoutMs ?? USERS_DEFAULTS.timeoutMs;
  // In seconds, as the flag is written; at most Node's timer limit (a longer wait fires at once).
  const timeoutProblem = typeof timeoutMs === 'number' ? rangeProblem(timeoutMs / 1000, RANGES.positiveSeconds) : 'not a number';
  if (timeoutProblem) bad(`--timeout: ${timeoutProblem}`);
  const apiUrl = input.apiUrl ?? USERS_DEFAULTS.apiUrl;
  if (!/^https?:\/\/[^/\s]+/.test(apiUrl)) bad(`--api-url ${apiUrl}: expected http://HOST:PORT/PATH`);
  if (problems.length > 0) throw new UsersOptionError(problems);
  return {
    count,
    from,
    prefix,
    passwordPrefix,
    domain,
    via,
    concurrency,
    timeoutMs,
    server: server as { host: string; port: number },
    apiUrl: apiUrl.replace(/\/+$/, ''),
    ...(input.ctlCommand !== undefined ? { ctlCommand: input.ctlCommand } : {}),
    ...(input.ctlConfig !== undefined ? { ctlConfig: input.ctlConfig } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  };
}

/** Account i of the batch (0-based): its localpart and password. */
export function accountAt(o: Pick<UsersOptions, 'from' | 'prefix' | 'passwordPrefix'>, i: number): { user: string; password: string } {
  const n = o.from + i;
  return { user: `${o.prefix}${n}`, password: `${o.passwordPrefix}${n}` };
}
