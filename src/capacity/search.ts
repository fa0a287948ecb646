/**
 * The capacity search as a pure state machine: the caller asks `nextStep()` what to run,
 * runs it, and feeds the outcome back with `record()`. No I/O, no clock, so unit tests
 * drive it with scripted outcomes.
 *
 * Shape (after Nighthawk's exponential-then-binary step controller, the IETF MLRsearch
 * draft's "lower bound must be re-confirmed" rule and NoSQLBench findmax's step-up then
 * refine): from a known-good start, double until a level fails; bisect between the highest
 * pass and the lowest fail until they are within `resolution` of each other; hold the
 * highest pass once more for `confirmSeconds`. A failed confirmation makes that level the
 * new lowest fail and the search goes on below it (bounded by `maxConfirmations`).
 *
 * With `trials` > 1, each expand and bisect level is held that many times and passes only
 * if every hold passes (MLRsearch's trial repetition with a goal exceed ratio of 0). Near
 * its knee a server can hold or collapse at random at one offered load (ejabberd here does,
 * in about one hold of three: bench/README.md, issue 15); one hold per level then makes
 * the figure a draw from that band. Requiring every hold to pass moves the figure to where
 * a collapse is rare, which is also the level an operator can plan on. A failing hold ends
 * its level at once, so the extra cost falls on passing levels only.
 */
import type { LevelOutcome, SearchOptions, SearchResult, SearchStep } from './search-types.js';

export type { LevelOutcome, SearchOptions, SearchResult, SearchStep } from './search-types.js';

export class CapacitySearch {
  private readonly passes: number[] = [];
  private lowestFail: { level: number; gate: string } | undefined;
  private firstGate: string | undefined;
  private confirmations = 0;
  private levels = 0;
  private pending: SearchStep | undefined;
  private end: SearchResult['verdict'] | undefined;
  private limitedAt: number | undefined;

  constructor(private readonly opts: SearchOptions) {
    if (!(opts.start > 0)) throw new RangeError('the start level must be > 0');
    if (!(opts.resolution > 0)) throw new RangeError('the resolution must be > 0');
    if (opts.trials !== undefined && !(Number.isInteger(opts.trials) && opts.trials >= 1))
      throw new RangeError('trials must be a whole number ≥ 1');
  }

  /** What to run next, or undefined when the search is over (then read `result()`). */
  nextStep(): SearchStep | undefined {
    if (this.end !== undefined) return undefined;
    if (this.pending) return this.pending;
    if (this.levels >= this.opts.maxLevels) return this.finish('level-budget');
    const high = this.highestPass();
    let step: SearchStep;
    if (high === undefined) step = { level: this.opts.start, kind: 'start' };
    else if (this.lowestFail === undefined) {
      const next = high * this.opts.growth;
      if (this.opts.maxLevel !== undefined && high >= this.opts.maxLevel) return this.finish('max-level');
      step = this.held({ level: this.round(this.opts.maxLevel !== undefined ? Math.min(next, this.opts.maxLevel) : next), kind: 'expand' });
    } else if ((this.lowestFail.level - high) / high > this.opts.resolution) {
      step = this.held({ level: this.round((high + this.lowestFail.level) / 2), kind: 'bisect' });
      // Rounding may land on a bound: then the interval cannot shrink any further.
      if (step.level <= high || step.level >= this.lowestFail.level) step = this.confirmOrFinish(high);
      else return (this.pending = step);
    } else step = this.confirmOrFinish(high);
    if (this.end !== undefined) return undefined;
    return (this.pending = step);
  }

  /** The outcome of the step `nextStep()` gave. */
  record(outcome: LevelOutcome): void {
    const step = this.pending;
    if (!step) throw new Error('record() without a pending step');
    this.pending = undefined;
    // A passing hold with holds still to go: the same level again, not yet decided.
    if (outcome.kind === 'pass' && step.trial && step.trial.n < step.trial.of) {
      this.pending = { ...step, trial: { n: step.trial.n + 1, of: step.trial.of } };
      return;
    }
    // Levels decided, not holds: the budget (`maxLevels`) means the same with any `trials`.
    this.levels += 1;
    if (outcome.kind === 'generator-limited') {
      this.limitedAt = step.level;
      this.finish('generator-limited');
      return;
    }
    if (outcome.kind === 'pass') {
      if (step.kind === 'confirm') this.confirmed = step.level;
      else this.passes.push(step.level);
      return;
    }
    this.firstGate ??= outcome.gate;
    if (step.kind === 'start') {
      this.lowestFail = { level: step.level, gate: outcome.gate };
      this.finish('start-failed');
      return;
    }
    if (this.lowestFail === undefined || step.level < this.lowestFail.level) this.lowestFail = { level: step.level, gate: outcome.gate };
    if (step.kind === 'confirm') {
      // The confirmed level is now a fail: every pass at or above it is void.
      this.confirmations += 1;
      for (let i = this.passes.length - 1; i >= 0; i--) if (this.passes[i]! >= step.level) this.passes.splice(i, 1);
      if (this.highestPass() === undefined) this.finish('unconfirmed');
    }
  }

  /** Stop now (Ctrl-C): the result says what was found so far. */
  interrupt(): void {
    this.pending = undefined;
    this.finish('interrupted');
  }

  get done(): boolean {
    return this.end !== undefined;
  }

  result(): SearchResult {
    const high = this.highestPass();
    return {
      verdict: this.end ?? 'interrupted',
      highestPass: this.end === 'found' ? (this.confirmed ?? high ?? null) : (high ?? null),
      lowestFail: this.lowestFail?.level ?? null,
      failGate: this.lowestFail?.gate ?? null,
      firstBrokenGate: this.firstGate ?? null,
      generatorLimitedAt: this.limitedAt ?? null,
      levels: this.levels,
    };
  }

  private confirmed: number | undefined;

  private confirmOrFinish(high: number): SearchStep {
    if (this.opts.confirmSeconds <= 0 || this.confirmed === high) {
      this.finish('found');
      return { level: high, kind: 'confirm' };
    }
    if (this.confirmations >= this.opts.maxConfirmations) {
      this.finish('unconfirmed');
      return { level: high, kind: 'confirm' };
    }
    return { level: high, kind: 'confirm' };
  }

  /** An expand or bisect step, with its first hold of `trials` when there are several. */
  private held(step: SearchStep): SearchStep {
    const of = this.opts.trials ?? 1;
    return of > 1 ? { ...step, trial: { n: 1, of } } : step;
  }

  private highestPass(): number | undefined {
    return this.passes.length === 0 ? undefined : Math.max(...this.passes);
  }

  private round(level: number): number {
    const step = this.opts.integer ? 1 : 1e-3;
    return Math.max(step, Math.round(level / step) * step);
  }

  private finish(verdict: SearchResult['verdict']): undefined {
    this.end = verdict;
    return undefined;
  }
}
