import { join } from 'node:path';
import { NdjsonWriter } from '../report/ndjson.js';
import { STATS_FILE } from '../report/write-run.js';
import type { IntervalInfo, RunEndInfo, RunOutput, RunStartInfo } from './types.js';

/**
 * DIR/stats.ndjson as the run goes: the header when the nodes are open, one line per closed
 * interval (with the sources' samples), the end line, then the file is closed. summary.json
 * and report.html are built from this file afterwards, as `xload report DIR` would.
 */
export class StatsFileOutput implements RunOutput {
  readonly name = 'stats.ndjson';
  private writer: NdjsonWriter | undefined;

  constructor(private readonly dir: string) {}

  start(info: RunStartInfo): void {
    this.writer = NdjsonWriter.open(join(this.dir, STATS_FILE), {
      run_id: info.runId,
      scenario: info.scenario,
      started: new Date(info.startedMs).toISOString(),
      xload_version: info.xloadVersion,
      interval_ms: info.intervalMs,
      workers: info.shards,
      servers: info.servers,
      meta: {
        domain: info.domain,
        duration_ms: info.durationMs,
        ...(info.nodes
          ? {
              nodes: info.nodes.map(({ node, name, kind, shards, clock_offset_ms, clock_uncertainty_ms }) => ({
                node,
                name,
                kind,
                shards,
                clock_offset_ms,
                clock_uncertainty_ms,
              })),
            }
          : {}),
      },
    });
  }

  interval(iv: IntervalInfo): undefined {
    this.writer?.writeInterval(iv.record, iv.sources);
    return undefined;
  }

  async end(info: RunEndInfo): Promise<void> {
    this.writer?.writeEnd({
      status: info.status,
      duration_s: Math.round(info.durationS * 1000) / 1000,
      messages: info.messages,
      thresholds: [],
      ...(info.reason ? { reason: info.reason } : {}),
    });
    await this.writer?.close();
  }
}
