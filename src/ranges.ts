/**
 * The sane ranges of every number a user can give xload (CLI flags and scenario values),
 * named once so a flag and the scenario attribute that mean the same thing agree.
 * Why bounds at all: Node's timers fire after 1 ms when asked to wait past 2^31-1 ms
 * (with a TimeoutOverflowWarning), Infinity/NaN/1e308 turn into NaN schedules, and a loop
 * bound of 1e15 is a hang, not a test.
 */

/** Longest delay Node's setTimeout honours (about 24.8 days). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface NumericRange {
  min: number;
  max: number;
  /** The minimum itself is refused (e.g. a rate must be above 0). */
  minExclusive?: boolean;
  /** The maximum itself is refused (e.g. a resolution must be below 100%). */
  maxExclusive?: boolean;
  integer?: boolean;
  /** Unit the value is written in, for the message ("seconds"). */
  unit?: string;
}

const r = (min: number, max: number, extra: Omit<NumericRange, 'min' | 'max'> = {}): NumericRange => ({ min, max, ...extra });

export const RANGES = {
  /** A wait or duration written in seconds: 0 allowed. */
  seconds: r(0, MAX_TIMER_MS / 1000, { unit: 'seconds' }),
  /** A period in seconds that must be above 0 (stats interval, reply timeout, run duration). */
  positiveSeconds: r(0, MAX_TIMER_MS / 1000, { minExclusive: true, unit: 'seconds' }),
  /** A wait or timeout in milliseconds. */
  milliseconds: r(0, MAX_TIMER_MS, { integer: true, unit: 'ms' }),
  /** Any time value once converted to milliseconds (durations, thinktimes, start times). */
  durationMs: r(0, MAX_TIMER_MS, { unit: 'ms' }),
  /** An `<expect>` check's timeout in seconds: above 0, at most an hour (a longer wait is no check). */
  checkTimeoutSeconds: r(0, 3600, { minExclusive: true, unit: 'seconds' }),
  /** Time between two arrivals once in ms: above 0, at most 1,000,000 arrivals a second. */
  interarrivalMs: r(0.001, MAX_TIMER_MS, { unit: 'ms' }),
  /** Arrivals per second: above 0, at most a million; the slowest is one per timer limit. */
  ratePerSecond: r(1000 / MAX_TIMER_MS, 1_000_000, { unit: 'users per second' }),
  /** Worker threads or child processes on one box. */
  threads: r(1, 1024, { integer: true }),
  /** `--workers` of a local run: 0 runs the one shard on the main thread. */
  workers: r(0, 1024, { integer: true }),
  /** A number of users, agents, retries: whole, 0 or more. */
  count: r(0, 1_000_000_000, { integer: true }),
  /** A count that must be at least 1 (maxusers, global_number). */
  positiveCount: r(1, 1_000_000_000, { integer: true }),
  /** Iterations of one loop (max_repeat, max_loop, <load loop>): a bound, not a hang. */
  loopBound: r(0, 10_000_000, { integer: true }),
  /** A loop variable or random_number bound: whole numbers a loop can count through. */
  loopValue: r(-1_000_000_000, 1_000_000_000, { integer: true }),
  /** A relative weight. */
  weight: r(0, 1_000_000),
  /** A weight that must be above 0. */
  positiveWeight: r(0, 1_000_000, { minExclusive: true }),
  /** A probability in percent. */
  percent: r(0, 100),
  /** A TCP port. */
  port: r(1, 65535, { integer: true }),
  /** A port to listen on; 0 lets the OS choose. */
  listenPort: r(0, 65535, { integer: true }),
  /** A generated payload size in bytes (jabber size, random_string length). */
  bytes: r(0, 16 * 1024 * 1024, { integer: true, unit: 'bytes' }),
  /** A random seed (32 bits, as the run's RNG takes). */
  seed: r(0, 2 ** 32 - 1, { integer: true }),
  /** A percentage change with no natural top (compare --max-regression). */
  percentChange: r(0, 1_000_000, { unit: '%' }),
  /** A share of a whole that is neither nothing nor all of it (capacity --resolution, --max-drop), in percent. */
  openPercent: r(0, 100, { minExclusive: true, maxExclusive: true, unit: '%' }),
  /** A factor a level grows by each step (capacity --growth): above 1, and a search, not a jump. */
  growthFactor: r(1, 100, { minExclusive: true }),
  /** A factor on the scenario's chat rate (capacity's message-rate axis): above 0, at most a million. */
  rateFactor: r(0, 1_000_000, { minExclusive: true, unit: '× the chat rate' }),
} as const satisfies Record<string, NumericRange>;

export type RangeName = keyof typeof RANGES;

/** "a whole number from 1 to 1024", "a number of seconds above 0 and at most 2147483.647", "... above 0 and below 100". */
export function describeRange(range: NumericRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  const unit = range.unit ? ` of ${range.unit}` : '';
  const low = range.minExclusive ? `above ${fmt(range.min)}` : `from ${fmt(range.min)}`;
  const high = range.maxExclusive ? `and below ${fmt(range.max)}` : `${range.minExclusive ? 'and at most' : 'to'} ${fmt(range.max)}`;
  return `${kind}${unit} ${low} ${high}`;
}

/** Why `n` is not in `range`, or undefined when it is. NaN and ±Infinity are never in range. */
export function rangeProblem(n: unknown, range: NumericRange): string | undefined {
  if (Array.isArray(n)) return 'given more than once';
  if (typeof n !== 'number' || Number.isNaN(n)) return `not a number; expected ${describeRange(range)}`;
  if (!Number.isFinite(n)) return `${n} is not a usable number; expected ${describeRange(range)}`;
  if (range.integer && !Number.isInteger(n)) return `${n} is not a whole number; expected ${describeRange(range)}`;
  const low = range.minExclusive ? n <= range.min : n < range.min;
  const high = range.maxExclusive ? n >= range.max : n > range.max;
  if (low || high) return `${n} is out of range; expected ${describeRange(range)}`;
  return undefined;
}

/** Checks a table of named flags; returns the first problem as `--flag: why`. Absent flags pass. */
export function checkFlags(flags: ReadonlyArray<readonly [flag: string, value: unknown, range: RangeName]>): string | undefined {
  for (const [flag, value, name] of flags) {
    if (value === undefined) continue;
    const problem = rangeProblem(value, RANGES[name]);
    if (problem) return `--${flag}: ${problem}`;
  }
  return undefined;
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Math.abs(n) >= 1 ? Number(n.toFixed(3)) : Number(n.toPrecision(3)));
}
