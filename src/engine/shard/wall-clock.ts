/**
 * One time base per process: epoch ms = a wall-clock reading taken once + the monotonic
 * clock since then. Why not `performance.timeOrigin + performance.now()` per thread: each
 * thread takes its own timeOrigin when it starts, and Node's main thread takes it early and
 * coarsely (measured: the main thread's reading runs ~5 ms ahead of Date.now(), a worker's
 * ~1 ms), so a clock probe answered on the main thread and a latency measured on a worker
 * would disagree by that much. Anchoring everything (pongs, worker threads) to one reading
 * makes them agree to a microsecond, and the monotonic clock is never stepped, so an NTP
 * step on the box mid-run does not shift the run's time (the coordinator's re-estimated
 * offset follows the slow rate difference instead).
 */
export interface ClockAnchor {
  /** Epoch ms at the anchor (exact to ~1 µs: taken on a Date.now() millisecond edge). */
  wallMs: number;
  /** process.hrtime at the same instant, ms. */
  hrMs: number;
}

let anchor: ClockAnchor | null = null;

/** The monotonic clock in ms; the same in every thread of a process. */
export function hrMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}

/** This process's anchor, taken on first use (a busy wait of at most 1 ms, once). */
export function processAnchor(): ClockAnchor {
  if (anchor) return anchor;
  const first = Date.now();
  let wall = first;
  let hr = hrMs();
  // Date.now() has 1 ms resolution; the instant it ticks over is known to a microsecond.
  const giveUp = hr + 5;
  while (wall === first && hr < giveUp) {
    hr = hrMs();
    wall = Date.now();
  }
  anchor = { wallMs: wall, hrMs: hr };
  return anchor;
}

/** Epoch ms with sub-ms precision on this process's anchor. */
export function anchoredNow(a: ClockAnchor = processAnchor()): number {
  return a.wallMs + hrMs() - a.hrMs;
}

/**
 * The constant to add to this thread's performance.now() to get anchored epoch ms
 * (performance.now() is the same monotonic clock, counted from the thread's start; reading
 * both back to back gives the thread's start on it to well under a microsecond).
 */
export function perfBase(a: ClockAnchor): number {
  const hr = hrMs();
  const p = performance.now();
  return a.wallMs - a.hrMs + hr - p;
}
