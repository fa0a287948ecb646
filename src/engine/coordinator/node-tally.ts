import type { ClockEstimate } from '../../agent/clock.js';
import { emptySnapshot, type ShardSnapshot } from '../../stats/snapshot.js';

/** One row of the per-node table (nodes.json, and the console at the end of the run). */
export interface NodeRow {
  node: number;
  name: string;
  kind: 'local' | 'process' | 'agent';
  status: 'ok' | 'lost';
  reason?: string;
  shards: number[];
  clock_offset_ms?: number;
  clock_uncertainty_ms?: number;
  /** Users active on the node when it was lost: they are reported as lost (error class agent_lost). */
  users_lost?: number;
  counters: Record<string, number>;
  errors: Record<string, number>;
}

const COUNTERS = ['users_started', 'users_finished', 'users_failed', 'messages_sent', 'messages_delivered', 'messages_duplicated', 'stanzas_sent', 'stanzas_received', 'bytes_sent', 'bytes_received'];

/** Per-node sums of what each node's shards reported, for per-agent rows in the report. */
export class NodeTally {
  readonly rows: NodeRow[];
  private readonly active = new Map<number, number>();

  constructor(nodes: { name: string; kind: NodeRow['kind']; shards: number[]; clock?: ClockEstimate }[]) {
    this.rows = nodes.map((n, i) => ({
      node: i,
      name: n.name,
      kind: n.kind,
      status: 'ok',
      shards: n.shards,
      ...(n.clock ? { clock_offset_ms: round(n.clock.offsetMs), clock_uncertainty_ms: round(n.clock.uncertaintyMs) } : {}),
      counters: {},
      errors: {},
    }));
  }

  add(node: number, shard: number, snap: ShardSnapshot): void {
    const row = this.rows[node];
    if (!row) return;
    for (const k of COUNTERS) {
      const v = snap.counters[k];
      if (v) row.counters[k] = (row.counters[k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(snap.errors)) row.errors[k] = (row.errors[k] ?? 0) + v;
    if (snap.gauges.users_active !== undefined) this.active.set(shard, snap.gauges.users_active);
  }

  /** Stamped messages this node received that another node sent. */
  addCross(node: number, n: number): void {
    const row = this.rows[node];
    if (row && n > 0) row.counters.messages_from_other_nodes = (row.counters.messages_from_other_nodes ?? 0) + n;
  }

  /**
   * Marks a node lost; returns how many of its users were active (now lost): its last
   * snapshots' users_active, or the users the replicated online set saw connected there
   * (fresher: 100 ms syncs vs 1 s snapshots), whichever is larger.
   */
  lose(node: number, reason: string, connectedNow = 0): number {
    const row = this.rows[node]!;
    row.status = 'lost';
    row.reason = reason;
    row.users_lost = Math.max(connectedNow, row.shards.reduce((a, s) => a + (this.active.get(s) ?? 0), 0));
    return row.users_lost;
  }

  /** One console line per node. */
  render(): string[] {
    return this.rows.map((r) => {
      const c = r.counters;
      const clock = r.clock_offset_ms !== undefined ? `  clock ${r.clock_offset_ms} ± ${r.clock_uncertainty_ms} ms` : '';
      const lost = r.status === 'lost' ? `  LOST (${r.reason}), ${r.users_lost} users lost` : '';
      return `  ${r.kind} ${r.name}: users ${c.users_started ?? 0} started/${c.users_finished ?? 0} finished/${c.users_failed ?? 0} failed, messages ${c.messages_sent ?? 0} sent/${c.messages_delivered ?? 0} received${clock}${lost}`;
    });
  }
}

/**
 * What the coordinator records for a lost node's shards: gauges back to zero (its users are
 * no longer active anywhere), and its active users counted once as `agent_lost`/`users_lost`.
 */
export function lostSnapshots(shards: readonly number[], usersLost: number, now: number): [number, ShardSnapshot][] {
  return shards.map((s, i) => {
    const snap = emptySnapshot(now, 0);
    snap.gauges = { users_active: 0, users_connected: 0 };
    if (i === 0 && usersLost > 0) {
      snap.errors = { agent_lost: usersLost };
      snap.counters = { users_lost: usersLost };
    }
    return [s, snap];
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
