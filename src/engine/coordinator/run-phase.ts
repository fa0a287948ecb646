import { InternalError } from '../../errors.js';
import type { RunPhase } from '../../output/types.js';

export type { RunPhase };

/**
 * Allowed phase changes; RunCoordinator.setPhase() enforces them. `ready` lasts an instant
 * (every shard said ready): the run-once sessions (`setup`) or the load follow. Any phase
 * before the end may be cut (`stopping`); the load may also simply run out (`done`).
 */
export const RUN_PHASE_TRANSITIONS: Record<RunPhase, readonly RunPhase[]> = {
  opening: ['ready', 'stopping'],
  ready: ['setup', 'loading', 'stopping'],
  setup: ['loading', 'stopping'],
  loading: ['stopping', 'done'],
  stopping: ['done'],
  done: [],
};

/** The phase after `from` -> `to`, or an InternalError (a bug in xload). */
export function checkRunPhase(from: RunPhase, to: RunPhase): RunPhase {
  if (!RUN_PHASE_TRANSITIONS[from].includes(to)) throw new InternalError(`run phase ${from} -> ${to}`);
  return to;
}
