/**
 * An ejabberd or Prosody instance of one test's own, on free loopback ports in a temp
 * folder, started by the project's scripts (scripts/{ejabberd,prosody}/start.sh), so the
 * test may kill it with SIGKILL and start it again without touching the shared servers
 * other tests (and other runs holding the servers' lock) use. A restart keeps the folder:
 * accounts survive (Prosody's account files, ejabberd's Mnesia), in-memory state does not
 * (sessions, XEP-0198 resumable streams), as after a crash.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EJABBERD, PROSODY, runScript, type ServerInfo } from './servers.js';

export class PrivateServer {
  private pid = 0;
  private info: ServerInfo | null = null;
  /** Made by start(), not the constructor: a skipped test must leave no folder behind. */
  private dir = '';
  /** ejabberd's Erlang distribution port (no epmd): chosen free as the others. */
  private distPort = 0;

  constructor(
    readonly kind: 'ejabberd' | 'prosody',
    private readonly users: number,
  ) {}

  get server(): ServerInfo {
    if (!this.info) throw new Error('PrivateServer.start() first');
    return this.info;
  }

  /** Starts it on free ports with user1..userN; resolves once c2s accepts. */
  async start(): Promise<ServerInfo> {
    const [c2s, http, tls, dist] = await freePorts(4);
    this.dir = mkdtempSync(join(tmpdir(), `xload-it-${this.kind}-`));
    const base = this.kind === 'ejabberd' ? EJABBERD : PROSODY;
    this.info = {
      ...base,
      port: c2s!,
      httpPort: http!,
      tlsPort: this.kind === 'ejabberd' ? tls! : undefined,
      users: this.users,
      dir: this.dir,
    };
    // ejabberd's Erlang distribution port too: the default (c2s + 10000) may be in the
    // ephemeral range, where a client connection could hold it during the restart.
    this.distPort = dist!;
    await this.launch(['--users', String(this.users)]);
    return this.info;
  }

  /** SIGKILL: no stream is closed, nothing is saved, as a crash. */
  kill(): void {
    if (this.pid > 0) process.kill(this.pid, 'SIGKILL');
  }

  /** Starts it again in the same folder and on the same ports (after kill()). */
  async restart(): Promise<void> {
    await this.launch([]);
  }

  /** Stops it (if it runs) and removes its folder. */
  async stop(): Promise<void> {
    if (!this.dir) return;
    if (this.info) await runScript(`${this.kind}/stop.sh`, ['--dir', this.dir]).catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(extra: string[]): Promise<void> {
    const s = this.server;
    const ports = this.kind === 'ejabberd' ? ['--tls-port', String(s.tlsPort), '--dist-port', String(this.distPort)] : [];
    const out = await runScript(`${this.kind}/start.sh`, [
      '--dir',
      this.dir,
      '--c2s-port',
      String(s.port),
      '--http-port',
      String(s.httpPort),
      ...ports,
      '--domain',
      s.domain,
      ...extra,
    ]);
    this.pid = Number(this.kind === 'ejabberd' ? out.EJABBERD_PID : out.PROSODY_PID);
    if (!(this.pid > 0)) throw new Error(`${this.kind}/start.sh printed no pid: ${JSON.stringify(out)}`);
  }
}

/**
 * Free ports below the ephemeral range (32768-60999 here): while the server is down, no
 * client's outgoing connection can take its port as a source port and block the restart.
 */
async function freePorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  for (let tries = 0; ports.length < n && tries < 200; tries++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!ports.includes(port) && (await canListen(port))) ports.push(port);
  }
  if (ports.length < n) throw new Error('no free loopback port in 20000..31999');
  return ports;
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
