/** When the load's intervals close, all times epoch ms. */
export interface IntervalClockOptions {
  /** The shards' agreed start. */
  startAt: number;
  intervalMs: number;
  /** How long after a boundary the shards' snapshots are waited for (they travel). */
  collectDelayMs: number;
  /** `--duration`: the graceful stop's time after startAt; absent = none. */
  durationMs?: number;
  /** Boundary k at startAt + k * intervalMs, k = 1, 2, …, called collectDelayMs after it. */
  onBoundary(boundary: number): void;
  onDuration(): void;
}

/**
 * The coordinator's interval timer: one timeout at a time, each aimed at its boundary from
 * the start (never from the previous tick), so a slow tick does not shift the ones after.
 */
export class IntervalClock {
  private tickTimer: NodeJS.Timeout | null = null;
  private durationTimer: NodeJS.Timeout | null = null;

  arm(o: IntervalClockOptions): void {
    let k = 1;
    const tick = () => {
      o.onBoundary(o.startAt + k * o.intervalMs);
      k++;
      this.tickTimer = setTimeout(tick, Math.max(0, o.startAt + k * o.intervalMs + o.collectDelayMs - Date.now()));
    };
    this.tickTimer = setTimeout(tick, Math.max(0, o.startAt + o.intervalMs + o.collectDelayMs - Date.now()));
    if (o.durationMs !== undefined) {
      // unref: a run that ended on its own does not wait for its duration.
      this.durationTimer = setTimeout(o.onDuration, o.startAt + o.durationMs - Date.now());
      this.durationTimer.unref();
    }
  }

  clear(): void {
    if (this.tickTimer) clearTimeout(this.tickTimer);
    if (this.durationTimer) clearTimeout(this.durationTimer);
    this.tickTimer = this.durationTimer = null;
  }
}
