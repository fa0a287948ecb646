/**
 * NTP-style clock offset over the control channel (RFC 5905 §8, one exchange per sample):
 * the coordinator sends t0, the agent answers with its clock t1, the answer arrives at t2.
 * offset = t1 - (t0 + t2) / 2 assumes symmetric paths; the error is at most (t2 - t0) / 2,
 * so the sample with the shortest round trip gives the tightest bound.
 *
 * During a run the estimate must follow the agent's clock as it drifts, so it is the best
 * sample of a sliding window (the last WINDOW_MS), as NTP's clock filter keeps the best of
 * its last 8 samples (RFC 5905 §10). Drift is the least-squares slope through the best
 * sample of each DRIFT_BLOCK_MS block: best samples, so queueing delay does not bend it.
 * The offset itself is not extrapolated by the drift: over a 16 s window, even 100 ppm
 * moves it 1.6 ms at most, and the next update follows.
 */
export interface ClockEstimate {
  /** Agent clock minus coordinator clock, ms. */
  offsetMs: number;
  /** Half the best round trip: |true offset - offsetMs| <= uncertaintyMs. */
  uncertaintyMs: number;
  /** Exchanges so far (the whole run, not just the window). */
  samples: number;
  /** How fast the offset changes, ms per minute; absent until DRIFT_MIN_SPAN_MS of blocks. */
  driftMsPerMin?: number;
  /** The worst uncertainty of any estimate in force during the run (ClockSync sets it). */
  worstUncertaintyMs?: number;
}

export const WINDOW_MS = 16_000;
export const DRIFT_BLOCK_MS = 5_000;
/** Drift needs blocks spanning at least this long to mean anything. */
export const DRIFT_MIN_SPAN_MS = 15_000;
/** Blocks kept for the drift fit (2 h at 5 s): older ones are dropped. */
const MAX_BLOCKS = 1440;

interface Sample {
  /** Coordinator time of the exchange (midpoint of t0 and t2). */
  at: number;
  offset: number;
  rtt: number;
}

export class ClockFilter {
  private window: Sample[] = [];
  private blocks: Sample[] = [];
  private blockOf = -Infinity;
  private n = 0;

  constructor(private readonly windowMs = WINDOW_MS) {}

  add(t0: number, t1: number, t2: number): void {
    const rtt = t2 - t0;
    if (!(rtt >= 0)) return;
    this.n++;
    const s: Sample = { at: (t0 + t2) / 2, offset: t1 - (t0 + t2) / 2, rtt };
    // Each sample proves the offset was within ± rtt/2 of its estimate. An older sample whose
    // interval misses the new one's proves the clock has moved since (a step, or drift
    // beyond the bounds): it is dropped at once rather than aging out of the window.
    const lo = s.offset - rtt / 2;
    const hi = s.offset + rtt / 2;
    this.window = this.window.filter((w) => w.at >= s.at - this.windowMs && w.offset + w.rtt / 2 >= lo && w.offset - w.rtt / 2 <= hi);
    this.window.push(s);
    const block = Math.floor(s.at / DRIFT_BLOCK_MS);
    if (block !== this.blockOf) {
      this.blockOf = block;
      this.blocks.push(s);
      if (this.blocks.length > MAX_BLOCKS) this.blocks.shift();
    } else if (rtt < this.blocks[this.blocks.length - 1]!.rtt) {
      this.blocks[this.blocks.length - 1] = s;
    }
  }

  estimate(): ClockEstimate | null {
    let best: Sample | null = null;
    // Among equally good samples the newest wins: the estimate lags a drifting clock least.
    for (const s of this.window) if (best === null || s.rtt <= best.rtt) best = s;
    if (best === null) return null;
    const drift = this.drift();
    return { offsetMs: best.offset, uncertaintyMs: best.rtt / 2, samples: this.n, ...(drift === null ? {} : { driftMsPerMin: drift }) };
  }

  /**
   * Least-squares slope of the blocks' best offsets, ms per minute; null when too short.
   * The block still filling is left out (its best may be its one bad sample so far), and
   * so is any block whose best round trip is over twice the median (a congested stretch).
   */
  private drift(): number | null {
    const done = this.blocks.slice(0, -1);
    const rtts = done.map((s) => s.rtt).sort((x, y) => x - y);
    const limit = 2 * (rtts[rtts.length >> 1] ?? 0);
    const b = done.filter((s) => s.rtt <= limit);
    if (b.length < 3 || b[b.length - 1]!.at - b[0]!.at < DRIFT_MIN_SPAN_MS) return null;
    const t0 = b[0]!.at;
    let sx = 0,
      sy = 0,
      sxx = 0,
      sxy = 0;
    for (const s of b) {
      const x = s.at - t0;
      sx += x;
      sy += s.offset;
      sxx += x * x;
      sxy += x * s.offset;
    }
    const n = b.length;
    const den = n * sxx - sx * sx;
    return den > 0 ? ((n * sxy - sx * sy) / den) * 60_000 : null;
  }
}
