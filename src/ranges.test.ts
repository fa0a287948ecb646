import { describe, expect, it } from 'vitest';
import { checkFlags, describeRange, MAX_TIMER_MS, RANGES, rangeProblem, type RangeName } from './ranges.js';

/** Values no range accepts: not numbers a run can use. */
const NEVER: unknown[] = [NaN, Infinity, -Infinity, 1e308, -1e308, '5', null, [1, 2], undefined];

describe('rangeProblem', () => {
  for (const name of Object.keys(RANGES) as RangeName[]) {
    const range = RANGES[name];
    it(`${name}: refuses non-numbers, out-of-range and (when whole) fractional values`, () => {
      for (const v of NEVER) expect(rangeProblem(v, range), `${name} ${String(v)}`).toBeDefined();
      expect(rangeProblem(range.max * 2 + 1, range)).toMatch(/out of range/);
      expect(rangeProblem(range.min - 1, range)).toMatch(/out of range/);
      if (range.minExclusive) expect(rangeProblem(range.min, range)).toMatch(/out of range/);
      else expect(rangeProblem(range.min, range)).toBeUndefined();
      const top = range.maxExclusive ? (range.min + range.max) / 2 : range.max;
      if (range.maxExclusive) expect(rangeProblem(range.max, range)).toMatch(/out of range/);
      expect(rangeProblem(top, range)).toBeUndefined();
      if (range.integer) expect(rangeProblem(range.min + 1.5, range)).toMatch(/not a whole number/);
      expect(rangeProblem(top, range) ?? describeRange(range)).toBe(describeRange(range));
    });
  }

  it("every time range stays within Node's timer limit", () => {
    expect(RANGES.durationMs.max).toBe(MAX_TIMER_MS);
    expect(RANGES.seconds.max * 1000).toBe(MAX_TIMER_MS);
    expect(RANGES.milliseconds.max).toBe(2147483647);
  });

  it('says what it expected, in one line', () => {
    expect(rangeProblem(0, RANGES.threads)).toBe('0 is out of range; expected a whole number from 1 to 1024');
    expect(rangeProblem(2.5, RANGES.threads)).toBe('2.5 is not a whole number; expected a whole number from 1 to 1024');
    expect(rangeProblem(Infinity, RANGES.positiveSeconds)).toBe(
      'Infinity is not a usable number; expected a number of seconds above 0 and at most 2147483.647',
    );
    expect(rangeProblem(NaN, RANGES.seconds)).toBe('not a number; expected a number of seconds from 0 to 2147483.647');
    expect(rangeProblem([1, 2], RANGES.seconds)).toBe('given more than once');
    expect(rangeProblem(100, RANGES.openPercent)).toBe('100 is out of range; expected a number of % above 0 and below 100');
    expect(rangeProblem(1, RANGES.growthFactor)).toBe('1 is out of range; expected a number above 1 and at most 100');
  });
});

describe('checkFlags', () => {
  it('names the first bad flag and skips absent ones', () => {
    expect(
      checkFlags([
        ['workers', undefined, 'threads'],
        ['duration', 10, 'positiveSeconds'],
      ]),
    ).toBeUndefined();
    expect(
      checkFlags([
        ['workers', 2, 'threads'],
        ['duration', 1e308, 'positiveSeconds'],
      ]),
    ).toMatch(/^--duration: 1e\+308 is out of range/);
    expect(checkFlags([['interval', NaN, 'positiveSeconds']])).toMatch(/^--interval: not a number/);
  });
});
