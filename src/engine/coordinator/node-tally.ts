import type { ClockEstimate } from './clock.js';
import { emptySnapshot } from '../../stats/snapshot.js';
import type { ShardInterval } from '../../stats/interval-forms.js';
import type { NodeReportRow } from '../../report/nodes-file.js';
import { COUNTER, GAUGE } from '../../stats/metric-names.js';

/** One row of the per-node table (nodes.json, and the console at the end of the run): the report's type. */
export type NodeRow = NodeReportRow;

const COUNTERS = [
  COUNTER.usersStarted,
  COUNTER.usersFinished,
  COUNTER.usersFailed,
  COUNTER.messagesSent,
  COUNTER.messagesDelivered,
  COUNTER.messagesDuplicated,
  COUNTER.stanzasSent,
  COUNTER.stanzasReceived,
  COUNTER.bytesSent,
  COUNTER.bytesReceived,
  COUNTER.runOnceStarted,
  COUNTER.runOnceFailed,
  COUNTER.usersRefusedMaxusers,
];

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
      counters: {},
      errors: {},
    }));
    nodes.forEach((n, i) => n.clock && this.setClock(i, n.clock));
  }

  /** The node's latest clock estimate (re-estimated all through the run). */
  setClock(node: number, c: ClockEstimate): void {
    const row = this.rows[node];
    if (!row) return;
    row.clock_offset_ms = round(c.offsetMs);
    row.clock_uncertainty_ms = round(c.uncertaintyMs);
    if (c.worstUncertaintyMs !== undefined) row.clock_max_uncertainty_ms = round(c.worstUncertaintyMs);
    row.clock_samples = c.samples;
    if (c.driftMsPerMin !== undefined) row.clock_drift_ms_per_min = round(c.driftMsPerMin);
  }

  add(node: number, shard: number, snap: ShardInterval): void {
    const row = this.rows[node];
    if (!row) return;
    for (const k of COUNTERS) {
      const v = snap.counters[k];
      if (v) row.counters[k] = (row.counters[k] ?? 0) + v;
    }
    for (const [k, v] of Object.entries(snap.errors)) row.errors[k] = (row.errors[k] ?? 0) + v;
    const active = snap.gauges[GAUGE.usersActive];
    if (active !== undefined) this.active.set(shard, active);
  }

  /** Stamped messages this node received that another node sent. */
  addCross(node: number, n: number): void {
    const row = this.rows[node];
    if (row && n > 0) row.counters[COUNTER.messagesFromOtherNodes] = (row.counters[COUNTER.messagesFromOtherNodes] ?? 0) + n;
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
    row.lost_at = new Date().toISOString();
    row.users_lost = Math.max(
      connectedNow,
      row.shards.reduce((a, s) => a + (this.active.get(s) ?? 0), 0),
    );
    return row.users_lost;
  }
}

/**
 * What the coordinator records for a lost node's shards: gauges back to zero (its users are
 * no longer active anywhere), and its active users counted once as `agent_lost`/`users_lost`.
 */
export function lostSnapshots(shards: readonly number[], usersLost: number, now: number): [number, ShardInterval][] {
  return shards.map((s, i) => {
    const snap = emptySnapshot(now, 0);
    snap.gauges = { [GAUGE.usersActive]: 0, [GAUGE.usersConnected]: 0 };
    if (i === 0 && usersLost > 0) {
      snap.errors = { agent_lost: usersLost };
      snap.counters = { [COUNTER.usersLost]: usersLost };
    }
    return [s, snap];
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
