/**
 * One capacity search against the servers: the state machine (search.ts) asks for levels,
 * the level runner runs and judges them. Ctrl-C stops the level that runs (gracefully, as
 * `start` does) and ends the search with what was found so far.
 */
import type { CapacitySearchRecord } from '../report/capacity-types.js';
import { runLevel, type LevelContext, type LevelReport } from './level-runner.js';
import { CapacitySearch, type SearchOptions } from './search.js';
import { AXIS_UNIT } from './scale.js';

export interface SearchRunOptions {
  search: SearchOptions;
  stepMs: number;
  confirmMs: number;
  /** Levels of every search are numbered on, so folders of repeats never collide. */
  firstIndex: number;
  /** True once the user asked to stop. */
  interrupted: () => boolean;
}

export async function runSearch(ctx: LevelContext, opts: SearchRunOptions): Promise<CapacitySearchRecord> {
  const started = Date.now();
  const search = new CapacitySearch(opts.search);
  const levels: LevelReport[] = [];
  const unit = AXIS_UNIT[ctx.axis];
  for (let step = search.nextStep(); step; step = search.nextStep()) {
    if (opts.interrupted()) {
      search.interrupt();
      break;
    }
    const holdMs = step.kind === 'confirm' ? opts.confirmMs : opts.stepMs;
    const kind = step.trial ? `${step.kind}, hold ${step.trial.n} of ${step.trial.of}` : step.kind;
    ctx.run.log(`capacity: level ${levels.length + 1} (${kind}) ${step.level} ${unit}, held ${holdMs / 1000} s`);
    const { report, outcome } = await runLevel(ctx, step, holdMs, opts.firstIndex + levels.length);
    levels.push(report);
    if (outcome === 'interrupted' || opts.interrupted()) {
      search.interrupt();
      break;
    }
    search.record(outcome);
    ctx.run.log(`capacity: ${step.level} ${unit}: ${report.outcome}${report.gate ? ` (${report.gate})` : ''}`);
    // A failed --between-levels: this level's verdict stands, no later level can be trusted.
    if (ctx.resetFailed !== undefined && !search.done) {
      search.interrupt();
      break;
    }
  }
  const r = search.result();
  return {
    verdict: r.verdict,
    highest_pass: r.highestPass,
    lowest_fail: r.lowestFail,
    fail_gate: r.failGate,
    first_broken_gate: r.firstBrokenGate,
    generator_limited_at: r.generatorLimitedAt,
    duration_s: Math.round((Date.now() - started) / 100) / 10,
    levels,
  };
}
