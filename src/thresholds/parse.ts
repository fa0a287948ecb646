import { ThresholdSyntaxError } from './errors.js';
import type { CompareOp, Dimension, Operand, ThresholdExpr } from './expr.js';
import { FIXED_PATHS, isCountPath, rateBaseOf, valuePathProblem } from './paths.js';
import { CHECK_METRIC_PREFIX, METRIC, REQUEST_METRIC_PREFIX, TRANSACTION_METRIC_PREFIX } from '../stats/metric-names.js';

/** A value path that starts so names a latency metric: it needs a statistic. */
const LATENCY_NAME_STARTS: readonly string[] = [
  METRIC.connect,
  METRIC.auth,
  METRIC.session,
  METRIC.msgLatency,
  REQUEST_METRIC_PREFIX,
  TRANSACTION_METRIC_PREFIX,
  CHECK_METRIC_PREFIX,
];

const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const SYMBOL_OP = /<=|>=|==|!=|=|<|>/y;
const WORD_OP = /(lte|lt|le|gte|gt|ge|eq|neq|ne)(?![A-Za-z0-9_])/y;
const NUMBER = /[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/y;
const UNIT = /(ms|us|µs|s|%|[KMGT]iB|[kKMGT]B|B)(?![A-Za-z0-9_])/y;

/** Byte sizes a limit may be written in: binary (KiB…TiB) and decimal (kB…TB) multiples. */
const BYTE_UNITS: Record<string, number> = {
  B: 1,
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  kB: 1e3,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
};

/** Word operators, so a scenario can write `p99(x) lt 200ms` without escaping `<` as `&lt;`. */
const WORDS: Record<string, CompareOp> = { lt: '<', lte: '<=', le: '<=', gt: '>', gte: '>=', ge: '>=', eq: '==', ne: '!=', neq: '!=' };
const FUNCTIONS = ['p50', 'p90', 'p95', 'p99', 'p999', 'min', 'max', 'mean', 'avg', 'median', 'count', 'rate', 'per_s'];

/**
 * Parses `operand op limit`, e.g. `p99(xmpp_msg_latency) < 200ms`, `rate(errors) < 0.1%`,
 * `messages.lost == 0`. Throws ThresholdSyntaxError with the offset of the first problem.
 */
export function parseThreshold(text: string): ThresholdExpr {
  const source = text.trim();
  const lead = text.length - text.trimStart().length;
  let i = lead;
  const fail = (at: number, problem: string, hint = ''): never => {
    throw new ThresholdSyntaxError(source, Math.max(0, at - lead), problem, hint);
  };
  const skip = () => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
  };
  const take = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };

  skip();
  const nameAt = i;
  const name = take(NAME);
  if (name === undefined)
    fail(i, 'expected a statistic such as p99(metric), or a value such as messages.lost', 'e.g. "p99(xmpp_msg_latency) < 200ms"');
  skip();
  let operand: Operand;
  if (text[i] === '(') {
    i++;
    skip();
    const argAt = i;
    const arg = take(NAME);
    if (arg === undefined) fail(i, `expected a name inside ${name}(...)`, `e.g. ${name}(xmpp_msg_latency)`);
    skip();
    if (text[i] !== ')') fail(i, `expected ")" after ${name}(${arg}`);
    i++;
    operand = functionOperand(name!, arg!, nameAt, argAt, fail);
  } else {
    const problem = valuePathProblem(name!);
    if (problem !== undefined) {
      fail(
        nameAt,
        problem,
        LATENCY_NAME_STARTS.some((start) => name!.startsWith(start))
          ? `a latency metric needs a statistic: write p99(${name}) or mean(${name})`
          : `use a statistic such as p99(metric), or one of ${FIXED_PATHS.join(', ')}, errors.<class>, counters.<name>`,
      );
    }
    operand = { kind: 'value', path: name! };
  }

  skip();
  const opAt = i;
  const op = take(SYMBOL_OP) ?? take(WORD_OP);
  if (op === undefined) fail(i, 'expected a comparison', 'one of < <= > >= == != (or lt lte gt gte eq ne)');
  if (op === '=') fail(opAt, '"=" is not a comparison', 'write "=="');
  skip();
  const numAt = i;
  const num = take(NUMBER);
  if (num === undefined) fail(i, 'expected a number after the comparison', 'e.g. 200ms, 0.1%, 0');
  skip();
  const unitAt = i;
  const unit = take(UNIT);
  skip();
  if (i < text.length) fail(i, `unexpected "${text.slice(i)}"`, 'a threshold is "operand op limit", e.g. "p99(xmpp_msg_latency) < 200ms"');
  const limit = scaleLimit(Number(num), unit, dimensionOf(operand), unit === undefined ? numAt : unitAt, fail);
  const cmp: CompareOp = (WORDS[op!] ?? op) as CompareOp;
  return { source, operand, op: cmp, limit };
}

type Fail = (at: number, problem: string, hint?: string) => never;

