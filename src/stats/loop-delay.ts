import { PerformanceObserver, type EventLoopUtilization } from 'node:perf_hooks';
import { METRIC } from './metric-names.js';

/** Where the samples go: ShardRecorder.record fits. */
export type RecordFn = (metric: string, ms: number) => void;

/**
 * Tick of the loop-delay sampler while its loop works. Each sample is the lag at a random
 * moment, so the histogram's shape does not depend on the period, only its sample count (20
 * a second here). A 10 ms tick cost an idle worker ~20 ms of CPU a second (2% of a core,
 * bench/README.md), 50 ms costs ~3 ms: idle users are what xload must be cheapest at.
 */
export const LOOP_DELAY_PERIOD_MS = 50;
/**
 * The longest tick, reached while the loop sleeps: the period doubles after each tick whose
 * loop was idle (LOOP_IDLE_FRACTION) and drops back to LOOP_DELAY_PERIOD_MS after one that
 * was not. Half the default 1 s stats interval, so every interval still gets samples.
 */
export const LOOP_DELAY_IDLE_PERIOD_MS = 500;
/**
 * Below this share of busy time since the last tick, plus LOOP_IDLE_ALLOWANCE_MS for the
 * tick's own work (a timer callback and two utilisation reads), the loop counts as idle. A loop that is
 * asleep in epoll has no work for a lag to delay, so its samples would all read ~0 and cost a
 * wake-up each: 300 idle users' run spent ~40% of its idle-time CPU on them (bench/README.md,
 * issue 17). Any work (a login wave, a chat, a GC) is well above 2% of 50 ms and sets the
 * full rate back within one tick.
 */
export const LOOP_IDLE_FRACTION = 0.02;
export const LOOP_IDLE_ALLOWANCE_MS = 0.5;

/**
 * Measures the generator itself, so an operator can tell when xload (not the server) was
 * the bottleneck of an interval. Everything a user does happens on its worker's one event
 * loop: a send due at T waits for whatever runs at T (another user's work, a GC pause, the
 * OS giving the core to the server), and so does a received stanza before its receipt time
 * is taken. A timer that asks to run every LOOP_DELAY_PERIOD_MS and records how late it
 * ran sees exactly that wait, as a user's thinktime timer would: its histogram's p99/max per
 * interval bound the time the generator added to that interval's message latencies.
 * GC pauses are recorded apart (PerformanceObserver 'gc', per isolate) because they are
 * the one cause the engine controls (allocation rate, young-generation size).
 * Off the hot path: 20 timer callbacks a second while the loop works, 2 while it sleeps,
 * and one entry per GC, nothing per stanza.
 */
export class LoopDelaySampler {
  private timer: NodeJS.Timeout | null = null;
  private due = 0;
  private gc: PerformanceObserver | null = null;
  private elu: EventLoopUtilization | null = null;
  /** The loop's utilisation at the last tick: was it idle since? */
  private tickElu: EventLoopUtilization | null = null;
  private periodMs: number;

  constructor(
    private readonly record: RecordFn,
    private readonly basePeriodMs = LOOP_DELAY_PERIOD_MS,
    private readonly idlePeriodMs = Math.max(basePeriodMs, LOOP_DELAY_IDLE_PERIOD_MS),
  ) {
    this.periodMs = basePeriodMs;
  }

  /** The current tick (ms): for tests and the bench. */
  get currentPeriodMs(): number {
    return this.periodMs;
  }

  start(): void {
    if (this.timer) return;
    this.elu = performance.eventLoopUtilization();
    this.tickElu = this.elu;
    this.periodMs = this.basePeriodMs;
    this.arm();
    try {
      const gc = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) this.record(METRIC.gcPause, e.duration);
      });
      gc.observe({ entryTypes: ['gc'] });
      this.gc = gc;
    } catch {
      // A runtime without GC entries: the loop delay still covers the pauses' effect.
      this.gc = null;
    }
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.gc?.disconnect();
    this.gc = null;
  }

  /** Busy ms of this thread's loop since the last call (or start()), rounded. */
  takeBusyMs(): number {
    if (!this.elu) return 0;
    const now = performance.eventLoopUtilization();
    const busy = now.active - this.elu.active;
    this.elu = now;
    return Math.max(0, Math.round(busy));
  }

  private arm(): void {
    this.due = performance.now() + this.periodMs;
    this.timer = setTimeout(LoopDelaySampler.tick, this.periodMs, this);
    // Never what keeps a worker alive.
    this.timer.unref();
  }

  private static tick(s: LoopDelaySampler): void {
    // Lateness past the due time; libuv rounds timers to whole ms, hence the clamp at 0.
    s.record(METRIC.loopDelay, Math.max(0, performance.now() - s.due));
    const now = performance.eventLoopUtilization();
    const since = s.tickElu ? performance.eventLoopUtilization(now, s.tickElu) : now;
    s.tickElu = now;
    const idle = since.active < LOOP_IDLE_ALLOWANCE_MS + LOOP_IDLE_FRACTION * (since.active + since.idle);
    s.periodMs = idle ? Math.min(s.periodMs * 2, s.idlePeriodMs) : s.basePeriodMs;
    s.arm();
  }
}
