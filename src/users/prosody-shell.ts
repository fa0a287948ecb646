/**
 * A running `prosodyctl shell` (Prosody 0.12's mod_admin_shell over the admin socket),
 * driven by lines on stdin. It answers each command with one line, `| OK: ...` or
 * `! Error: ...`, among prompts and echoes that are skipped. A shell that cannot reach the
 * server prints one `! Error` and exits: that answer fails the first command.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { XloadError } from '../errors.js';

export interface ShellAnswer {
  ok: boolean;
  text: string;
}

type Waiter = { resolve: (a: ShellAnswer) => void; reject: (e: XloadError) => void; timer: NodeJS.Timeout };

export class ProsodyShell {
  private proc: ChildProcessWithoutNullStreams | null = null;
  private buf = '';
  private tail = '';
  private readonly waiting: Waiter[] = [];
  private exited: Promise<void> | null = null;
  private dead: XloadError | null = null;

  constructor(
    private readonly cmd: string,
    private readonly args: readonly string[],
  ) {}

  private start(): ChildProcessWithoutNullStreams {
    const p = spawn(this.cmd, this.args, { stdio: ['pipe', 'pipe', 'pipe'] });
    p.stdout.setEncoding('utf8');
    p.stderr.setEncoding('utf8');
    p.stdout.on('data', (c: string) => this.onData(c));
    p.stderr.on('data', (c: string) => (this.tail = (this.tail + c).slice(-500)));
    p.stdin.on('error', () => undefined); // EPIPE after the shell exits; reported through 'close'
    this.exited = new Promise((resolve) => {
      p.on('error', (e) => this.fail(new XloadError('ctl_failed', `prosodyctl shell: cannot run ${this.cmd}: ${e.message}`)));
      p.on('close', (code) => {
        this.fail(new XloadError('ctl_failed', `prosodyctl shell exited (${code ?? 'signal'}) ${this.tail.trim().slice(-200)}`));
        resolve();
      });
    });
    return p;
  }

  /** Sends one command line and resolves with its answer line. */
  run(line: string, timeoutMs: number): Promise<ShellAnswer> {
    if (this.dead) return Promise.reject(this.dead);
    this.proc ??= this.start();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new XloadError('timeout', `prosodyctl shell: no answer to ${line} in time`));
        this.proc?.kill('SIGKILL');
      }, timeoutMs);
      this.waiting.push({ resolve, reject, timer });
      this.proc?.stdin.write(`${line}\n`);
    });
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf
        .slice(0, nl)
        .replace(/^(prosody>\s*)+/, '')
        .trim();
      this.buf = this.buf.slice(nl + 1);
      const ok = line.startsWith('| OK');
      if (!ok && !line.startsWith('!')) {
        // Kept for the message when the shell exits without answering (a bad --config).
        if (line) this.tail = `${this.tail} ${line}`.slice(-300);
        continue;
      }
      const w = this.waiting.shift();
      if (w) {
        clearTimeout(w.timer);
        w.resolve({ ok, text: line.replace(/^(\| OK:?|!\s*(Error:)?)\s*/, '') });
      } else if (!ok) this.tail = line;
    }
  }

  private fail(err: XloadError): void {
    this.dead ??= err;
    for (const w of this.waiting.splice(0)) {
      clearTimeout(w.timer);
      w.reject(this.dead);
    }
  }

  /** Ends the shell (stdin closed); killed if it lingers. */
  async close(): Promise<void> {
    const p = this.proc;
    if (!p || !this.exited) return;
    p.stdin.end();
    const timer = setTimeout(() => p.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