function functionOperand(fn: string, arg: string, fnAt: number, argAt: number, fail: Fail): Operand {
  if (arg.startsWith('server.')) return serverOperand(fn, arg, fnAt, argAt, fail);
  const pct = percentileOf(fn);
  if (pct !== undefined || ['min', 'max', 'mean', 'avg', 'median'].includes(fn)) {
    if (pct !== undefined && !(pct > 0 && pct <= 100)) fail(fnAt, `${fn}: a percentile must be above 0 and at most 100`);
    if (fn === 'median') return { kind: 'latency', stat: 'p', percentile: 50, metric: arg };
    if (pct !== undefined) return { kind: 'latency', stat: 'p', percentile: pct, metric: arg };
    return { kind: 'latency', stat: fn === 'avg' ? 'mean' : (fn as 'min' | 'max' | 'mean'), metric: arg };
  }
  if (fn === 'count') return { kind: 'count', metric: arg };
  if (fn === 'rate') {
    if (rateBaseOf(arg) === undefined) {
      fail(
        argAt,
        `rate(${arg}) has no defined whole`,
        'rate() takes messages.lost|delivered|duplicated|in_flight (of sent), users.failed|finished (of started), errors or errors.<class> (of users started + stanzas sent), checks or checks.<name> (passed of decided)',
      );
    }
    return { kind: 'rate', path: arg };
  }
  if (fn === 'per_s') {
    if (!isCountPath(arg))
      fail(
        argAt,
        `per_s(${arg}): not a count`,
        'per_s() takes messages.*, users.started|finished|failed, errors, errors.<class> or counters.<name>',
      );
    return { kind: 'per_s', path: arg };
  }
  return fail(fnAt, `unknown function ${fn}()`, `use one of ${FUNCTIONS.join(', ')}, or pNN such as p99.9`);
}

/** `server.<id>.<series>`: the id may hold dots (a host name), the series never does. */
function serverOperand(fn: string, arg: string, fnAt: number, argAt: number, fail: Fail): Operand {
  const rest = arg.slice('server.'.length);
  const dot = rest.lastIndexOf('.');
  if (dot <= 0 || dot === rest.length - 1)
    fail(argAt, `expected server.<id>.<series> in ${fn}(${arg})`, 'e.g. max(server.localhost.cpu) < 80%');
  if (fn !== 'max' && fn !== 'mean' && fn !== 'avg')
    fail(fnAt, `${fn}() of a server series: only max() and mean() are kept`, `write max(${arg}) or mean(${arg})`);
  return { kind: 'server', stat: fn === 'max' ? 'max' : 'mean', id: rest.slice(0, dot), series: rest.slice(dot + 1) };
}

/** `p99` → 99, `p99.9` → 99.9, `p999` → 99.9 (summary.json's p999_ms), `p9999` → 99.99. */
function percentileOf(fn: string): number | undefined {
  const m = /^p(\d+(?:\.\d+)?)$/.exec(fn);
  if (!m?.[1]) return undefined;
  const d = m[1];
  if (d.includes('.') || d.length <= 2 || d === '100') return Number(d);
  return d.startsWith('99') ? Number(`99.${d.slice(2)}`) : Number(d);
}

export function dimensionOf(o: Operand): Dimension {
  if (o.kind === 'latency') return 'ms';
  if (o.kind === 'server') return /^cpu(_|$)/.test(o.series) ? 'percent' : /_bytes$/.test(o.series) ? 'bytes' : 'number';
  if (o.kind === 'rate') return 'fraction';
  if (o.kind === 'value' && o.path === 'duration_s') return 'seconds';
  return 'number';
}

function scaleLimit(n: number, unit: string | undefined, dim: Dimension, at: number, fail: Fail): number {
  switch (dim) {
    case 'ms':
      if (unit === undefined || unit === 'ms') return n;
      if (unit === 's') return n * 1000;
      if (unit === 'us' || unit === 'µs') return n / 1000;
      return fail(at, `a latency limit cannot be in ${unit}`, 'write it in ms, s or us, e.g. 200ms');
    case 'fraction':
      if (unit === undefined) return n;
      if (unit === '%') return n / 100;
      return fail(at, `a rate limit cannot be in ${unit}`, 'write a percentage (0.1%) or a fraction (0.001)');
    case 'seconds':
      if (unit === undefined || unit === 's') return n;
      if (unit === 'ms') return n / 1000;
      return fail(at, `a duration cannot be in ${unit}`, 'write seconds, e.g. 60s');
    case 'percent':
      if (unit === undefined || unit === '%') return n;
      return fail(at, `a CPU limit cannot be in ${unit}`, 'write a percentage, e.g. 80%');
    case 'bytes': {
      if (unit === undefined) return n;
      const k = BYTE_UNITS[unit];
      if (k !== undefined) return n * k;
      return fail(at, `a memory limit cannot be in ${unit}`, 'write bytes or a size such as 512MiB or 2GiB');
    }
    case 'number':
      if (unit === undefined) return n;
      return fail(at, `this value is a plain number, not ${unit}`, 'drop the unit');
  }
}
