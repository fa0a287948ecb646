import type { Plan, SessionSpec } from '../../scenario/plan.js';
import { ownsIndex, shareOfCount, shareOfRate, type Segment } from '../segment.js';
import { exponential, type Rng } from './rng.js';
import type { TimerHeap, TimerTarget } from './timer-heap.js';

/** Where new users go: the shard starts one user per call. */
export interface ArrivalSink {
  spawn(session: SessionSpec, scheduledAt: number): void;
  /** Every phase (and static user) of this shard has been scheduled and started. */
  arrivalsDone(): void;
  /** Called when a phase starts, for progress reporting. */
  phaseStarted(phase: number): void;
}

interface PhaseRun {
  phase: number;
  start: number;
  end: number;
  rate: number;
  max: number;
  started: number;
  cumulative: { session: SessionSpec; upTo: number }[];
}

/**
 * This shard's share of the arrival phases: Poisson arrivals at the shard's share of each
 * phase's rate, capped at its share of maxnumber, phases back to back, replayed `loop`
 * more times; plus the static `<user>`s this shard owns. Arrival times are computed from
 * the schedule, not from when the timer fired, so a late timer does not thin the load.
 */
export class ArrivalScheduler implements TimerTarget {
  private phases: PhaseRun[] = [];
  private current = -1;
  private nextAt = 0;
  private token = 0;
  private stopped = false;
  private staticPending = 0;
  private phasesDone = false;

  constructor(
    private readonly plan: Plan,
    private readonly seg: Segment,
    private readonly rng: Rng,
    private readonly timers: TimerHeap,
    private readonly sink: ArrivalSink,
  ) {}

  start(startAt: number, hardEnd: number): void {
    const global = cumulative(
      this.plan.sessions,
      this.plan.sessions.map((s) => s.probability),
    );
    let t = startAt;
    for (let round = 0; round <= this.plan.load.loop; round++) {
      for (const ph of this.plan.load.phases) {
        const cum = ph.sessionSetup
          ? cumulative(
              ph.sessionSetup.map((s) => this.plan.sessions.find((x) => x.name === s.session)!),
              ph.sessionSetup.map((s) => s.probability),
            )
          : global;
        this.phases.push({
          phase: ph.phase,
          start: t,
          end: Math.min(t + ph.durationMs, hardEnd),
          rate: shareOfRate(ph.arrivalRate, this.seg),
          max: ph.maxNumber === undefined ? Infinity : shareOfCount(ph.maxNumber, this.seg),
          started: 0,
          cumulative: cum,
        });
        t += ph.durationMs;
      }
    }
    const statics = this.plan.load.staticUsers;
    statics.forEach((su, k) => {
      if (!ownsIndex(k, statics.length, this.seg)) return;
      const session = this.plan.sessions.find((s) => s.name === su.session);
      if (!session || startAt + su.startMs > hardEnd) return;
      this.staticPending++;
      this.timers.schedule(startAt + su.startMs, {
        onTimer: (_tok, due) => {
          this.staticPending--;
          if (!this.stopped) this.sink.spawn(session, due);
          this.checkDone();
        },
      });
    });
    this.enterPhase(0);
  }

  stop(): void {
    this.stopped = true;
    this.token = 0;
    this.staticPending = 0;
    this.phasesDone = true;
    this.checkDone();
  }

  onTimer(token: number): void {
    if (token !== this.token || this.stopped) return;
    const ph = this.phases[this.current]!;
    // Start every arrival that is due (several when the timer fired late).
    const now = this.nextAt;
    this.sink.spawn(pick(ph, this.rng), now);
    ph.started++;
    this.scheduleNext(ph, now);
  }

  private enterPhase(i: number): void {
    this.current = i;
    const ph = this.phases[i];
    if (!ph) {
      this.phasesDone = true;
      this.checkDone();
      return;
    }
    if (ph.start >= ph.end) {
      this.enterPhase(i + 1);
      return;
    }
    this.token = this.timers.schedule(ph.start, {
      onTimer: () => {
        if (this.stopped || this.current !== i) return;
        this.sink.phaseStarted(ph.phase);
        this.scheduleNext(ph, ph.start);
      },
    });
  }

  private scheduleNext(ph: PhaseRun, from: number): void {
    if (ph.rate <= 0 || ph.started >= ph.max) {
      this.waitPhaseEnd(ph);
      return;
    }
    const next = from + exponential(this.rng, 1000 / ph.rate);
    if (next >= ph.end) {
      this.waitPhaseEnd(ph);
      return;
    }
    this.nextAt = next;
    this.token = this.timers.schedule(next, this);
  }

  private waitPhaseEnd(ph: PhaseRun): void {
    const i = this.current;
    this.token = this.timers.schedule(ph.end, {
      onTimer: () => {
        if (!this.stopped && this.current === i) this.enterPhase(i + 1);
      },
    });
  }

  private checkDone(): void {
    if (this.phasesDone && this.staticPending === 0) this.sink.arrivalsDone();
  }
}

function cumulative(sessions: SessionSpec[], probs: number[]): PhaseRun['cumulative'] {
  const total = probs.reduce((a, b) => a + b, 0) || 1;
  let acc = 0;
  return sessions.map((session, i) => {
    acc += probs[i]! / total;
    return { session, upTo: acc };
  });
}

function pick(ph: PhaseRun, rng: Rng): SessionSpec {
  const r = rng();
  for (const c of ph.cumulative) if (r < c.upTo) return c.session;
  return ph.cumulative[ph.cumulative.length - 1]!.session;
}
