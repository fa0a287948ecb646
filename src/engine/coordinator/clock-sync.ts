import type { ToShard } from '../protocol.js';
import { ClockFilter, type ClockEstimate } from './clock.js';

/** Estimates that move less than this are not worth a message (well under any uncertainty). */
export const RESEND_OVER_MS = 0.05;

export interface ClockWatch {
  /** --max-clock-offset: beyond it mid-run, warn once (the run goes on, corrected). */
  maxOffsetMs: number;
  log: (line: string) => void;
}

/**
 * The coordinator's running estimate of one agent's clock, fed by the heartbeat pings
 * (one a second, each an NTP-style probe). Once init-node has gone out (`started`), every
 * estimate that moved is sent to the agent, whose threads slew to it (shard-clock.ts);
 * an offset that goes beyond --max-clock-offset is reported once, naming the agent.
 */
export class ClockSync {
  private readonly filter = new ClockFilter();
  private w: ClockWatch | null = null;
  private lastSent: number | null = null;
  private warned = false;
  private worst = 0;

  constructor(
    private readonly agent: string,
    private readonly send: (m: ToShard) => void,
  ) {}

  get estimate(): ClockEstimate | null {
    const est = this.filter.estimate();
    return est && this.lastSent !== null ? { ...est, worstUncertaintyMs: Math.max(this.worst, est.uncertaintyMs) } : est;
  }

  /** Where to report an offset beyond the limit (set when the agent is admitted). */
  watch(w: ClockWatch): void {
    this.w = w;
  }

  /** init-node went out carrying `offsetMs`: from now on, every move is sent. */
  started(offsetMs: number): void {
    this.lastSent = offsetMs;
  }

  /** One answered probe: t0 and t2 on the coordinator's clock, t1 on the agent's. */
  add(t0: number, t1: number, t2: number): void {
    this.filter.add(t0, t1, t2);
    const est = this.filter.estimate();
    if (!est || this.lastSent === null) return;
    this.worst = Math.max(this.worst, est.uncertaintyMs);
    if (Math.abs(est.offsetMs - this.lastSent) > RESEND_OVER_MS) {
      this.lastSent = est.offsetMs;
      this.send({ type: 'clock', offsetMs: est.offsetMs });
    }
    if (this.w && !this.warned && Math.abs(est.offsetMs) - est.uncertaintyMs > this.w.maxOffsetMs) {
      this.warned = true;
      this.w.log(
        `warning: agent ${this.agent}: clock moved to ${est.offsetMs.toFixed(1)} ms (± ${est.uncertaintyMs.toFixed(1)} ms) off the coordinator's mid-run, more than --max-clock-offset ${this.w.maxOffsetMs} ms; latencies stay corrected, but check the box's NTP`,
      );
    }
  }
}
