/**
 * A capacity level as a plan: pure functions from (plan, axis, level, step length) to a new
 * plan. Plans are plain data (scenario/plan.ts), so a level is a structuredClone with the
 * load rewritten; the scenario file is never touched.
 */
import type { Op, PhaseSpec, Plan } from '../scenario/plan.js';
import { XloadError } from '../errors.js';

export const AXES = ['arrival-rate', 'users', 'message-rate'] as const;
export type Axis = (typeof AXES)[number];

/** The scenario has nothing the axis could scale (exit 3: it is the scenario's fault, not the flag's). */
export class UnscalableAxisError extends XloadError {
  constructor(message: string) {
    super('unscalable_axis', message);
  }
}

/** What a level of each axis means, for messages and the summary. */
export const AXIS_UNIT: Record<Axis, string> = { 'arrival-rate': 'users/s', users: 'users', 'message-rate': '× chat rate' };

/** Refuses an axis the plan cannot scale, in one line. */
export function checkAxis(plan: Plan, axis: Axis): void {
  const load = plan.load.phases.filter((p) => p.arrivalRate > 0);
  if (load.length === 0) throw new UnscalableAxisError(`--axis ${axis}: the scenario has no arrival phase with a rate above 0 to scale`);
  if (axis === 'message-rate') {
    if (!plan.sessions.some((s) => hasOp(s.ops, (o) => o.kind === 'request' && o.jabber.type === 'chat'))) {
      throw new UnscalableAxisError('--axis message-rate: the scenario sends no chat messages (no <jabber type="chat">)');
    }
    const fixed =
      plan.options.thinktime?.override === true ||
      plan.sessions.some((s) => hasOp(s.ops, (o) => o.kind === 'thinktime' && typeof o.value === 'number' && o.value > 0));
    if (!fixed) throw new UnscalableAxisError('--axis message-rate: the scenario has no numeric thinktime between its chats to shorten');
  }
}

/** The scenario's own level on the axis: the start level when `--start` is not given. */
export function baseLevel(plan: Plan, axis: Axis): number {
  if (axis === 'message-rate') return 1;
  const top = Math.max(...plan.load.phases.map((p) => p.arrivalRate));
  if (axis === 'arrival-rate') return top;
  const capped = plan.load.phases.reduce((n, p) => n + (p.maxNumber ?? Math.round((p.arrivalRate * p.durationMs) / 1000)), 0);
  return Math.max(1, capped);
}

/**
 * The plan for one level held `stepMs`.
 * - arrival-rate: every phase's rate scaled so the highest is `level`, the phases stretched
 *   to fill the step, arrival caps (maxnumber) dropped: an open-loop step at that rate.
 * - users: one phase that starts `level` users in the first quarter of the step and then
 *   holds them (sessions as written: they must outlast the step to keep the count flat).
 * - message-rate: every numeric thinktime divided by `level` (2 = twice the chat rate).
 * Only the users axis gets `<load duration>` = the step; rate axes end when their sessions do.
 */
export function scalePlan(plan: Plan, axis: Axis, level: number, stepMs: number): Plan {
  if (!(level > 0)) throw new RangeError(`level must be > 0, got ${level}`);
  const out = structuredClone(plan);
  out.load.loop = 0;
  // Rate axes let the sessions of the step finish on their own (no cut-off losses; that
  // is the drain); the users axis holds its users, so the step's end closes them.
  if (axis === 'users') out.load.durationMs = stepMs;
  else delete out.load.durationMs;
  const phases = plan.load.phases;
  if (axis === 'arrival-rate') {
    const factor = level / baseLevel(plan, 'arrival-rate');
    const total = phases.reduce((n, p) => n + p.durationMs, 0);
    out.load.phases = phases.map((p) => {
      const { maxNumber: _cap, ...rest } = p;
      return {
        ...rest,
        arrivalRate: p.arrivalRate * factor,
        durationMs: Math.max(1, Math.round((p.durationMs / total) * stepMs)),
        waitAllSessionsEnd: false,
      };
    });
  } else if (axis === 'users') {
    const first = phases[0]!;
    const rampMs = Math.max(1000, Math.round(stepMs / 4));
    const phase: PhaseSpec = {
      ...first,
      phase: 1,
      durationMs: stepMs,
      arrivalRate: (level * 1000) / rampMs,
      maxNumber: Math.round(level),
      waitAllSessionsEnd: false,
    };
    delete phase.sessionSetup;
    if (first.sessionSetup) phase.sessionSetup = first.sessionSetup;
    out.load.phases = [phase];
  } else {
    for (const s of out.sessions) s.ops = mapThinktimes(s.ops, level);
    if (out.options.thinktime?.override) out.options.thinktime = divideThinktime(out.options.thinktime, level);
    const total = phases.reduce((n, p) => n + p.durationMs, 0);
    out.load.phases = phases.map((p) => ({
      ...p,
      durationMs: Math.max(1, Math.round((p.durationMs / total) * stepMs)),
      waitAllSessionsEnd: false,
    }));
  }
  out.load.staticUsers = [];
  return out;
}

function divideThinktime<T extends { value?: number | string; min?: number; max?: number }>(t: T, k: number): T {
  const r = { ...t };
  if (typeof r.value === 'number') r.value = r.value / k;
  if (r.min !== undefined) r.min = r.min / k;
  if (r.max !== undefined) r.max = r.max / k;
  return r;
}

function mapThinktimes(ops: Op[], k: number): Op[] {
  return ops.map((o) => {
    if (o.kind === 'thinktime' && o.wait === undefined) return divideThinktime(o, k);
    if ('ops' in o && Array.isArray(o.ops)) return { ...o, ops: mapThinktimes(o.ops, k) } as Op;
    return o;
  });
}

function hasOp(ops: readonly Op[], pred: (o: Op) => boolean): boolean {
  return ops.some((o) => pred(o) || ('ops' in o && Array.isArray(o.ops) && hasOp(o.ops, pred)));
}
