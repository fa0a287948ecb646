/** Parsing of `xload capacity`'s own values (pure): percentages, SLOs, the axis. */
import { parseThreshold, ThresholdSyntaxError, type Threshold } from '../thresholds/index.js';
import { AXES, type Axis } from './scale.js';
import { XloadError } from '../errors.js';
import { RANGES, rangeProblem, type NumericRange } from '../ranges.js';

export class CapacityUsageError extends XloadError {
  constructor(message: string) {
    super('usage', message);
  }
}

/**
 * "5%" → 0.05, "0.05" → 0.05: a share above 0% and below 100% (a resolution of 100% stops at
 * once, a drop of 100% is no gate); refuses the rest and garbage in one line.
 */
export function parseFraction(flag: string, raw: string | number): number {
  const text = String(raw).trim();
  const m = /^(-?\d+(?:\.\d+)?)\s*(%?)$/.exec(text);
  if (!m) throw new CapacityUsageError(`--${flag}: "${text}" is not a number or a percentage (e.g. 5%)`);
  const v = Number(m[1]) / (m[2] ? 100 : 1);
  if (rangeProblem(v * 100, RANGES.openPercent))
    throw new CapacityUsageError(`--${flag}: ${text} is out of range; expected a percentage above 0% and below 100% (5% or 0.05)`);
  return v;
}

/** A level's range on each axis, in the axis' own unit (AXIS_UNIT): what --start and --max-level may be. */
export const LEVEL_RANGE: Record<Axis, NumericRange> = {
  'arrival-rate': RANGES.ratePerSecond,
  users: { ...RANGES.positiveCount, unit: 'users' },
  'message-rate': RANGES.rateFactor,
};

/** `--start` and `--max-level` checked in the axis' unit, and against each other; the first problem, or undefined. */
export function levelFlagProblem(axis: Axis, levels: { start?: number | undefined; maxLevel?: number | undefined }): string | undefined {
  for (const [flag, v] of [
    ['start', levels.start],
    ['max-level', levels.maxLevel],
  ] as const) {
    if (v === undefined) continue;
    const problem = rangeProblem(v, LEVEL_RANGE[axis]);
    if (problem) return `--${flag}: ${problem} (axis ${axis})`;
  }
  if (levels.start !== undefined && levels.maxLevel !== undefined && levels.maxLevel < levels.start)
    return `--max-level ${levels.maxLevel} is below --start ${levels.start}; the search could try no level`;
  return undefined;
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
