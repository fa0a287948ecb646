/**
 * Runs one batch: `concurrency` lanes take account indices in order until all are taken,
 * a fatal error stops the hand-out, or the deadline passes. Never more than `count`
 * accounts are touched; what was not reached is reported as skipped.
 */
import { performance } from 'node:perf_hooks';
import type { XloadError } from '../errors.js';
import { accountAt } from './options.js';
import { Tally, asXloadError } from './tally.js';
import type { Outcome, UsersAction, UsersOptions, UsersResult } from './types.js';

/** One account, as a lane sees it. */
export interface Account {
  index: number;
  user: string;
  password: string;
}

/** A lane: handles accounts one after another (reusing a stream or process where it can). */
export interface Lane {
  handle(a: Account): Promise<Outcome>;
  close(): Promise<void>;
}

/** What a via gives the batch runner. */
export interface ViaRunner {
  lanes: number;
  openLane(n: number): Lane;
  /** Errors after which no further account is started (unreachable, refused, misconfigured). */
  isFatal(err: XloadError): boolean;
}

/** Milliseconds left before the batch's deadline (at least 1, so timers stay valid). */
export type Remaining = () => number;

export function deadlineOf(timeoutMs: number): { remaining: Remaining; passed: () => boolean } {
  const end = performance.now() + timeoutMs;
  return { remaining: () => Math.max(1, end - performance.now()), passed: () => performance.now() >= end };
}

export async function runBatch(o: UsersOptions, action: UsersAction, via: ViaRunner, passed: () => boolean): Promise<UsersResult> {
  const t0 = performance.now();
  const tally = new Tally();
  let next = 0;
  let stop = false;
  const progress = (): void =>
    o.onProgress?.({ total: o.count, finished: tally.finished, failed: tally.failed, elapsedMs: performance.now() - t0 });
  /** `started` resolves after the lane's first `probe` accounts (all of them when absent); `done` when it ends. */
  const laneLoop = (lane: Lane, probe = 0): { started: Promise<void>; done: Promise<void> } => {
    let release!: () => void;
    const started = new Promise<void>((r) => (release = r));
    const done = loop(lane, probe, release).finally(release);
    return { started, done };
  };
  const loop = async (lane: Lane, probe: number, release: () => void): Promise<void> => {
    let handled = 0;
    try {
      while (!stop && next < o.count && !passed()) {
        if (handled++ === probe && probe > 0) release();
        const index = next++;
        const a = { index, ...accountAt(o, index) };
        let outcome: Outcome | XloadError;
        try {
          outcome = await lane.handle(a);
        } catch (err) {
          outcome = asXloadError(err);
        }
        tally.record(a.user, outcome);
        if (typeof outcome !== 'string' && via.isFatal(outcome)) stop = true;
        progress();
      }
    } finally {
      await lane.close();
    }
  };
  const lanes = Math.min(via.lanes, o.count);
  // The first account goes alone: an unreachable or refusing server then costs one
  // failure, not one per lane, and the rest are reported as skipped.
  const first = via.openLane(0);
  const firstLoop = laneLoop(first, 1);
  await firstLoop.started;
  await Promise.all([firstLoop.done, ...Array.from({ length: lanes - 1 }, (_, n) => laneLoop(via.openLane(n + 1)).done)]);
  return tally.result(action, o.via, o.count, performance.now() - t0);
}
