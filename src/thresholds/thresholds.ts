import type { SourcePos, ThresholdSpec } from '../scenario/plan.js';
import type { ThresholdResult } from './result.js';
import type { ThresholdData } from './data.js';
import { evaluateThreshold } from './evaluate.js';
import type { ThresholdExpr } from './expr.js';
import { parseThreshold } from './parse.js';

/** A threshold ready to evaluate: parsed, with whether it stops the run and where it came from. */
export interface Threshold {
  expr: ThresholdExpr;
  abortOnFail: boolean;
  /** `scenario.xml:12:5` or `--threshold`, for messages. */
  origin: string;
}

/** Suffix of a `--threshold` value that makes it abort the run when it fails. */
export const ABORT_SUFFIX = /;\s*abort_on_fail\s*$/;

/**
 * The scenario's thresholds (already checked by `xload check`) and the `--threshold` flags
 * (`EXPR` or `EXPR; abort_on_fail`). A flag that does not parse throws ThresholdSyntaxError.
 */
export function collectThresholds(specs: readonly ThresholdSpec[], flags: readonly string[], scenario = 'scenario'): Threshold[] {
  const out: Threshold[] = specs.map((s) => ({ expr: parseThreshold(s.expr), abortOnFail: s.abortOnFail, origin: at(scenario, s.pos) }));
  for (const f of flags) {
    const abortOnFail = ABORT_SUFFIX.test(f);
    out.push({ expr: parseThreshold(f.replace(ABORT_SUFFIX, '')), abortOnFail, origin: '--threshold' });
  }
  return out;
}

export function evaluateAll(ts: readonly Threshold[], data: ThresholdData): ThresholdResult[] {
  return ts.map((t) => evaluateThreshold(t.expr, data));
}

/**
 * The first abort_on_fail threshold that fails on the data so far, if any. One with nothing
 * to measure yet (no samples) does not abort: early in a run that is normal.
 */
export function firstAbort(ts: readonly Threshold[], data: ThresholdData): { threshold: Threshold; result: ThresholdResult } | undefined {
  for (const t of ts) {
    if (!t.abortOnFail) continue;
    const result = evaluateThreshold(t.expr, data);
    if (!result.ok && result.value !== null) return { threshold: t, result };
  }
  return undefined;
}

function at(file: string, pos: SourcePos): string {
  return `${file}:${pos.line}:${pos.col}`;
}
