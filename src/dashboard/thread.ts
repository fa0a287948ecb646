import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { InternalError, XloadError } from '../errors.js';
import type { DashboardOptions } from './server.js';
import { entryUrl } from '../entry-url.js';

/** Messages to the dashboard thread. */
export type ToDashboard = { type: 'phase'; phase: number } | { type: 'close' };
/** Messages from it. */
export type FromDashboard = { type: 'listening'; url: string } | { type: 'error'; code: string; message: string } | { type: 'closed' };

/**
 * The live dashboard, running in a worker thread (worker-entry.ts) so that building the
 * page never blocks the coordinator. This side only starts it, forwards the phase, and stops it.
 */
export class DashboardThread {
  private constructor(
    private readonly worker: Worker,
    readonly url: string,
  ) {}

  /** Starts the thread and waits until it listens; a busy port rejects with the `usage` error it raised. */
  static async start(opts: DashboardOptions): Promise<DashboardThread> {
    const worker = new Worker(entryUrl('dashboard-worker'), { workerData: opts });
    const [first] = (await Promise.race([
      once(worker, 'message'),
      once(worker, 'error').then(([err]) => {
        throw new InternalError(`dashboard thread failed: ${String(err)}`);
      }),
    ])) as [FromDashboard];
    if (first.type === 'listening') {
      worker.unref();
      return new DashboardThread(worker, first.url);
    }
    await worker.terminate();
    if (first.type === 'error') throw new XloadError(first.code, first.message);
    throw new InternalError(`dashboard thread said ${first.type} before listening`);
  }

  setPhase(phase: number): void {
    this.worker.postMessage({ type: 'phase', phase } satisfies ToDashboard);
  }

  /** Stops serving (open connections are cut) and ends the thread. */
  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' } satisfies ToDashboard);
    await Promise.race([once(this.worker, 'message'), new Promise((r) => setTimeout(r, 2_000).unref())]);
    await this.worker.terminate();
  }
}
