import type { IntervalInfo, RunOutput } from './types.js';

/** What the dashboard reads from the run besides stats.ndjson (which it tails itself). */
export interface DashboardPhaseSink {
  setPhase(phase: number): void;
}

/** Feeds the live dashboard the load's arrival phase after each interval of the load. */
export class DashboardFeedOutput implements RunOutput {
  readonly name = 'dashboard';

  constructor(private readonly dashboard: DashboardPhaseSink) {}

  interval(iv: IntervalInfo): undefined {
    if (iv.kind === 'load') this.dashboard.setPhase(iv.loadPhase);
    return undefined;
  }
}
