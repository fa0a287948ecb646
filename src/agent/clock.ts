/**
 * NTP-style clock offset over the control channel (RFC 5905 §8, one exchange per sample):
 * the coordinator sends t0, the agent answers with its clock t1, the answer arrives at t2.
 * offset = t1 - (t0 + t2) / 2 assumes symmetric paths; the error is at most (t2 - t0) / 2,
 * so the sample with the shortest round trip gives the tightest bound.
 */
export interface ClockEstimate {
  /** Agent clock minus coordinator clock, ms. */
  offsetMs: number;
  /** Half the best round trip: |true offset - offsetMs| <= uncertaintyMs. */
  uncertaintyMs: number;
  samples: number;
}

export class ClockFilter {
  private best: { offset: number; rtt: number } | null = null;
  private n = 0;

  add(t0: number, t1: number, t2: number): void {
    const rtt = t2 - t0;
    if (!(rtt >= 0)) return;
    this.n++;
    if (this.best === null || rtt < this.best.rtt) this.best = { offset: t1 - (t0 + t2) / 2, rtt };
  }

  estimate(): ClockEstimate | null {
    if (this.best === null) return null;
    return { offsetMs: this.best.offset, uncertaintyMs: this.best.rtt / 2, samples: this.n };
  }
}
