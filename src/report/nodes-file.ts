import { existsSync } from 'node:fs';
import { READ_LIMITS, readRegularTextSync } from '../read-regular-file.js';
import { join } from 'node:path';
import type { ClockSummary } from './summary-types.js';

export const NODES_FILE = 'nodes.json';
export const NODES_SCHEMA = 'xload.nodes/1';

/** One node of a multi-process or distributed run, as nodes.json records it (node-tally.ts writes it). */
export interface NodeReportRow {
  node: number;
  name: string;
  kind: 'local' | 'process' | 'agent';
  status: 'ok' | 'lost';
  reason?: string;
  /** When the coordinator declared it lost (ISO-8601). */
  lost_at?: string;
  shards: number[];
  /** Agents: the node's clock minus the coordinator's (latest estimate), ± half the best round trip. */
  clock_offset_ms?: number;
  clock_uncertainty_ms?: number;
  /** The worst uncertainty of any estimate in force during the run. */
  clock_max_uncertainty_ms?: number;
  /** Clock probes answered over the run, and how fast the offset moved (ms/min; runs of 15 s and more). */
  clock_samples?: number;
  clock_drift_ms_per_min?: number;
  /** Users active on the node when it was lost: they are reported as lost (error class agent_lost). */
  users_lost?: number;
  counters: Record<string, number>;
  errors: Record<string, number>;
}

/**
 * DIR/nodes.json's rows, or undefined when the run had one process (no file). A file that
 * cannot be read as nodes.json is reported in `warnings` and left out of the report: the
 * run's totals come from stats.ndjson either way.
 */
export function readNodesFile(dir: string, warnings: string[]): NodeReportRow[] | undefined {
  const path = join(dir, NODES_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const doc = JSON.parse(readRegularTextSync(path, READ_LIMITS.summaryJson)) as { schema?: unknown; nodes?: unknown };
    if (doc.schema !== NODES_SCHEMA || !Array.isArray(doc.nodes)) throw new Error(`not ${NODES_SCHEMA}`);
    return doc.nodes as NodeReportRow[];
  } catch (err) {
    warnings.push(`${path}: ${(err as Error).message}; per-node rows left out`);
    return undefined;
  }
}

/**
 * The run-wide clock bound. A cross-node latency is the receiver's corrected clock minus
 * the sender's corrected stamp, so its error is at most the sum of the two nodes'
 * uncertainties (the coordinator's own processes are the reference: 0). The worst pair is
 * the two largest; each node counts with the worst uncertainty in force during the run.
 * Undefined when no node is an agent (one box: one clock, nothing to correct).
 */
export function clockSummary(rows: readonly NodeReportRow[] | undefined): ClockSummary | undefined {
  const agents = (rows ?? []).filter((r) => r.kind === 'agent' && r.clock_offset_ms !== undefined);
  if (agents.length === 0) return undefined;
  const u = agents.map((r) => Math.max(r.clock_uncertainty_ms ?? 0, r.clock_max_uncertainty_ms ?? 0)).sort((a, b) => b - a);
  const bound = (u[0] ?? 0) + (u[1] ?? 0);
  return {
    corrected: true,
    agents: agents.length,
    max_uncertainty_ms: Math.round(bound * 1000) / 1000,
    max_offset_ms: Math.max(...agents.map((r) => Math.abs(r.clock_offset_ms ?? 0))),
  };
}
