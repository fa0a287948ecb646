import type { Argv } from 'yargs';
import { defineCommand } from './command.js';
import { ExitCode } from './exit-codes.js';
import { checkFlags } from '../ranges.js';
import type { CliIO } from './io.js';
// The option table and the result text are light; the XMPP and admin-tool code is loaded
// when the command runs, so other commands do not carry it.
import { USERS_DEFAULTS, type UsersInput } from '../users/options.js';
import { UsersOptionError } from '../users/errors.js';
import { formatUsersResult, usersProgressLine } from '../users/progress.js';
import { USERS_VIAS, type UsersProgress, type UsersResult } from '../users/types.js';

/** The option table, typed against UsersInput's fields (CLI spelling on the left). */
interface UsersArgs {
  action: 'create' | 'delete';
  count: number;
  from: number;
  prefix: string;
  'password-prefix': string;
  domain: string;
  via: string;
  server: string;
  concurrency?: number;
  timeout: number;
  'api-url': string;
  ctl?: string;
  'ctl-config'?: string;
  progress: boolean;
}

export function usersInputFromArgs(a: UsersArgs): UsersInput {
  // A flag given twice never gets here: main() refuses it (flag-shape.ts).
  return {
    count: a.count,
    from: a.from,
    prefix: a.prefix,
    passwordPrefix: a['password-prefix'],
    domain: a.domain,
    via: a.via,
    server: a.server,
    timeoutMs: a.timeout * 1000,
    apiUrl: a['api-url'],
    ...(a.concurrency !== undefined ? { concurrency: a.concurrency } : {}),
    ...(a.ctl !== undefined ? { ctlCommand: a.ctl } : {}),
    ...(a['ctl-config'] !== undefined ? { ctlConfig: a['ctl-config'] } : {}),
  };
}

/** A progress line on stderr at most every 500 ms (rewritten in place on a terminal). */
function progressWriter(io: CliIO, tty: boolean): { onProgress: (p: UsersProgress) => void; end: () => void } {
  let last = 0;
  let wrote = false;
  return {
    onProgress: (p) => {
      if (p.finished < p.total && p.elapsedMs - last < (tty ? 200 : 2000)) return;
      last = p.elapsedMs;
      wrote = true;
      io.stderr.write(tty ? `\r${usersProgressLine(p)}\x1b[K` : `${usersProgressLine(p)}\n`);
    },
    end: () => {
      if (tty && wrote) io.stderr.write('\n');
    },
  };
}

/** Exit code of a finished batch: ok only when every account ended created/existed (deleted/missing). */
export function usersExitCode(r: UsersResult): number {
  return r.failed > 0 || r.skipped > 0 ? ExitCode.runFailed : ExitCode.ok;
}

export const usersCommand = defineCommand<UsersArgs>({
  command: 'users <action>',
  describe: 'create or delete accounts PREFIX1..PREFIXN (in-band registration, ejabberd API, ejabberdctl, prosodyctl)',
  builder: (y) =>
    y
      .positional('action', { choices: ['create', 'delete'] as const, demandOption: true, describe: 'create or delete the accounts' })
      .option('count', { type: 'number', demandOption: true, describe: 'how many accounts' })
      .option('from', { type: 'number', default: USERS_DEFAULTS.from, describe: 'number of the first account' })
      .option('prefix', { type: 'string', default: USERS_DEFAULTS.prefix, describe: 'account n is PREFIXn' })
      .option('password-prefix', {
        type: 'string',
        default: USERS_DEFAULTS.passwordPrefix,
        describe: "account n's password is PASSWORD-PREFIXn (Tsung's pwdN)",
      })
      .option('domain', { type: 'string', default: USERS_DEFAULTS.domain, describe: 'XMPP domain of the accounts' })
      .option('via', {
        type: 'string',
        choices: USERS_VIAS,
        default: USERS_DEFAULTS.via,
        describe: 'how: XEP-0077 in-band registration, or a server admin tool',
      })
      .option('server', { type: 'string', default: USERS_DEFAULTS.server, describe: 'c2s HOST:PORT (ibr)' })
      .option('concurrency', {
        type: 'number',
        describe: 'parallel streams (ibr, default 50), connections (ejabberd-api, 1) or processes (ejabberdctl, 4)',
      })
      .option('timeout', {
        type: 'number',
        default: USERS_DEFAULTS.timeoutMs / 1000,
        describe: 'seconds for the whole batch; accounts not reached are skipped',
      })
      .option('api-url', { type: 'string', default: USERS_DEFAULTS.apiUrl, describe: "ejabberd's HTTP API (ejabberd-api)" })
      .option('ctl', { type: 'string', describe: 'path of ejabberdctl or prosodyctl (default: on PATH)' })
      .option('ctl-config', { type: 'string', describe: 'ejabberdctl --config-dir DIR, or prosodyctl --config FILE' })
      .option('progress', { type: 'boolean', default: true, describe: 'print a progress line on stderr' })
      .example('$0 users create --count 10000 --server 127.0.0.1:5222', 'user1..user10000 / pwd1..pwd10000 by in-band registration')
      .example('$0 users delete --count 200 --prefix xl --via ejabberd-api', 'remove xl1..xl200 through the HTTP API') as Argv<UsersArgs>,
  run: async (args, io) => {
    if (args.action !== 'create' && args.action !== 'delete') return ExitCode.usage;
    // In the unit it was typed in (checkUsersOptions checks the milliseconds again, for the API).
    const badFlag = checkFlags([['timeout', args.timeout, 'positiveSeconds']]);
    if (badFlag) {
      io.stderr.write(`xload: users: ${badFlag}\n`);
      return ExitCode.usage;
    }
    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    const progress = progressWriter(io, tty);
    const input = { ...usersInputFromArgs(args), ...(args.progress ? { onProgress: progress.onProgress } : {}) };
    let result: UsersResult;
    try {
      const { createUsers, deleteUsers } = await import('../users/index.js');
      result = args.action === 'create' ? await createUsers(input) : await deleteUsers(input);
    } catch (err) {
      if (err instanceof UsersOptionError) {
        io.stderr.write(`xload: users: ${err.message}\n`);
        return ExitCode.usage;
      }
      throw err;
    } finally {
      progress.end();
    }
    const a = { ...args, ...usersInputFromArgs(args) };
    const range = `${a.prefix}${a.from}..${a.prefix}${(a.from ?? 1) + a.count - 1}@${a.domain}`;
    const text = formatUsersResult(result, range);
    if (usersExitCode(result) === ExitCode.ok) io.stdout.write(text);
    else io.stderr.write(`xload: users ${args.action}: ${text}`);
    return usersExitCode(result);
  },
});
