import type { Condition, Op, ThinktimeOp } from '../../scenario/plan.js';
import { installPending, newPending } from './pending.js';
import { exponential } from '../shard/rng.js';
import { SessionAbortedError } from './errors.js';
import { runSetDynVars } from './dynvars.js';
import { substitute } from './vars.js';
import { failed, type PseudoRequest, type VmFrame, type VmUser } from './user-api.js';
import { transactionMetric } from '../../stats/metric-names.js';
import { runStoryOp } from './story-op.js';

export type { VmFrame } from './user-api.js';

/** Runs one non-request op. Returns true when the user is now blocked (thinktime). */
export function runControlOp(u: VmUser, op: Op): boolean {
  switch (op.kind) {
    case 'thinktime':
      return think(u, op);
    case 'transaction':
      u.enterFrame({ ops: op.ops, pc: 0, op, iter: 0, start: u.host.now() });
      return false;
    case 'setdynvars':
      runSetDynVars(u, op);
      return false;
    case 'for': {
      const from = num(u, op.from);
      const to = num(u, op.to);
      if ((op.incr > 0 && from <= to) || (op.incr < 0 && from >= to)) {
        setVar(u, op.var, String(from));
        u.enterFrame({ ops: op.ops, pc: 0, op, iter: 0, start: 0 });
      }
      return false;
    }
    case 'repeat':
      u.enterFrame({ ops: op.ops, pc: 0, op, iter: 1, start: 0 });
      return false;
    case 'if':
      if (holds(u, op.cond)) u.enterFrame({ ops: op.ops, pc: 0, op, iter: 0, start: 0 });
      return false;
    case 'foreach': {
      const list = (u.vars?.get(op.in) ?? '').split(',').filter((v) => included(v, op.include, op.exclude));
      if (list.length > 0) {
        setVar(u, op.name, list[0]!);
        u.enterFrame({ ops: op.ops, pc: 0, op, iter: 0, start: 0, list });
      }
      return false;
    }
    case 'abort':
      if (op.scope === 'all') u.host.abortAll(`<abort type="all"> at line ${op.pos.line}`);
      u.end(failed(new SessionAbortedError(`<abort> at line ${op.pos.line}`)));
      return true;
    case 'set_option':
      // Tsung's set_option only tunes HTTP user agents and certificates per session:
      // nothing an XMPP run changes mid-session, so it is accepted and ignored.
      return false;
    case 'story':
      return runStoryOp(u, op);
    case 'request':
      return false;
  }
}

/**
 * Called when a frame's ops are exhausted. Returns true when the frame loops again (its
 * pc is reset), false when it must be popped.
 */
export function endFrame(u: VmUser, f: VmFrame): boolean {
  const op = f.op;
  if (!op) return false;
  switch (op.kind) {
    case 'transaction':
      u.host.stats.record(transactionMetric(op.name), u.host.now() - f.start);
      return false;
    case 'for': {
      const next = num(u, u.vars?.get(op.var) ?? '0') + op.incr;
      const to = num(u, op.to);
      if ((op.incr > 0 && next <= to) || (op.incr < 0 && next >= to)) {
        setVar(u, op.var, String(next));
        f.pc = 0;
        return true;
      }
      return false;
    }
    case 'repeat': {
      const c = holds(u, op.test.cond);
      const again = op.test.mode === 'while' ? c : !c;
      if (again && f.iter < op.maxRepeat) {
        f.iter++;
        f.pc = 0;
        return true;
      }
      return false;
    }
    case 'foreach':
      f.iter++;
      if (f.list && f.iter < f.list.length) {
        setVar(u, op.name, f.list[f.iter]!);
        f.pc = 0;
        return true;
      }
      return false;
    default:
      return false;
  }
}

function think(u: VmUser, op: ThinktimeOp): boolean {
  if (op.wait) return waitFor(u, op);
  const opt = u.host.plan.options.thinktime;
  const t = opt?.override ? opt : op;
  let seconds: number;
  if (t.min !== undefined && t.max !== undefined) {
    seconds = t.min + u.host.rng() * (t.max - t.min);
  } else {
    const v = typeof t.value === 'string' ? Number(substitute(t.value, u.vars)) : (t.value ?? 0);
    seconds = t.random ? exponential(u.host.rng, v) : v;
  }
  if (!(seconds > 0)) return false;
  // Sleep relative to when this step was meant to run, not when it did: a user that fell
  // behind (a busy event loop, a late timer) does not silently stretch its schedule, and
  // the stamped messages it sends next carry the time they were due (no coordinated omission).
  u.sleepUntil(u.intendedAt + seconds * 1000);
  return true;
}

/**
 * Tsung's `<thinktime value="wait_global">` (block until global_number users got here)
 * and `value="wait_bidi"` (block until the server sends something).
 */
function waitFor(u: VmUser, op: ThinktimeOp): boolean {
  const p = newPending(null, WAIT_REQ, u.host.now());
  p.recordRequest = false;
  if (op.wait === 'global') {
    p.mode = 'global';
    p.target = u.host.shared.barrier.arrive();
  } else {
    p.mode = 'any';
  }
  installPending(u, p);
  return true;
}

const WAIT_REQ: PseudoRequest = { type: 'thinktime', ack: 'no_ack' };

function setVar(u: VmUser, name: string, value: string): void {
  u.setVar(name, value);
}

function num(u: VmUser, v: number | string): number {
  return typeof v === 'number' ? v : Number(substitute(v, u.vars));
}

function holds(u: VmUser, c: Condition): boolean {
  const actual = u.vars?.get(c.var) ?? '';
  const want = substitute(c.value, u.vars);
  switch (c.op) {
    case 'eq':
      return actual === want;
    case 'neq':
      return actual !== want;
    default: {
      const a = Number(actual);
      const b = Number(want);
      if (c.op === 'gt') return a > b;
      if (c.op === 'gte') return a >= b;
      if (c.op === 'lt') return a < b;
      return a <= b;
    }
  }
}

function included(v: string, include?: string, exclude?: string): boolean {
  if (include !== undefined && !new RegExp(include).test(v)) return false;
  if (exclude !== undefined && new RegExp(exclude).test(v)) return false;
  return true;
}
