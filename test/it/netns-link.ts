/**
 * Two network namespaces of a test's own, a client side and a server side, joined only
 * through netns-link.py: a userspace forwarder between one TUN device in each that delays,
 * drops at random (seeded) or cuts every IP packet (why userspace: this kernel has no
 * netem; the .py file's header says more). Nothing here touches the shared loopback or the
 * host's interfaces: the namespaces, their addresses (10.213.0.1 ↔ 10.213.0.2, seen only
 * inside them) and the devices are the test's, and stop() removes them all. The forwarder
 * reads its commands from a pipe and exits when the pipe closes, so it dies with the test
 * process however that ends.
 */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const FORWARDER = fileURLToPath(new URL('./netns-link.py', import.meta.url));
/** Debian's interpreter, which CI's setup installs: not whatever `python3` a PATH finds first. */
export const PYTHON = '/usr/bin/python3';

export const CLIENT_ADDR = '10.213.0.1';
export const SERVER_ADDR = '10.213.0.2';

/** The forwarder's answer to every command: its counts so far and its settings. */
export interface LinkStats {
  /** Packets written to the other side. */
  forwarded: number;
  /** Packets dropped by the random loss. */
  lost: number;
  /** Packets dropped because the link was cut. */
  partitioned: number;
  /** Packets the other side's device refused (it was going down). */
  write_failed: number;
  partitioned_now: boolean;
  delay_ms: number;
  loss_pct: number;
}

export interface LinkOptions {
  /** One-way delay of every packet, each direction. */
  delayMs: number;
  /** Share of packets dropped at random, each direction, in percent. */
  lossPct: number;
  seed: number;
}

/** Why the test cannot run here (not root, no netns, no TUN), or null when it can. */
export async function netnsUnavailable(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'needs root (ip netns, TUN devices); CI runs as root';
  const probe = `xload-probe-${process.pid}`;
  try {
    await run('ip', ['netns', 'add', probe]);
    await run('ip', ['netns', 'del', probe]);
  } catch (e) {
    return `ip netns add failed: ${String(e)}`;
  }
  return null;
}

export class NetnsLink {
  /** Namespace names: unique per test process, so parallel sessions never share one. */
  readonly client = `xload-it-${process.pid}-c`;
  readonly server = `xload-it-${process.pid}-s`;
  private forwarder: ChildProcessWithoutNullStreams | null = null;
  private lines: Interface | null = null;
  private readonly replies: string[] = [];
  private readonly waiters: ((line: string) => void)[] = [];
  private forwarderErr = '';
  private made: string[] = [];

  constructor(private readonly opts: LinkOptions) {}

  /** Makes both namespaces, starts the forwarder, sets up addresses; resolves when packets flow. */
  async start(): Promise<void> {
    for (const ns of [this.client, this.server]) {
      // A name with our pid in it can only be left over by a crashed process that had this pid before.
      await run('ip', ['netns', 'del', ns]).catch(() => undefined);
      await run('ip', ['netns', 'add', ns]);
      this.made.push(ns);
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    }
    const fwd = spawn(
      PYTHON,
      [
        FORWARDER,
        this.client,
        'xl0',
        this.server,
        'xl0',
        '--delay-ms',
        String(this.opts.delayMs),
        '--loss-pct',
        String(this.opts.lossPct),
        '--seed',
        String(this.opts.seed),
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.forwarder = fwd;
    fwd.stderr.on('data', (d: Buffer) => (this.forwarderErr += d.toString()));
    this.lines = createInterface({ input: fwd.stdout });
    this.lines.on('line', (line) => {
      const w = this.waiters.shift();
      if (w) w(line);
      else this.replies.push(line);
    });
    const ready = await this.nextLine(5_000);
    if (!ready.includes('"ready"')) throw new Error(`netns-link.py did not start: ${ready} ${this.forwarderErr}`);
    await this.address(this.client, CLIENT_ADDR, SERVER_ADDR);
    await this.address(this.server, SERVER_ADDR, CLIENT_ADDR);
  }

  /** Sends one command to the forwarder (`partition on`, `delay 40`, `stats`, ...) and returns its counts. */
  async command(cmd: string): Promise<LinkStats> {
    if (!this.forwarder) throw new Error('NetnsLink.start() first');
    this.forwarder.stdin.write(`${cmd}\n`);
    const line = await this.nextLine(5_000);
    const parsed = JSON.parse(line) as LinkStats | { error: string };
    if ('error' in parsed) throw new Error(`netns-link.py: ${parsed.error}`);
    return parsed;
  }

  /** Runs a program inside one of the namespaces; resolves with its output whatever its exit. */
  execIn(
    ns: string,
    file: string,
    args: readonly string[],
    opts: { timeoutMs: number; cwd?: string },
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        'ip',
        ['netns', 'exec', ns, file, ...args],
        { timeout: opts.timeoutMs, cwd: opts.cwd, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** Ends the forwarder (its TUN devices go with it) and deletes both namespaces; idempotent. */
  async stop(): Promise<void> {
    const fwd = this.forwarder;
    this.forwarder = null;
    if (fwd && fwd.exitCode === null && fwd.signalCode === null) {
      const exited = new Promise<void>((resolve) => fwd.once('exit', () => resolve()));
      fwd.stdin.end();
      const timer = setTimeout(() => fwd.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    }
    this.lines?.close();
    for (const ns of this.made.splice(0)) await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  }

  private async address(ns: string, local: string, peer: string): Promise<void> {
    await run('ip', ['-n', ns, 'addr', 'add', local, 'peer', peer, 'dev', 'xl0']);
    await run('ip', ['-n', ns, 'link', 'set', 'xl0', 'up']);
  }

  private nextLine(timeoutMs: number): Promise<string> {
    const queued = this.replies.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`netns-link.py did not answer in ${timeoutMs} ms; stderr: ${this.forwarderErr}`));
      }, timeoutMs);
      const done = (line: string): void => {
        clearTimeout(timer);
        resolve(line);
      };
      this.waiters.push(done);
    });
  }
}
