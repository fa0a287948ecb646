import type { ClientSpec, Plan } from '../../scenario/plan.js';
import type { Segment } from '../segment.js';
import type { IdRange } from '../shared/id-range.js';
import { LEDGER_CAPACITY } from '../shared/shared-state.js';

/** One node as the coordinator plans it, before it gets its share. */
export interface NodeShape {
  weight: number;
  workers: number;
  /** The `<client>` this node stands for (its `<ip>`s bind its sockets); absent = all local clients. */
  client?: ClientSpec;
  /** Most users this node may run at once (`<client maxusers>`, when written); absent = no cap. */
  maxUsers?: number;
}

/** One node's share of the run. */
export interface NodeShare {
  segment: Segment;
  ids: IdRange;
  seq: { base: number; size: number; total: number };
  shards: { first: number; count: number; total: number };
}

/**
 * Splits a run between nodes by weight (Tsung's `<client weight>`): node i owns the
 * segment (W_i-1/W, W_i/W] of every phase's rate and maxnumber (k6-style, no user lost to
 * rounding), the matching slice of user ids 1..userid_max, a disjoint range of stamped
 * sequence numbers, and consecutive global shard indices for its threads.
 */
export function shareNodes(userIdMax: number, nodes: readonly NodeShape[]): NodeShare[] {
  const total = nodes.reduce((a, n) => a + n.weight, 0);
  if (!(total > 0)) throw new RangeError('node weights must add up to more than 0');
  const seqSize = Math.floor(LEDGER_CAPACITY / Math.max(1, nodes.length));
  const shardTotal = nodes.reduce((a, n) => a + n.workers, 0);
  const out: NodeShare[] = [];
  let cum = 0;
  let first = 0;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    const from = cum / total;
    cum += n.weight;
    const to = i === nodes.length - 1 ? 1 : cum / total;
    out.push({
      segment: { from, to },
      ids: { lo: Math.round(userIdMax * from) + 1, hi: Math.round(userIdMax * to) },
      seq: { base: i * seqSize, size: seqSize, total: seqSize * nodes.length },
      shards: { first, count: n.workers, total: shardTotal },
    });
    first += n.workers;
  }
  return out;
}

/**
 * The plan a node runs: the same plan, with `<clients>` narrowed to the ones it stands for
 * and, when it has one, its cap on concurrent users with its segment (shards take shares).
 */
export function planForNode(plan: Plan, node: NodeShape, segment: Segment): Plan {
  const clients = node.client ? [node.client] : plan.clients.filter((c) => c.agentPort === undefined);
  const { nodeCap: _, ...rest } = plan;
  return { ...rest, clients, ...(node.maxUsers !== undefined ? { nodeCap: { maxUsers: node.maxUsers, segment } } : {}) };
}

/**
 * The cap of the coordinator's own share: Tsung's `maxusers` of its local `<client>`s,
 * added up, when every one of them writes it (Tsung's default of 800 per VM is a socket
 * limit of Erlang beams, which xload handles with child processes, so it caps nothing).
 */
export function localMaxUsers(plan: Plan): number | undefined {
  const local = plan.clients.filter((c) => c.agentPort === undefined);
  if (local.length === 0 || !local.every((c) => c.maxUsersExplicit)) return undefined;
  return local.reduce((a, c) => a + c.maxUsers, 0);
}

/** An agent's cap: its `<client maxusers>` when written. */
export function clientMaxUsers(client: ClientSpec | undefined): number | undefined {
  return client?.maxUsersExplicit ? client.maxUsers : undefined;
}

/**
 * File descriptors a process keeps for itself before its users' sockets: Node's own (epoll,
 * eventfds, the libuv pool, stdio, the worker threads' channels) are about 30; 256 leaves room
 * for the run files and monitors. Under a small limit (ulimit -n 256) a quarter of it, at least 48.
 */
export function fdReserve(openFiles: number): number {
  return Math.min(256, Math.max(48, Math.floor(openFiles / 4)));
}

/** Child processes needed so no process holds more sockets than its open-files limit allows. */
export function processesNeeded(plannedUsers: number, openFiles: number | null): number {
  if (openFiles === null || !Number.isFinite(openFiles)) return 1;
  const perProcess = Math.max(1, openFiles - fdReserve(openFiles));
  return Math.max(1, Math.ceil(plannedUsers / perProcess));
}

/**
 * The most child processes this process starts: each costs the coordinator ~4 descriptors
 * (stdio and its IPC channel) out of the same limit, and past 64 the fix is a higher limit,
 * not more Node processes on one box.
 */
export function maxChildProcesses(openFiles: number | null): number {
  if (openFiles === null || !Number.isFinite(openFiles)) return 64;
  return Math.max(1, Math.min(64, Math.floor((openFiles - fdReserve(openFiles)) / 8)));
}
