import type { Plan, SourcePos } from './plan.js';

/** Why a plan can start no user at all, with where to look; undefined when some user can start. */
export interface IdlePlan {
  pos: SourcePos | undefined;
  message: string;
  hint: string;
}

/**
 * A run that can start nobody would end "completed" having sent nothing, which a CI gate
 * reads as a pass. Refused before the run: every phase capped at maxnumber="0" or starting
 * after the duration cap (`<load duration>` or --duration), and no static user in time.
 * Arrivals are random, so a phase that may start a user is never refused here.
 */
export function idlePlan(plan: Plan, durationCapMs?: number): IdlePlan | undefined {
  const cap = Math.min(durationCapMs ?? Infinity, plan.load.durationMs ?? Infinity);
  let offset = 0;
  const reasons: string[] = [];
  for (const ph of plan.load.phases) {
    if (ph.maxNumber === 0) reasons.push(`phase ${ph.phase} has maxnumber="0"`);
    else if (offset >= cap) reasons.push(`phase ${ph.phase} begins at ${offset / 1000} s, after the ${cap / 1000} s duration cap`);
    else return undefined;
    offset += ph.durationMs;
  }
  for (const u of plan.load.staticUsers) {
    if (u.startMs < cap) return undefined;
  }
  const first = plan.load.phases[0]?.pos ?? plan.load.staticUsers[0]?.pos;
  if (plan.load.staticUsers.length) reasons.push(`every <user> starts after the ${cap / 1000} s duration cap`);
  return {
    pos: first,
    message: `this run would start no user${reasons.length ? `: ${reasons.join('; ')}` : ' (no arrival phase or <user>)'}`,
    hint: 'give a phase a maxnumber above 0, or a longer duration',
  };
}
