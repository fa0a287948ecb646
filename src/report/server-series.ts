import type { StatsInterval } from './ndjson-types.js';
import { serverReadings } from './servers-summary.js';

/** A monitor's main lines on the report's time axis: null where it had no reading (a gap). */
export interface ServerLines {
  /** `cpu`: % (a process: 100 = one core; a host: of all cores). */
  cpu?: (number | null)[];
  /** The memory series charted, `rss_bytes` for a process, `mem_used_bytes` for a host. */
  mem_series?: string;
  mem_mib?: (number | null)[];
}

/** The memory series a chart shows, first found wins. */
const MEM_SERIES = ['rss_bytes', 'mem_used_bytes'];

/**
 * Per monitor id, its CPU and memory lines, binned like every other line of the report:
 * a bin keeps the peak of its readings, and a bin with none is null, so Chart.js draws
 * the gap as a gap instead of a line across it.
 */
export class ServerSeriesBuilder {
  private readonly ids: string[];
  private readonly mem = new Map<string, string>();
  private readonly out: Record<string, ServerLines> = {};
  private group: StatsInterval[] = [];

  constructor(
    intervals: readonly StatsInterval[],
    private readonly bin: number,
  ) {
    const ids = new Set<string>();
    const hasCpu = new Set<string>();
    for (const line of intervals) {
      for (const [id, r] of Object.entries(serverReadings(line) ?? {})) {
        ids.add(id);
        if (!r) continue;
        if ('cpu' in r) hasCpu.add(id);
        if (!this.mem.has(id)) {
          const m = MEM_SERIES.find((s) => s in r);
          if (m) this.mem.set(id, m);
        }
      }
    }
    this.ids = [...ids].filter((id) => hasCpu.has(id) || this.mem.has(id));
    for (const id of this.ids) {
      const mem = this.mem.get(id);
      this.out[id] = { ...(hasCpu.has(id) ? { cpu: [] } : {}), ...(mem ? { mem_series: mem, mem_mib: [] } : {}) };
    }
  }

  add(line: StatsInterval): void {
    if (this.ids.length === 0) return;
    this.group.push(line);
    if (this.group.length >= this.bin) this.flush();
  }

  /** Undefined for a run without monitors. */
  finish(): Record<string, ServerLines> | undefined {
    this.flush();
    return this.ids.length === 0 ? undefined : this.out;
  }

  private flush(): void {
    if (this.group.length === 0) return;
    const readings = this.group.map((l) => serverReadings(l));
    for (const id of this.ids) {
      const o = this.out[id]!;
      const peak = (name: string | undefined): number | null => {
        let best: number | null = null;
        for (const r of readings) {
          const x = name === undefined ? undefined : r?.[id]?.[name];
          if (x !== undefined && (best === null || x > best)) best = x;
        }
        return best;
      };
      o.cpu?.push(peak('cpu'));
      const m = peak(o.mem_series);
      o.mem_mib?.push(m === null ? null : Math.round((m / 2 ** 20) * 10) / 10);
    }
    this.group = [];
  }
}
