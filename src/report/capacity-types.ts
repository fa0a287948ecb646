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
  options: { start: number; resolution: number; growth: number; step_s: number; confirm_s: number; cooldown_s: number; repeat: number };
  /** The median search's figures (the only search's when repeat = 1). */
  verdict: CapacityVerdict;
  highest_pass: number | null;
  lowest_fail: number | null;
  fail_gate: string | null;
  first_broken_gate: string | null;
  generator_limited_at: number | null;
  /** `--repeat` > 1: each search's highest pass, their median and spread ((max − min) / median). */
  repeat?: { found: (number | null)[]; median: number | null; min: number | null; max: number | null; spread: number | null };
  searches: CapacitySearchRecord[];
}
