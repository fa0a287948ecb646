/** Parsing of `xload capacity`'s own values (pure): percentages, SLOs, the axis. */
import { parseThreshold, ThresholdSyntaxError, type Threshold } from '../thresholds/index.js';
import { AXES, type Axis } from './scale.js';
import { XloadError } from '../errors.js';

export class CapacityUsageError extends XloadError {
  constructor(message: string) {
    super('usage', message);
  }
}

/** "5%" → 0.05, "0.05" → 0.05; refuses ≤ 0 and garbage in one line. */
export function parseFraction(flag: string, raw: string | number): number {
  const text = String(raw).trim();
  const m = /^(-?\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
  if (!m) throw new CapacityUsageError(`--${flag}: "${text}" is not a number or a percentage (e.g. 5%)`);
  const v = Number(m[1]) / (m[2] ? 100 : 1);
  if (!(v > 0)) throw new CapacityUsageError(`--${flag}: must be > 0, got ${text}`);
  return v;
}

export function parseSlos(raw: readonly string[]): Threshold[] {
  return raw.map((s) => {
    try {
      return { expr: parseThreshold(s), abortOnFail: false, origin: '--slo' };
    } catch (err) {
      if (err instanceof ThresholdSyntaxError) throw new CapacityUsageError(`--slo "${s}": ${err.message}`);
      throw err;
    }
  });
}

export function parseAxis(raw: string): Axis {
  if ((AXES as readonly string[]).includes(raw)) return raw as Axis;
  throw new CapacityUsageError(`--axis: "${raw}" is not one of ${AXES.join(', ')}`);
}
