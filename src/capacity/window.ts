/**
 * What a level measured, reduced from its closed intervals (pure). The level's steady part
 * is its second half: the first half is the ramp (users arriving until departures match).
 */
import type { IntervalRecord } from '../stats/aggregate.js';
import { COUNTER, GAUGE, METRIC } from '../stats/metric-names.js';

/** One interval of the step as the level runner keeps it: counts, not histograms. */
export interface StepSample {
  /** Seconds since the load started, at the interval's close. */
  t: number;
  intervalMs: number;
  usersActive: number;
  /** Cumulative stamped messages sent − delivered at the close: what is still on its way. */
  inFlight: number;
  usersStarted: number;
  messagesSent: number;
  /** xload_loop_busy_ms summed over shards, and the shards' count: busy ratio = busy / (shards × interval). */
  loopBusyMs: number;
  loopDelayP99Ms: number;
}

/** The sample of one record; `inFlightBefore` carries the cumulative count across records. */
export function sampleOf(r: IntervalRecord, t: number, inFlightBefore: number): StepSample {
  const c = r.counters;
  const sent = c[COUNTER.messagesSent] ?? 0;
  // messages_delivered_offline is the part of messages_delivered that carried a delay, not more of them.
  const delivered = c[COUNTER.messagesDelivered] ?? 0;
  return {
    t,
    intervalMs: r.intervalMs,
    usersActive: r.gauges[GAUGE.usersActive] ?? 0,
    inFlight: inFlightBefore + sent - delivered,
    usersStarted: (c[COUNTER.usersStarted] ?? 0) + (c[COUNTER.usersRefusedMaxusers] ?? 0),
    messagesSent: sent,
    loopBusyMs: c[COUNTER.loopBusyMs] ?? 0,
    loopDelayP99Ms: r.metrics[METRIC.loopDelay]?.p99_ms ?? 0,
  };
}

export interface StepWindow {
  /** Seconds of the whole step and of its second half. */
  stepS: number;
  halfS: number;
  usersStartedPerS: number;
  /** users started over the whole step (for the Poisson tolerance of the arrival gate). */
  usersStarted: number;
  messagesSentPerS: number;
  messagesSentHalf: number;
  maxUsersActive: number;
  /** Why the second half is not flat, or null when it is. */
  unsteady: string | null;
  /** Highest loop busy ratio (0..1, per shard) and loop delay p99 in the second half. */
  loopBusy: number;
  loopDelayP99Ms: number;
}

/** Reduces the step's samples (those within the step, in order). */
export function reduceStep(samples: readonly StepSample[], stepS: number, shards: number): StepWindow {
  const second = samples.filter((s) => s.t > stepS / 2);
  const halfS = second.reduce((n, s) => n + s.intervalMs, 0) / 1000;
  const startedAll = samples.reduce((n, s) => n + s.usersStarted, 0);
  const spanS = samples.reduce((n, s) => n + s.intervalMs, 0) / 1000;
  const sentHalf = second.reduce((n, s) => n + s.messagesSent, 0);
  return {
    stepS,
    halfS,
    usersStartedPerS: spanS > 0 ? startedAll / spanS : 0,
    usersStarted: startedAll,
    messagesSentPerS: halfS > 0 ? sentHalf / halfS : 0,
    messagesSentHalf: sentHalf,
    maxUsersActive: Math.max(0, ...samples.map((s) => s.usersActive)),
    unsteady: unsteadiness(second),
    loopBusy: Math.max(0, ...second.map((s) => s.loopBusyMs / (Math.max(1, shards) * Math.max(1, s.intervalMs)))),
    loopDelayP99Ms: Math.max(0, ...second.map((s) => s.loopDelayP99Ms)),
  };
}

/**
 * Flat = the second half's trend, as a rise over the half, is within noise, for users and
 * for in-flight messages. The trend is Theil–Sen's (the median of the pairwise slopes):
 * one spike, a GC pause or a server hiccup near the end of the half, does not make a
 * level unsteady, where a least-squares line turned a single 300-message spike in the last
 * second into a "rise" of ~100 (the 2026-12-06 proof: levels the SLOs passed, and plain
 * starts at 1.3× them passed too, failed here). A real pile-up rises throughout and moves
 * the median slope as much as the mean one.
 *
 * In a steady state the user count is Poisson with mean m (arrivals × session time, by
 * Little's law), so the difference of any two samples has a standard deviation of at most
 * √(2m), whatever the sampling; allowed: the larger of 2, 10% of m and 3√(2m) (one false
 * alarm in ~700 per series). Comparing quarter means with the first quarter's own mean as
 * the noise failed by chance at small m ("2.5 → 6" at 2 users/s, a mean of ~5): consecutive
 * one-second samples of a session longer than a second are not independent, so two of them
 * are no better than one.
 *
 * Messages in flight are λ·W (Little's law, λ the send rate, W the delivery time), so a
 * rise of λ·ΔW means deliveries fell ΔW further behind over the half. Below IN_FLIGHT_LAG_MS
 * that is latency the SLOs judge, not a queue still building (an overloaded server falls
 * seconds behind within a half); the count also keeps the few messages the server stored
 * offline, whose loss the loss gate or an SLO judges.
 */
export function unsteadiness(second: readonly StepSample[]): string | null {
  if (second.length < 2) return 'the step is too short to judge (fewer than 2 intervals in its second half: lengthen --step-seconds)';
  const t = second.map((s) => s.t);
  const span = t[t.length - 1]! - t[0]!;
  const ms = second.reduce((n, s) => n + s.intervalMs, 0);
  const sendRate = ms > 0 ? (second.reduce((n, s) => n + s.messagesSent, 0) * 1000) / ms : 0;
  for (const [name, read, lagAllowance] of [
    ['users active', (s: StepSample) => s.usersActive, 0],
    ['messages in flight', (s: StepSample) => s.inFlight, (sendRate * IN_FLIGHT_LAG_MS) / 1000],
  ] as const) {
    const ys = second.map(read);
    const m = mean(ys);
    const rise = medianSlope(t, ys) * span;
    const allowed = Math.max(2, 0.1 * m, 3 * Math.sqrt(2 * Math.max(0, m)), lagAllowance);
    if (rise > allowed)
      return `${name} still rising in the second half (${round(ys[0]!)} → ${round(ys[ys.length - 1]!)}, trend +${round(rise)} > ${round(allowed)} allowed)`;
  }
  return null;
}

/** How far behind deliveries may fall over a level's second half and it still counts as steady. */
export const IN_FLIGHT_LAG_MS = 50;

/** Theil–Sen slope of ys over xs: the median of the pairwise slopes (0 when the xs do not spread). */
function medianSlope(xs: readonly number[], ys: readonly number[]): number {
  const slopes: number[] = [];
  for (let i = 0; i < xs.length; i++)
    for (let j = i + 1; j < xs.length; j++) {
      const dx = xs[j]! - xs[i]!;
      if (dx !== 0) slopes.push((ys[j]! - ys[i]!) / dx);
    }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const k = slopes.length >> 1;
  return slopes.length % 2 === 1 ? slopes[k]! : (slopes[k - 1]! + slopes[k]!) / 2;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
function round(v: number): number {
  return Math.round(v * 10) / 10;
}
