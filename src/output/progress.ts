import { ProgressLine } from './progress-line.js';
import type { IntervalInfo, RunOutput, RunPhase } from './types.js';

/**
 * The console progress line, at most every `everyMs` (Infinity: never), counted from when
 * the load was armed; rates cover every interval since the previous line.
 */
export class ConsoleProgressOutput implements RunOutput {
  readonly name = 'console progress';
  private readonly line = new ProgressLine();
  private lastPrint = 0;

  constructor(
    private readonly log: (line: string) => void,
    private readonly everyMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  phase(phase: RunPhase, at: number): void {
    if (phase === 'loading') this.lastPrint = at;
  }

  interval(iv: IntervalInfo): undefined {
    this.line.add(iv.record);
    if (iv.kind !== 'load') return undefined;
    const now = this.now();
    if (now - this.lastPrint >= this.everyMs) {
      this.lastPrint = now;
      this.log(this.line.render((now - iv.loadStartMs) / 1000, iv.loadPhase));
    }
    return undefined;
  }
}
