/**
 * The output interface (STYLE.md §10, k6's `output.Output`): everything after the engine —
 * stats.ndjson, console progress, nodes.json, the dashboard feed, live thresholds — sees the
 * run through these hooks, as plain data. RunCoordinator knows only this file and chain.ts;
 * runPlan (engine/coordinator/run.ts) puts the run's own outputs around the caller's.
 *
 * Order per closed interval: the coordinator closes it (merged snapshots), every RunSource
 * is sampled at that boundary and its value put in `IntervalInfo.sources`, then the outputs
 * run in the order given, each seeing the same record; the first verdict stops the run.
 */
import type { IntervalRecord } from '../stats/aggregate.js';
import type { RunTotals } from '../stats/totals.js';
import type { RunStatus } from '../report/summary-types.js';
import type { NodeReportRow } from '../report/nodes-file.js';

/** The coordinator's phase; RunCoordinator changes it only along RUN_PHASE_TRANSITIONS. */
export type RunPhase = 'opening' | 'ready' | 'setup' | 'loading' | 'stopping' | 'done';

/** What a source may put in an interval line: JSON, so it goes into stats.ndjson unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Known when the nodes are open, before the first interval. */
export interface RunStartInfo {
  runId: string;
  scenario: string;
  /** Epoch ms the run started; interval times count from here. */
  startedMs: number;
  xloadVersion: string;
  intervalMs: number;
  /** Shards (worker threads) over every node. */
  shards: number;
  /** `type://host:port` of each target server. */
  servers: string[];
  domain: string;
  /** `--duration` or `<load duration>`; null = until the load is over. */
  durationMs: number | null;
  /** Distributed runs (more than one node or any node outside this process): one row per node. */
  nodes?: readonly NodeReportRow[];
}

/** One closed interval, as every output sees it. */
export interface IntervalInfo {
  /** `setup`: the run-once sessions' own interval; `load`: a boundary of the load; `final`: what came after the last boundary. */
  kind: 'setup' | 'load' | 'final';
  record: IntervalRecord;
  /**
   * The run's cumulative totals up to and including this interval: the aggregator's live
   * object, read it in the hook. (With sources, an interval that closed while the samples
   * were awaited — at most half an interval — may already be in it.)
   */
  totals(): RunTotals;
  /** The highest arrival phase any shard has reached. */
  loadPhase: number;
  /** Epoch ms the shards started the load (0 while it has not started). */
  loadStartMs: number;
  /** Each source's sample for this boundary, under its `field`; a source that failed or was late is absent. */
  sources: Readonly<Record<string, JsonValue>>;
}

/** How the run ended, after its last interval and the delivery settlement. */
export interface RunEndInfo {
  status: RunStatus;
  reason?: string;
  durationS: number;
  /** Stamped messages, settled (sent = delivered + lost + in_flight). */
  messages: { sent: number; delivered: number; lost: number; duplicated: number; in_flight: number };
  totals: RunTotals;
  /** Distributed runs: per-node rows with their final clock estimates. */
  nodes?: readonly NodeReportRow[];
}

/**
 * An output's request to stop the run: users close their sessions (graceful), the run ends
 * with `status` (default `aborted`) and `abort` as its reason. Live thresholds abort; a
 * capacity search that found its answer ends `completed`.
 */
export interface RunVerdict {
  abort: string;
  status?: 'aborted' | 'completed';
}

/** Something after the engine. Every hook is optional and runs on the coordinator's thread. */
export interface RunOutput {
  /** For messages: "stats.ndjson", "thresholds". */
  readonly name: string;
  start?(info: RunStartInfo): void;
  /** The coordinator's phase changed (`at`: epoch ms). */
  phase?(phase: RunPhase, at: number): void;
  /** A closed interval; return a verdict to stop the run. */
  interval?(iv: IntervalInfo): RunVerdict | undefined;
  /** The run is over; awaited in output order before runPlan returns. */
  end?(info: RunEndInfo): void | Promise<void>;
}

/**
 * Data from beside the engine (a server monitor, issue 14), sampled once per interval at its
 * boundary with async I/O, and written into that interval's stats.ndjson line under
 * `sources[field]` before any output sees it (so thresholds see it too).
 */
export interface RunSource {
  /** The key under the interval line's `sources`, e.g. "servers"; unique per run. */
  readonly field: string;
  /** This boundary's sample (epoch ms). Allowed up to half an interval; later or failed samples are left out. */
  sample(boundary: number): Promise<JsonValue>;
  /** After the last interval. */
  close?(): void | Promise<void>;
}
