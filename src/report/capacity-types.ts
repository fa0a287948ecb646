import type { ServerSummary } from './servers-summary.js';
/**
 * summary.json `capacity` (issue 15): written by `xload capacity` into its run folder's
 * summary.json, absent from every other run. Optional and additive: no schema bump.
 */
export interface CapacityGate {
  gate: string;
  ok: boolean;
  detail: string;
}

/** One level of the curve. */
export interface CapacityLevel {
  index: number;
  level: number;
  kind: 'start' | 'expand' | 'bisect' | 'confirm';
  /** `--trials` > 1, expand and bisect levels: which hold of the level this is (absent otherwise). */
  trial?: { n: number; of: number };
  hold_s: number;
  outcome: 'pass' | 'fail' | 'generator-limited' | 'interrupted';
  /** The first broken gate, or the generator's detail; null on a pass. */
  gate: string | null;
  gates: CapacityGate[];
  achieved: { users_per_s: number; messages_per_s: number; max_users_active: number };
  latency_ms: { p50: number | null; p99: number | null; mean: number | null };
  errors: number;
  messages: { sent: number; delivered: number; lost: number };
  /** The level's own run folder (stats.ndjson, summary.json, report.html), relative. */
  dir: string;
  /** The wait after this level, before the next one (absent on an interrupted level and in older files). */
  cooldown?: CapacityCooldown;
  /** The cooldown before this level timed out: it started on a server that had not settled. */
  started_unsettled?: true;
  /**
   * With `<monitoring>`: each monitor's series over the level's run, mean and max (as
   * summary.json `servers`): the server's CPU and memory against the load. Absent without.
   */
  servers?: Record<string, ServerSummary>;
}

/**
 * The cooldown after a level: at least `--cooldown-seconds`; with `<monitoring>`, until each
 * monitored server's CPU is back near its idle reading taken before the first level, at most
 * `--cooldown-max-seconds`.
 */
export interface CapacityCooldown {
  waited_s: number;
  /** False when it timed out (or was interrupted) with a CPU still above its limit. */
  settled: boolean;
  timed_out: boolean;
  /** Per monitor with a `cpu` series: idle reading, the limit it had to get under, the last reading. Null without monitors (a fixed wait). */
  cpu: Record<string, { idle: number; limit: number; last: number | null }> | null;
}

export type CapacityVerdict = 'found' | 'start-failed' | 'generator-limited' | 'max-level' | 'level-budget' | 'unconfirmed' | 'interrupted';

/** One search (there are `--repeat` of them). */
export interface CapacitySearchRecord {
  verdict: CapacityVerdict;
  highest_pass: number | null;
  lowest_fail: number | null;
  /** The gate that broke at the lowest failing level, and the first gate that broke at all. */
  fail_gate: string | null;
  first_broken_gate: string | null;
  generator_limited_at: number | null;
  duration_s: number;
  levels: CapacityLevel[];
}

export interface CapacitySummary {
  axis: 'arrival-rate' | 'users' | 'message-rate';
  unit: string;
  slos: string[];
  /**
   * The server's software by XEP-0092 ("ejabberd 23.01"), asked once before the search;
   * null when the probe could not log in or the server did not say. Absent in files
   * written before it existed (additive under xload.summary/3).
   */
  server_version?: string | null;
  options: {
    start: number;
    resolution: number;
    growth: number;
    step_s: number;
    confirm_s: number;
    cooldown_s: number;
    /** The longest CPU-settling cooldown (runs with `<monitoring>`); absent in older files. */
    cooldown_max_s?: number;
    repeat: number;
    /** `--trials`: holds per expand/bisect level; absent in files written before it existed (additive). */
    trials?: number;
  };
  /** The median search's figures (the only search's when repeat = 1). */
  verdict: CapacityVerdict;
  highest_pass: number | null;
  lowest_fail: number | null;
  fail_gate: string | null;
  first_broken_gate: string | null;
  generator_limited_at: number | null;
  /**
   * `--history DIR` only: the past results of the same scenario and axis that report.html
   * draws as the trend, kept here so `xload report DIR` redraws it (additive).
   */
  history?: CapacityTrend;
  /** `--repeat` > 1: each search's highest pass, their median and spread ((max − min) / median). */
  repeat?: { found: (number | null)[]; median: number | null; min: number | null; max: number | null; spread: number | null };
  searches: CapacitySearchRecord[];
}

/** One line of DIR/capacity-history.jsonl (`--history`): one capacity result. */
export interface CapacityHistoryEntry {
  date: string;
  axis: CapacitySummary['axis'];
  unit: string;
  verdict: CapacityVerdict;
  /** The highest passing level (the median one with --repeat); null without a figure. */
  found: number | null;
  lowest_fail: number | null;
  first_broken_gate: string | null;
  slos: string[];
  xload_version: string;
  /** sha256 of the scenario file as given (first 16 hex digits). */
  scenario_hash: string;
  /** The server's software by XEP-0092 ("ejabberd 23.01"); null when the probe got no answer. */
  server_version: string | null;
}

/** summary.json `capacity.history`: what the trend chart needs, this run included. */
export interface CapacityTrend {
  /** The latest entries (at most TREND_ENTRIES) of the same scenario hash and axis, oldest first; the last is this run. */
  entries: CapacityHistoryEntry[];
  /** Median of the last 7 good runs before this one: what `--max-drop` compared with; null when there were none. */
  baseline: number | null;
  /** How many good runs `baseline` is the median of. */
  baseline_runs: number;
  max_drop: number;
  /** This run dropped beyond `--max-drop` (exit code 97). */
  dropped: boolean;
}
