import { fork, type ChildProcess } from 'node:child_process';
import type { FromShard, ToShard } from '../protocol.js';
import type { LinkHandlers, NodeLink } from './node-link.js';
import { entryUrl } from '../../entry-url.js';

/**
 * A node in a child process on this box (issue 6: every process has its own open-files
 * limit). IPC with the 'advanced' serialization carries the same structured-clone data a
 * worker thread gets. The child stops its load when this process goes away (IPC disconnect).
 */
export class ProcessLink implements NodeLink {
  readonly kind = 'process' as const;
  readonly name: string;
  private readonly child: ChildProcess;
  private h: LinkHandlers | null = null;
  private closing = false;
  private lostSaid = false;

  constructor(index: number) {
    this.name = `process ${index}`;
    this.child = fork(entryUrl('process-entry'), [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (m: FromShard) => this.h?.message(m));
    this.child.on('exit', (code, signal) => this.lost(`${this.name} exited (${signal ?? `code ${code}`})`));
    this.child.on('error', (err) => this.lost(`${this.name}: ${err.message}`));
  }

  listen(h: LinkHandlers): void {
    this.h = h;
  }

  send(m: ToShard): void {
    if (this.child.connected) this.child.send(m);
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.disconnect?.();
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(kill);
  }

  private lost(why: string): void {
    if (this.closing || this.lostSaid) return;
    this.lostSaid = true;
    this.h?.lost(why);
  }
}
