import type { RequestOp } from '../../scenario/plan.js';
import type { Pending, PendingRequest } from './user-api.js';

/** A fresh Pending for `req`, waiting for its reply; its handler or waiter sets the rest. A leaf, so checks.ts and pending.ts need not import each other. */
export function newPending(op: RequestOp | null, req: PendingRequest, now: number): Pending {
  return {
    op,
    req,
    started: now,
    mode: 'reply',
    matcher: null,
    regexp: null,
    target: 0,
    recordRequest: req.ack !== 'no_ack',
    metric: null,
    thenWaitStream: false,
    state: null,
    id: null,
  };
}
