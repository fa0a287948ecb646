/**
 * The RunOutput a level run carries: keeps one StepSample per closed interval of the step
 * (not the drain after it) and the run's end totals, for the gates.
 */
import type { IntervalInfo, RunEndInfo, RunOutput, RunStartInfo } from '../output/types.js';
import { sampleOf, type StepSample } from './window.js';
import { ServersAccumulator } from '../report/servers-summary.js';
import { GAUGE } from '../stats/metric-names.js';

export class StepOutput implements RunOutput {
  readonly name = 'capacity-step';
  readonly samples: StepSample[] = [];
  shards = 1;
  startedMs = 0;
  /** users_active at the last interval seen, drain included: the cooldown check. */
  lastUsersActive = 0;
  end_: RunEndInfo | undefined;
  /** The monitors' readings over the level (its own sources), for `server.*` SLOs and the curve. */
  readonly servers = new ServersAccumulator();
  private inFlight = 0;

  constructor(private readonly holdMs: number) {}

  start(info: RunStartInfo): void {
    this.shards = info.shards;
    this.startedMs = info.startedMs;
  }

  interval(iv: IntervalInfo): undefined {
    const r = iv.record;
    this.lastUsersActive = r.gauges[GAUGE.usersActive] ?? 0;
    if (iv.kind === 'setup') return undefined;
    this.servers.add(iv);
    const sample = sampleOf(r, iv.loadStartMs > 0 ? (r.tEpochMs - iv.loadStartMs) / 1000 : 0, this.inFlight);
    this.inFlight = sample.inFlight;
    // Half an interval of slack: the boundary closing the step lands a few ms after it.
    if (iv.kind === 'load' && iv.loadStartMs > 0 && sample.t <= this.holdMs / 1000 + r.intervalMs / 2000) this.samples.push(sample);
    return undefined;
  }

  end(info: RunEndInfo): void {
    this.end_ = info;
  }
}
