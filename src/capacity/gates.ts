/**
 * A level's verdict from what it measured (pure). Gates are checked in a fixed order and
 * the first that breaks names the failure: the generator first (a saturated xload says
 * nothing about the server), then steadiness, the SLOs, the achieved rate, lost messages.
 */
import type { ThresholdResult } from '../thresholds/result.js';
import type { Axis } from './scale.js';
import type { LevelOutcome } from './search-types.js';
import type { StepWindow } from './window.js';

/** The generator is saturated above these (xload_loop_busy_ms over the interval; loop delay p99). */
export const GENERATOR_LIMITS = { busyRatio: 0.9, loopDelayP99Ms: 100 } as const;

export interface LevelFacts {
  axis: Axis;
  level: number;
  window: StepWindow;
  slos: readonly ThresholdResult[];
  /** Stamped messages lost over the level (settled at its end). */
  lost: number;
  /** Some SLO names lost messages (then it, not this gate, judges loss). */
  sloAllowsLoss: boolean;
  /** message-rate: messages/s per unit of level, measured at the start level; absent = this is the start. */
  messagesPerLevel?: number;
}

export interface GateResult {
  gate: string;
  ok: boolean;
  detail: string;
}

/** Every gate's result, in order, and the level's outcome (the first broken gate). */
export function judgeLevel(f: LevelFacts): { gates: GateResult[]; outcome: LevelOutcome } {
  const w = f.window;
  const generator: GateResult = {
    gate: 'generator healthy',
    ok: w.loopBusy <= GENERATOR_LIMITS.busyRatio && w.loopDelayP99Ms <= GENERATOR_LIMITS.loopDelayP99Ms,
    detail: `loop busy ${pct(w.loopBusy)}, loop delay p99 ${w.loopDelayP99Ms} ms (limits ${pct(GENERATOR_LIMITS.busyRatio)}, ${GENERATOR_LIMITS.loopDelayP99Ms} ms)`,
  };
  const gates: GateResult[] = [
    generator,
    { gate: 'steady', ok: w.unsteady === null, detail: w.unsteady ?? 'users and in-flight messages flat in the second half' },
    ...f.slos.map((r) => ({ gate: r.expr, ok: r.ok, detail: r.value === null ? (r.detail ?? 'nothing to measure') : `value ${r.value}` })),
    achievedGate(f),
  ];
  if (!f.sloAllowsLoss) gates.push({ gate: 'no lost messages', ok: f.lost === 0, detail: `${f.lost} lost` });
  if (!generator.ok) return { gates, outcome: { kind: 'generator-limited', detail: generator.detail } };
  const broken = gates.find((g) => !g.ok);
  return { gates, outcome: broken ? { kind: 'fail', gate: broken.gate } : { kind: 'pass' } };
}

/**
 * Achieved ≥ 99% of the target, less three standard deviations of a Poisson count where the
 * load is random arrivals (at 2 users/s for 10 s, 20 ± 4.5 users is chance, not lag).
 */
function achievedGate(f: LevelFacts): GateResult {
  const w = f.window;
  const gate = 'achieved rate';
  if (f.axis === 'arrival-rate') {
    const expected = f.level * w.stepS;
    const need = 0.99 * expected - 3 * Math.sqrt(expected);
    return {
      gate,
      ok: w.usersStarted >= need,
      detail: `${round(w.usersStartedPerS)} users/s of ${f.level} (${w.usersStarted} started, need ≥ ${Math.ceil(need)})`,
    };
  }
  if (f.axis === 'users') {
    const need = Math.floor(0.99 * f.level);
    return { gate, ok: w.maxUsersActive >= need, detail: `${w.maxUsersActive} users active of ${f.level}` };
  }
  if (f.messagesPerLevel === undefined)
    return { gate, ok: true, detail: `${round(w.messagesSentPerS)} msg/s (the reference for later levels)` };
  const target = f.messagesPerLevel * f.level;
  const expected = target * w.halfS;
  const need = 0.99 * expected - 3 * Math.sqrt(expected);
  return { gate, ok: w.messagesSentHalf >= need, detail: `${round(w.messagesSentPerS)} msg/s of ${round(target)}` };
}

/** An SLO that judges message loss itself (names `lost`) lifts the zero-loss gate. */
export function allowsLoss(sloSources: readonly string[]): boolean {
  return sloSources.some((s) => /\blost\b/.test(s));
}

function pct(v: number): string {
  return `${Math.round(v * 100)}%`;
}
function round(v: number): number {
  return Math.round(v * 100) / 100;
}
