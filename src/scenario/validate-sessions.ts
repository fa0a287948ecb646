import type { XmlElement } from './ast.js';
import { attr, attrPosOf } from './ast.js';
import type { ValidationContext } from './context.js';
import { section, sessionElements } from './context.js';
import { validateBody } from './validate-body.js';
import { round } from './validate-load.js';
import { parseNumber } from './values.js';

/**
 * Sessions: one protocol (ts_jabber), unique names, and popularity as Tsung checks it
 * (ts_config:get_popularity/4 and ts_config_server:check_popularity/2): each session has
 * probability or weight, never a mix, and probabilities sum to 100 within 0.05.
 */
export function validateSessions(root: XmlElement, ctx: ValidationContext): void {
  const { bag } = ctx;
  const sessions = sessionElements(root);
  const names = new Map<string, XmlElement>();
  let total = 0;
  let withProbability: XmlElement | undefined;
  let withWeight: XmlElement | undefined;
  for (const s of sessions) {
    const name = attr(s, 'name');
    if (name !== undefined) {
      const prev = names.get(name);
      if (prev)
        bag.error(
          attrPosOf(s, 'name'),
          `a second session named "${name}" (first at line ${prev.pos.line})`,
          'give each session its own name',
        );
      else names.set(name, s);
    }
    const type = attr(s, 'type');
    if (type !== undefined && type !== 'ts_jabber') {
      bag.error(
        attrPosOf(s, 'type'),
        `session type="${type}" is out of scope: xload runs XMPP (ts_jabber) sessions only`,
        'write type="ts_jabber" with <jabber> requests, or run this session with Tsung',
      );
    }
    const p = attr(s, 'probability');
    const w = attr(s, 'weight');
    if (p === undefined && w === undefined) {
      bag.error(s.pos, `session "${name ?? '?'}" has neither probability nor weight`, 'write probability="100" (percent) or weight="1"');
    } else if (p !== undefined && w !== undefined) {
      bag.error(s.pos, `session "${name ?? '?'}" has both probability and weight`, 'keep one of them');
    } else if (p !== undefined) {
      withProbability ??= s;
      total += parseNumber(p) ?? 0;
    } else {
      withWeight ??= s;
    }
    if (type === undefined || type === 'ts_jabber') validateBody(s, ctx);
  }
  if (withProbability && withWeight) {
    const later = withProbability.pos.line > withWeight.pos.line ? withProbability : withWeight;
    bag.error(later.pos, 'sessions mix probability and weight', 'use probability="..." on every session, or weight="..." on every session');
  } else if (withProbability && Math.abs(total - 100) >= 0.05) {
    const at = section(root, 'sessions')?.pos ?? withProbability.pos;
    bag.error(
      at,
      `session probabilities sum to ${round(total)}, not 100`,
      'adjust them to sum to 100, or use weight="..." to have them normalised',
    );
  } else if (withWeight && !sessions.some((s) => (parseNumber(attr(s, 'weight')) ?? 0) > 0)) {
    bag.error(withWeight.pos, 'every session weight is 0', 'give at least one session a weight above 0');
  }
}
