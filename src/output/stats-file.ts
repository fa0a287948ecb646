import { join } from 'node:path';
import { NdjsonWriter } from '../report/ndjson.js';
import { fileSystemErrorText, isFileSystemError } from '../errors.js';
import { STATS_FILE } from '../report/write-run.js';
import type { IntervalInfo, RunEndInfo, RunOutput, RunStartInfo, RunVerdict } from './types.js';

/**
 * DIR/stats.ndjson as the run goes: the header when the nodes are open, one line per closed
 * interval (with the sources' samples), the end line, then the file is closed. summary.json
 * and report.html are built from this file afterwards, as `xload report DIR` would.
 */
export class StatsFileOutput implements RunOutput {
  readonly name = 'stats.ndjson';
  private writer: NdjsonWriter | undefined;
  /** The first write that failed (a full disk): the run stops, since its figures go nowhere. */
  private failed: string | undefined;
  private told = false;

  constructor(
    private readonly dir: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** Runs a write; a failure is kept, said once, and turns the next interval into an abort. */
  private guard(write: () => void): void {
    if (this.failed !== undefined) return;
    try {
      write();
    } catch (err) {
      if (!isFileSystemError(err)) throw err;
      this.failed = fileSystemErrorText(err);
      this.log(`error: could not write ${join(this.dir, STATS_FILE)}: ${this.failed}; stopping the run (what was written stays)`);
    }
  }

  start(info: RunStartInfo): void {
    this.guard(() => this.open(info));
  }

  private open(info: RunStartInfo): void {
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

  interval(iv: IntervalInfo): RunVerdict | undefined {
    this.guard(() => this.writer?.writeInterval(iv.record, iv.sources));
    if (this.failed === undefined || this.told) return undefined;
    this.told = true;
    return { abort: `could not write ${STATS_FILE}: ${this.failed}` };
  }

  async end(info: RunEndInfo): Promise<void> {
    this.guard(() =>
      this.writer?.writeEnd({
        status: info.status,
        duration_s: Math.round(info.durationS * 1000) / 1000,
        messages: info.messages,
        thresholds: [],
        ...(info.reason ? { reason: info.reason } : {}),
      }),
    );
    try {
      await this.writer?.close();
    } catch (err) {
      if (!isFileSystemError(err)) throw err;
    }
  }
}
