import type { XmlElement } from './ast.js';
import { attr, attrPosOf, childrenNamed } from './ast.js';
import type { ValidationContext } from './context.js';
import { section, sessionElements } from './context.js';
import { parseBool, parseNumber } from './values.js';

/**
 * xload's `<session run_once="true">` (issue 7): a session run once, by one user, before
 * the load. It must never be picked for an arrival, so it takes probability="0" (or
 * weight="0"): under Tsung, which has no such attribute, it would then never run either,
 * and the other sessions' probabilities still sum to 100. Nothing may start it later:
 * no `<user session>` and no `<session_setup>` may name it. Several run in document order.
 */
export function validateRunOnce(root: XmlElement, ctx: ValidationContext): void {
  const { bag } = ctx;
  const once = new Set<string>();
  for (const s of sessionElements(root)) {
    if (parseBool(attr(s, 'run_once')) !== true) continue;
    const name = attr(s, 'name') ?? '?';
    once.add(name);
    const key = attr(s, 'probability') !== undefined ? 'probability' : attr(s, 'weight') !== undefined ? 'weight' : undefined;
    const value = key ? parseNumber(attr(s, key)) : undefined;
    if (key && value !== undefined && value !== 0) {
      bag.error(
        attrPosOf(s, key),
        `run-once session "${name}" has ${key}="${attr(s, key)}": a run-once session never takes arrivals`,
        `write ${key}="0" and give its share to the other sessions`,
      );
    }
  }
  if (once.size === 0) return;
  const load = section(root, 'load');
  if (!load) return;
  for (const u of childrenNamed(load, 'user')) {
    const name = attr(u, 'session');
    if (name !== undefined && once.has(name)) {
      bag.error(
        attrPosOf(u, 'session'),
        `<user session="${name}"> starts a run-once session`,
        'a run-once session runs once before the load by itself: remove this <user>',
      );
    }
  }
  for (const ph of childrenNamed(load, 'arrivalphase')) {
    for (const su of childrenNamed(ph, 'session_setup')) {
      const name = attr(su, 'name');
      if (name !== undefined && once.has(name)) {
        bag.error(
          attrPosOf(su, 'name'),
          `<session_setup name="${name}"> gives arrivals to a run-once session`,
          'remove this <session_setup>: a run-once session runs once before the load',
        );
      }
    }
  }
}
