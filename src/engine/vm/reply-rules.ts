import type { RequestOp } from '../../scenario/plan.js';
import { SessionAbortedError } from './errors.js';
import { substitute } from './vars.js';
import { detach } from './detach.js';
import type { VmUser } from './user-api.js';
import { XloadError } from '../../errors.js';
import { parseElement, type XmlElement } from '../../xmpp/index.js';
import { evalXPath } from './xpath.js';
import { failed } from './user-api.js';
import { regexFor } from './regex-cache.js';
import { COUNTER } from '../../stats/metric-names.js';

/**
 * After an acked request completes: `<dyn_variable>` captures from the reply, then
 * `<match>` rules (Tsung semantics: count match/nomatch, and continue, log, dump, loop,
 * restart or abort). Returns false when the user must not resume (it ended or was
 * rescheduled by a loop).
 */
export function applyReplyRules(u: VmUser, op: RequestOp, raw: string): boolean {
  let dom: XmlElement | null = null;
  for (const dv of op.dynVars) {
    if (dv.kind === 'xpath') {
      try {
        dom ??= parseElement(raw);
        const v = evalXPath(dv.expr, dom);
        if (v !== null) u.setVar(dv.name, detach(v));
      } catch (err) {
        u.host.stats.error(err instanceof XloadError ? err.code : 'xpath_failed');
      }
      continue;
    }
    const m = regexFor(dv.expr).exec(raw);
    if (m) u.setVar(dv.name, detach(m[1] ?? m[0]));
  }
  for (const rule of op.matches) {
    const source = rule.subst ? substitute(rule.regexp, u.vars) : rule.regexp;
    const matched = regexFor(source).test(raw);
    u.host.stats.count(matched ? COUNTER.match : COUNTER.nomatch);
    const fires = rule.when === 'match' ? matched : !matched;
    if (!fires) continue;
    switch (rule.do) {
      case 'continue':
      case 'log':
      case 'dump':
        continue;
      case 'abort':
        u.end(failed(new SessionAbortedError(`<match do="abort"> at line ${rule.pos.line} fired`)));
        return false;
      case 'abort_test':
        u.host.abortAll(`<match do="abort_test"> at line ${rule.pos.line} fired`);
        u.end(failed(new SessionAbortedError(`<match do="abort_test"> at line ${rule.pos.line} fired`)));
        return false;
      case 'restart': {
        const ext = u.extensions();
        const n = (ext.restarts = (ext.restarts ?? 0) + 1);
        if (n > rule.maxRestart) continue;
        u.host.stats.count(COUNTER.matchRestart);
        u.restartSession();
        return true;
      }
      case 'loop': {
        const key = `${op.pos.line}:${op.pos.col}`;
        const loops = (u.extensions().loops ??= new Map());
        const n = (loops.get(key) ?? 0) + 1;
        if (n > rule.maxLoop) {
          loops.delete(key);
          continue;
        }
        loops.set(key, n);
        u.repeatLastOp(); // the same request again, after sleep_loop
        u.sleepUntil(u.host.now() + rule.sleepLoopMs);
        return false;
      }
    }
  }
  return true;
}
