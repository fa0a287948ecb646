import type { ThresholdResult } from './result.js';
import { ThresholdSyntaxError } from './errors.js';
import { dimensionOf, parseThreshold } from './parse.js';

/**
 * A threshold's measured value for people: "155.135 ms", "0.05%", "16". The unit follows
 * from the expression (re-parsed: results carry only their text); an expression this
 * version cannot parse (an older or newer run) shows the bare number.
 */
export function formatThresholdValue(r: Pick<ThresholdResult, 'expr' | 'value' | 'detail'>): string {
  if (r.value === null) return r.detail ?? 'no data';
  let dim;
  try {
    dim = dimensionOf(parseThreshold(r.expr).operand);
  } catch (err) {
    if (err instanceof ThresholdSyntaxError) return num(r.value);
    throw err;
  }
  if (dim === 'ms') return `${num(r.value)} ms`;
  if (dim === 'fraction') return `${num(r.value * 100)}%`;
  if (dim === 'seconds') return `${num(r.value)} s`;
  if (dim === 'percent') return `${num(r.value)}%`;
  if (dim === 'bytes') return r.value >= 2 ** 30 ? `${num(r.value / 2 ** 30)} GiB` : `${num(r.value / 2 ** 20)} MiB`;
  return num(r.value);
}

function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Math.round(x * 1000) / 1000);
}
