/**
 * How many worker threads a local run gets when --workers is not given. Each worker is a
 * V8 isolate with its own copy of the engine's modules (~14 MiB RSS here, bench/
 * baseline-rss.mjs), and an idle connected user costs next to no CPU, so a run of a few
 * thousand users mostly idling needs one; two only pay when the stanza work would keep
 * one core busy. The estimate is rough on purpose (the plan's thinktimes, loops and
 * arrival rates, Little's law for concurrency): it only has to tell "a few percent of a
 * core" (no worker at all), "a fraction of a core" and "more than one".
 */
import type { Op, Plan, SessionSpec, ThinktimeOp } from '../../scenario/plan.js';
import { plannedUsers } from './limits.js';
import { storyOps } from '../../scenario/story-ops.js';

/**
 * Stanzas in+out per second given to one worker: about half of what one core did in
 * bench/vs-tsung's chat (142 ms of CPU per 1,000 stanzas in+out, ~7,000/s), leaving the
 * headroom that keeps the loop delay, and so the measured latencies, low.
 */
export const STANZAS_PER_WORKER = 3_500;
/**
 * A run of at most MAIN_THREAD_USERS users whose peak is at most MAIN_THREAD_STANZAS
 * stanzas in+out a second runs its one shard on the main thread (workers: 0,
 * node/in-process-shard.ts): a worker isolate's ~14 MiB and its ticks buy nothing at a load
 * that keeps a core a fraction busy, and the coordinator's own work per interval (one
 * merge, one stats line) is a few ms a second beside it. The user bound keeps bigger runs
 * on a worker, whose young generation is capped (node-host.ts): the main thread's is V8's
 * default, which a busy shard's garbage would grow by tens of MiB.
 */
export const MAIN_THREAD_USERS = 1_000;
export const MAIN_THREAD_STANZAS = 2_000;
/** A login (connect, SASL, bind, session, presence) costs about as much as this many stanzas. */
const LOGIN_STANZAS = 8;
/** A `<story>` step: its logins and a few exchanges. */
const STORY_STANZAS = 20;

export interface WorkerChoice {
  /** Worker threads; 0: the one shard on the main thread. */
  workers: number;
  /** Estimated stanzas in+out per second at the plan's peak. */
  stanzasPerSecond: number;
}

export function defaultWorkers(plan: Plan, cores: number): WorkerChoice {
  const sessions = plan.sessions.map((s) => ({ s, ...sessionCost(s) }));
  const weight = sessions.reduce((a, x) => a + x.s.probability, 0) || 1;
  // Per user, weighted by the sessions' probabilities.
  const perUserSeconds = sessions.reduce((a, x) => a + (x.s.probability / weight) * x.seconds, 0);
  const perUserStanzas = sessions.reduce((a, x) => a + (x.s.probability / weight) * x.stanzas, 0);
  const peakRate = plan.load.phases.reduce((m, p) => Math.max(m, p.arrivalRate), 0);
  const concurrent = Math.min(plannedUsers(plan), Math.max(plan.load.staticUsers.length, peakRate * Math.max(perUserSeconds, 1)));
  // Each stanza a user sends is mostly one the server delivers to another simulated user.
  const steady = concurrent * (perUserStanzas / Math.max(perUserSeconds, 1)) * 2;
  const stanzasPerSecond = Math.round(steady + peakRate * LOGIN_STANZAS);
  // Stories (the user's own code) always run on a worker: run.ts says why.
  const small = plannedUsers(plan) <= MAIN_THREAD_USERS && stanzasPerSecond <= MAIN_THREAD_STANZAS;
  if (small && storyOps(plan).length === 0) return { workers: 0, stanzasPerSecond };
  const workers = Math.max(1, Math.min(Math.floor(cores), Math.ceil(stanzasPerSecond / STANZAS_PER_WORKER)));
  return { workers, stanzasPerSecond };
}

/** One run of a session: its stanza-sending steps and its thinking time, loops expanded. */
function sessionCost(s: SessionSpec): { stanzas: number; seconds: number } {
  const acc = { stanzas: 0, seconds: 0 };
  walk(s.ops, 1, acc);
  return acc;
}

function walk(ops: readonly Op[], times: number, acc: { stanzas: number; seconds: number }): void {
  for (const op of ops) {
    switch (op.kind) {
      case 'request':
        acc.stanzas += times;
        break;
      case 'story':
        acc.stanzas += times * STORY_STANZAS;
        break;
      case 'thinktime':
        acc.seconds += times * thinkSeconds(op);
        break;
      case 'for': {
        const turns =
          typeof op.from === 'number' && typeof op.to === 'number' && op.incr !== 0
            ? Math.max(0, Math.floor((op.to - op.from) / op.incr) + 1)
            : 1;
        walk(op.ops, times * turns, acc);
        break;
      }
      default:
        if ('ops' in op) walk(op.ops, times, acc);
    }
  }
}

function thinkSeconds(op: ThinktimeOp): number {
  if (op.wait) return 0;
  if (op.min !== undefined && op.max !== undefined) return (op.min + op.max) / 2;
  // A %%_var%% thinktime is unknown here: count it as a second.
  return typeof op.value === 'number' ? op.value : 1;
}
