import { join } from 'node:path';
import type { IntervalRecord } from '../stats/aggregate.js';
import { NdjsonWriter } from './ndjson.js';
import type { StatsEndInput, StatsHeaderInput } from './ndjson.js';
import { STATS_FILE, writeRunOutputs } from './write-run.js';
import type { RunOutputs } from './write-run.js';

/**
 * A run's files as one output with the three hooks the engine calls (STYLE.md §10): start
 * opens DIR/stats.ndjson, addInterval appends a line, stop writes the end line, closes, and
 * writes summary.json and report.html from the file, exactly as `xload report DIR` would.
 */
export class FileRunOutput {
  private constructor(
    readonly dir: string,
    private readonly writer: NdjsonWriter,
  ) {}

  static start(dir: string, header: StatsHeaderInput): FileRunOutput {
    return new FileRunOutput(dir, NdjsonWriter.open(join(dir, STATS_FILE), header));
  }

  addInterval(rec: IntervalRecord): void {
    this.writer.writeInterval(rec);
  }

  /** `end` is omitted only when the run cannot say how it ended (the summary then says aborted). */
  async stop(end?: StatsEndInput): Promise<RunOutputs> {
    if (end !== undefined) this.writer.writeEnd(end);
    await this.writer.close();
    return writeRunOutputs(this.dir);
  }
}
