import type { Plan } from '../../scenario/plan.js';
import { PROTOCOL_VERSION, type NodeInit } from '../protocol.js';
import { planForNode, type NodeShape, type NodeShare } from './cluster-plan.js';

/** Per-run values every node gets (from RunOptions). */
export interface RunConstants {
  runId: string;
  xloadVersion: string;
  intervalMs: number;
  durationMs?: number;
  requestTimeoutMs: number;
  seed: number;
}

/** The `init-node` message for node k: the plan narrowed to its client, its share, its clock offset. */
export function nodeInit(
  plan: Plan,
  run: RunConstants,
  k: number,
  name: string,
  shape: NodeShape,
  share: NodeShare,
  replicated: boolean,
  clockOffsetMs: number,
): NodeInit {
  return {
    type: 'init-node',
    protocol: PROTOCOL_VERSION,
    xloadVersion: run.xloadVersion,
    plan: planForNode(plan, shape, share.segment),
    node: { index: k, name },
    shards: share.shards,
    segment: share.segment,
    ids: share.ids,
    seq: share.seq,
    replicated,
    clockOffsetMs,
    runId: run.runId,
    intervalMs: run.intervalMs,
    requestTimeoutMs: run.requestTimeoutMs,
    seed: run.seed,
    ...(run.durationMs !== undefined ? { durationMs: run.durationMs } : {}),
  };
}
