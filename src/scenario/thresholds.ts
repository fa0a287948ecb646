import type { XmlElement } from './ast.js';
import { attr, attrPosOf, childrenNamed } from './ast.js';
import type { ValidationContext } from './context.js';
import { section } from './context.js';
import type { SourcePos, ThresholdSpec } from './plan.js';
import { parseBool } from './values.js';
import { parseThreshold } from '../thresholds/parse.js';
import { ThresholdSyntaxError } from '../thresholds/errors.js';

/**
 * xload extension (issue 4): pass/fail conditions on the run, in Tsung's XML style,
 * as a last top-level section:
 *
 *     <thresholds>
 *       <threshold expr="p99(xmpp_msg_latency) lt 200ms"/>
 *       <threshold expr="rate(errors) &lt; 0.1%" abort_on_fail="true"/>
 *     </thresholds>
 *
 * The expression grammar is src/thresholds/parse.ts (README "Thresholds"). Errors point at
 * the column inside `expr` where the expression goes wrong.
 */
export function validateThresholds(root: XmlElement, ctx: ValidationContext): void {
  const all = root.children.filter((c) => c.name === 'thresholds');
  for (const extra of all.slice(1))
    ctx.bag.error(extra.pos, 'a second <thresholds> section', `merge it into the one at line ${all[0]?.pos.line}`);
  for (const t of thresholdElements(root)) {
    const expr = attr(t, 'expr');
    if (expr === undefined) continue; // validate-structure reports the missing attribute.
    try {
      parseThreshold(expr);
    } catch (err) {
      if (!(err instanceof ThresholdSyntaxError)) throw err;
      ctx.bag.error(exprColumn(t, expr, err.offset), `threshold "${expr.trim()}": ${err.problem}`, err.hint);
    }
  }
}

/** Thresholds as plan data: the text as written (trimmed); the engine parses it again. */
export function compileThresholds(root: XmlElement): ThresholdSpec[] {
  return thresholdElements(root).map((t) => ({
    expr: (attr(t, 'expr') ?? '').trim(),
    abortOnFail: parseBool(attr(t, 'abort_on_fail')) ?? false,
    pos: t.pos,
  }));
}

function thresholdElements(root: XmlElement): XmlElement[] {
  const s = section(root, 'thresholds');
  return s ? childrenNamed(s, 'threshold') : [];
}

/**
 * Where `offset` of the decoded value sits in the file: after `expr="`, counting each
 * character that must have been written as an entity (`<` as `&lt;`) at its escaped width.
 * An expression split over lines falls back to the attribute's position.
 */
function exprColumn(el: XmlElement, raw: string, offset: number): SourcePos {
  const at = attrPosOf(el, 'expr');
  if (raw.includes('\n')) return at;
  const lead = raw.length - raw.trimStart().length;
  let col = at.col + 'expr="'.length;
  for (const ch of raw.slice(0, lead + offset)) col += ch === '<' ? 4 : ch === '&' ? 5 : ch === '"' || ch === "'" ? 6 : 1;
  return { line: at.line, col };
}
