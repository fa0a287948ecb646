/**
 * Server admin tools as a via. ejabberdctl: one process per account (each starts an
 * Erlang VM, ~0.3-1 s of CPU, so few lanes); a delete lists the registered users once,
 * because `unregister` succeeds whether or not the account exists. prosodyctl: one
 * `prosodyctl shell` (mod_admin_shell on the running server) fed `user:create`/`user:delete`
 * lines, one answer line each (prosody-shell.ts).
 */
import { execFile } from 'node:child_process';
import { XloadError } from '../errors.js';
import type { Account, Lane, Remaining, ViaRunner } from './batch.js';
import { ProsodyShell } from './prosody-shell.js';
import type { Outcome, UsersOptions } from './types.js';

const CALL_TIMEOUT_MS = 30_000;

/** The tool failed or said something that is neither success nor "already so". */
export class CtlError extends XloadError {
  constructor(tool: string, detail: string) {
    super('ctl_failed', `${tool}: ${detail.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}`);
  }
}

interface Run {
  code: number;
  out: string;
}

function runTool(cmd: string, args: readonly string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const out = `${stdout}${stderr}`;
      if (!err) return resolve({ code: 0, out });
      const e = err as NodeJS.ErrnoException & { code?: number | string; killed?: boolean };
      if (e.killed) return reject(new XloadError('timeout', `${cmd} ${args.join(' ')} timed out`));
      if (typeof e.code === 'number') return resolve({ code: e.code, out });
      reject(new CtlError(cmd, `cannot run it: ${e.message}`));
    });
  });
}

class EjabberdctlLane implements Lane {
  constructor(
    private readonly o: UsersOptions,
    private readonly action: 'create' | 'delete',
    private readonly existing: () => Promise<Set<string>>,
    private readonly remaining: Remaining,
  ) {}

  private get cmd(): string {
    return this.o.ctlCommand ?? 'ejabberdctl';
  }

  async handle(a: Account): Promise<Outcome> {
    const t = Math.min(CALL_TIMEOUT_MS, this.remaining());
    const base = this.o.ctlConfig ? ['--config-dir', this.o.ctlConfig] : [];
    if (this.action === 'create') {
      const r = await runTool(this.cmd, [...base, 'register', a.user, this.o.domain, a.password], t);
      if (r.code === 0) return 'done';
      if (/conflict|already registered/i.test(r.out)) return 'already';
      throw new CtlError(this.cmd, r.out || `exit code ${r.code}`);
    }
    if (!(await this.existing()).has(a.user)) return 'already';
    const r = await runTool(this.cmd, [...base, 'unregister', a.user, this.o.domain], t);
    if (r.code === 0) return 'done';
    throw new CtlError(this.cmd, r.out || `exit code ${r.code}`);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function ejabberdctlRunner(o: UsersOptions, action: 'create' | 'delete', remaining: Remaining): ViaRunner {
  let listing: Promise<Set<string>> | null = null;
  const cmd = o.ctlCommand ?? 'ejabberdctl';
  const existing = (): Promise<Set<string>> =>
    (listing ??= runTool(
      cmd,
      [...(o.ctlConfig ? ['--config-dir', o.ctlConfig] : []), 'registered_users', o.domain],
      Math.min(CALL_TIMEOUT_MS, remaining()),
    ).then((r) => {
      if (r.code !== 0) throw new CtlError(cmd, r.out || `exit code ${r.code}`);
      return new Set(
        r.out
          .split('\n')
          .map((l) => l.trim())
          .filter(Boolean),
      );
    }));
  return {
    lanes: o.concurrency,
    openLane: () => new EjabberdctlLane(o, action, existing, remaining),
    // The same tool and node answer every account alike: its failure is everyone's.
    isFatal: (err) => err.code === 'ctl_failed',
  };
}

class ProsodyLane implements Lane {
  constructor(
    private readonly shell: ProsodyShell,
    private readonly o: UsersOptions,
    private readonly action: 'create' | 'delete',
    private readonly remaining: Remaining,
  ) {}

  async handle(a: Account): Promise<Outcome> {
    const jid = JSON.stringify(`${a.user}@${this.o.domain}`);
    const line = this.action === 'create' ? `user:create(${jid}, ${JSON.stringify(a.password)})` : `user:delete(${jid})`;
    const r = await this.shell.run(line, Math.min(CALL_TIMEOUT_MS, this.remaining()));
    if (r.ok) return 'done';
    if (this.action === 'create' ? /user exists/i.test(r.text) : /no such user/i.test(r.text)) return 'already';
    throw new CtlError('prosodyctl shell', r.text);
  }

  close(): Promise<void> {
    return this.shell.close();
  }
}

function prosodyctlRunner(o: UsersOptions, action: 'create' | 'delete', remaining: Remaining): ViaRunner {
  const args = [...(o.ctlConfig ? ['--config', o.ctlConfig] : []), 'shell'];
  return {
    // One shell, one answer line per command line: a second lane would interleave them.
    lanes: 1,
    openLane: () => new ProsodyLane(new ProsodyShell(o.ctlCommand ?? 'prosodyctl', args), o, action, remaining),
    isFatal: (err) => err.code === 'ctl_failed',
  };
}

export function ctlRunner(o: UsersOptions, action: 'create' | 'delete', remaining: Remaining): ViaRunner {
  return o.via === 'prosodyctl' ? prosodyctlRunner(o, action, remaining) : ejabberdctlRunner(o, action, remaining);
}
