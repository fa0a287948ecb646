import type { Plan } from '../scenario/plan.js';
import type { JsonValue, RunSource } from '../output/types.js';
import { MonitorSet } from './monitor-set.js';
import { createMonitor, type MonitorContext } from './create.js';
import { reasonOf } from './errors.js';

/** The interval line's key for the monitors' samples: `sources.servers.<id>.<series>`. */
export const SERVERS_FIELD = 'servers';

const OWN_TIMEOUT_MS = 2000;

export interface ServerMonitorsOptions extends MonitorContext {
  intervalMs: number;
  /** `--monitor-optional`: a monitor that cannot be reached is a warning and is left out. */
  optional: boolean;
  /** Console and xload.log line; may be set after opening (the run folder comes later). */
  log: (line: string) => void;
}

/**
 * The plan's monitors as the run's `servers` source (issue 14). Opened before anything
 * runs so an unreachable monitor stops `start` (it throws MonitorUnreachableError, or
 * MonitorRefusedError for an agent that will not serve); the
 * samples are read on the coordinator's event loop at each interval boundary.
 */
export class ServerMonitorsSource implements RunSource {
  readonly field = SERVERS_FIELD;

  private constructor(private readonly set: MonitorSet) {}

  /** Null when the plan has no monitors (or none could be opened, with `optional`). Returns warnings for dropped monitors. */
  static async open(plan: Plan, opts: ServerMonitorsOptions): Promise<{ source: ServerMonitorsSource | null; warnings: string[] }> {
    const specs = plan.monitors ?? [];
    if (specs.length === 0) return { source: null, warnings: [] };
    // The chain waits half an interval for a source: the set gives up on a reading before
    // that (a gap; the reading may still finish for the next interval). A monitor's own
    // timeout, which bounds open() too, stays at 2 s: munin-node forks a plugin per fetch.
    const sampleTimeoutMs = Math.max(50, Math.min(2000, Math.floor(opts.intervalMs * 0.45)));
    const set = new MonitorSet(
      specs.map((s) => createMonitor(s, OWN_TIMEOUT_MS, opts)),
      {
        sampleTimeoutMs,
        events: {
          onGap: (id, reason) => opts.log(`warning: monitor ${id} stopped answering: ${reason}`),
          onRecover: (id, gapMs) => opts.log(`monitor ${id} answers again after ${(gapMs / 1000).toFixed(1)} s`),
        },
      },
    );
    const failures = await set.open({ optional: opts.optional });
    const warnings = failures.map((f) => `monitor left out: ${reasonOf(f.error)}`);
    if (set.ids.length === 0) {
      await set.close();
      return { source: null, warnings };
    }
    return { source: new ServerMonitorsSource(set), warnings };
  }

  get ids(): string[] {
    return this.set.ids;
  }

  async sample(): Promise<JsonValue> {
    const s = await this.set.sample();
    return s.monitors;
  }

  close(): Promise<void> {
    return this.set.close();
  }
}
