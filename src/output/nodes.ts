import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clockSummary, NODES_FILE, type NodeReportRow } from '../report/nodes-file.js';
import type { RunEndInfo, RunOutput } from './types.js';
import { COUNTER } from '../stats/metric-names.js';

/** Distributed runs: DIR/nodes.json and the per-node table on the console, at the end. */
export class NodesOutput implements RunOutput {
  readonly name = 'nodes.json';

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void,
  ) {}

  end(info: RunEndInfo): void {
    if (!info.nodes) return;
    writeFileSync(join(this.dir, NODES_FILE), `${JSON.stringify({ schema: 'xload.nodes/1', nodes: info.nodes }, null, 2)}\n`);
    this.log('nodes:');
    for (const line of renderNodeRows(info.nodes)) this.log(line);
  }
}

/** One console line per node, and the clock bound when agents ran. */
export function renderNodeRows(rows: readonly NodeReportRow[]): string[] {
  const clocks = clockSummary(rows);
  const bound = clocks ? [`  cross-agent latencies are corrected to within ± ${clocks.max_uncertainty_ms} ms`] : [];
  return [
    ...rows.map((r) => {
      const c = r.counters;
      const drift = r.clock_drift_ms_per_min !== undefined ? `, drift ${r.clock_drift_ms_per_min} ms/min` : '';
      const clock = r.clock_offset_ms !== undefined ? `  clock ${r.clock_offset_ms} ± ${r.clock_uncertainty_ms} ms${drift}` : '';
      const lost = r.status === 'lost' ? `  LOST (${r.reason}), ${r.users_lost} users lost` : '';
      return `  ${r.kind} ${r.name}: users ${c[COUNTER.usersStarted] ?? 0} started/${c[COUNTER.usersFinished] ?? 0} finished/${c[COUNTER.usersFailed] ?? 0} failed, messages ${c[COUNTER.messagesSent] ?? 0} sent/${c[COUNTER.messagesDelivered] ?? 0} received${clock}${lost}`;
    }),
    ...bound,
  ];
}
