import { perfBase, processAnchor, type ClockAnchor } from './wall-clock.js';

/** Offset changes up to this are slewed; larger ones mean the estimate was wrong and are stepped. */
export const STEP_OVER_MS = 20;
/**
 * Slew rate, ms of offset per second (1000 ppm). Well above any crystal's drift (tens of
 * ppm) so the clock keeps up, and small enough that a latency measured during a slew is off
 * by at most 0.1 % of itself: it can never turn negative, since the clock still advances
 * 0.999 ms per ms.
 */
export const SLEW_MS_PER_S = 1;

/**
 * A shard's clock: the node's anchored epoch time (wall-clock.ts) minus the node's clock
 * offset to the coordinator, so every shard of every node runs on the coordinator's time.
 * The coordinator re-estimates the offset every second or so; like ntpd's adjtime, small
 * corrections are slewed, not stepped, so now() stays monotonic and latencies measured
 * across an update stay non-negative. A correction above STEP_OVER_MS is stepped.
 */
export class ShardClock {
  private readonly base: number;
  /** Offset in force at the start of the current slew (or for good when not slewing). */
  private from: number;
  private target: number;
  /** performance.now() when the current slew started. */
  private slewStart = 0;
  private slewing = false;

  constructor(offsetMs = 0, anchor: ClockAnchor = processAnchor()) {
    this.base = perfBase(anchor);
    this.from = offsetMs;
    this.target = offsetMs;
  }

  /** Epoch ms with sub-ms precision, on the coordinator's clock. */
  now(): number {
    const p = performance.now();
    return p + this.base - (this.slewing ? this.offsetAt(p) : this.from);
  }

  /** The offset subtracted right now (ms). */
  get offsetMs(): number {
    return this.slewing ? this.offsetAt(performance.now()) : this.from;
  }

  /** A new offset estimate: slewed towards when small, stepped to when large. */
  setOffset(target: number): 'slew' | 'step' | 'same' {
    const p = performance.now();
    const current = this.slewing ? this.offsetAt(p) : this.from;
    if (target === current) {
      this.from = this.target = target;
      this.slewing = false;
      return 'same';
    }
    if (Math.abs(target - current) > STEP_OVER_MS) {
      this.from = this.target = target;
      this.slewing = false;
      return 'step';
    }
    this.from = current;
    this.target = target;
    this.slewStart = p;
    this.slewing = true;
    return 'slew';
  }

  private offsetAt(p: number): number {
    const moved = ((p - this.slewStart) * SLEW_MS_PER_S) / 1000;
    const gap = this.target - this.from;
    if (moved >= Math.abs(gap)) {
      this.from = this.target;
      this.slewing = false;
      return this.from;
    }
    return this.from + Math.sign(gap) * moved;
  }
}
