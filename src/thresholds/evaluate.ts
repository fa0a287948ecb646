import { meanOf, usToMs } from '../stats/histogram-stats.js';
import type { ThresholdResult } from './result.js';
import type { ThresholdData } from './data.js';
import type { CompareOp, Operand, ThresholdExpr } from './expr.js';
import { rateBaseOf } from './paths.js';
import { COUNTER } from '../stats/metric-names.js';

/** The operand's value, or a sentence saying why there is none (no samples, not recorded). */
export type Reading = { value: number } | { missing: string };

/** Evaluates one threshold. A threshold with nothing to measure fails: a silent pass would hide a broken test. */
export function evaluateThreshold(t: ThresholdExpr, data: ThresholdData): ThresholdResult {
  const r = readOperand(t.operand, data);
  if ('missing' in r) return { expr: t.source, ok: false, value: null, detail: r.missing };
  return { expr: t.source, ok: compare(r.value, t.op, t.limit), value: round(r.value) };
}

export function compare(v: number, op: CompareOp, limit: number): boolean {
  switch (op) {
    case '<':
      return v < limit;
    case '<=':
      return v <= limit;
    case '>':
      return v > limit;
    case '>=':
      return v >= limit;
    case '==':
      return v === limit;
    case '!=':
      return v !== limit;
  }
}

export function readOperand(o: Operand, data: ThresholdData): Reading {
  switch (o.kind) {
    case 'latency':
      return readLatency(o.metric, o.stat, o.percentile, data);
    case 'count': {
      const h = data.histograms?.[o.metric];
      return { value: h ? h.totalCount : (data.summary.metrics[o.metric]?.count ?? 0) };
    }
    case 'value':
      return { value: readPath(o.path, data) };
    case 'rate': {
      const base = rateBaseOf(o.path);
      if (base === 'checks') return readCheckRate(o.path, data);
      const s = data.summary;
      const whole =
        base === 'messages.sent'
          ? s.messages.sent
          : base === 'users.started'
            ? s.users.started
            : s.users.started + (s.counters[COUNTER.stanzasSent] ?? 0);
      return { value: whole > 0 ? readPath(o.path, data) / whole : 0 };
    }
    case 'server': {
      const m = data.summary.servers?.[o.id];
      if (m === undefined) return { missing: `no monitor ${o.id} in this run` };
      const v = m.series[o.series];
      if (v === undefined)
        return { missing: m.samples === 0 ? `monitor ${o.id} gave no reading` : `monitor ${o.id} has no series ${o.series}` };
      return { value: v[o.stat] };
    }
    case 'per_s': {
      const d = data.summary.duration_s;
      return d > 0 ? { value: readPath(o.path, data) / d } : { missing: 'the run has no duration yet' };
    }
  }
}

/** Passed of decided `<expect>` checks; nothing decided fails the threshold (value null). */
function readCheckRate(path: string, data: ThresholdData): Reading {
  const all = data.summary.checks;
  const name = path === 'checks' ? undefined : path.slice('checks.'.length);
  const c = name === undefined ? all : all && Object.hasOwn(all.names, name) ? all.names[name] : undefined;
  if (c === undefined || c.pass + c.fail === 0)
    return { missing: name === undefined ? 'no check was decided in this run' : `no check named ${name} was decided in this run` };
  return { value: c.pass / (c.pass + c.fail) };
}

function readLatency(metric: string, stat: 'p' | 'min' | 'max' | 'mean', p: number | undefined, data: ThresholdData): Reading {
  const h = data.histograms?.[metric];
  const none: Reading = { missing: `no samples of ${metric}` };
  if (h !== undefined) {
    if (h.totalCount === 0) return none;
    if (stat === 'mean') return { value: usToMs(meanOf(h)) };
    const pct = stat === 'min' ? 0 : stat === 'max' ? 100 : (p ?? 100);
    return { value: usToMs(h.getValueAtPercentile(pct)) };
  }
  const s = data.summary.metrics[metric];
  if (s === undefined || s.count === 0) return none;
  const fixed: Record<string, number> = {
    min: s.min_ms,
    max: s.max_ms,
    mean: s.mean_ms,
    p50: s.p50_ms,
    p90: s.p90_ms,
    p99: s.p99_ms,
    'p99.9': s.p999_ms,
    p100: s.max_ms,
  };
  const v = stat === 'p' ? fixed[`p${p}`] : fixed[stat];
  return v === undefined
    ? { missing: `p${p} of ${metric} needs the run's histograms (summary.json has p50, p90, p99, p99.9)` }
    : { value: v };
}

function readPath(path: string, data: ThresholdData): number {
  const s = data.summary;
  const [head, ...rest] = path.split('.');
  const tail = rest.join('.');
  if (head === 'messages') return s.messages[tail as keyof typeof s.messages] ?? 0;
  if (head === 'users') return s.users[tail as keyof typeof s.users] ?? 0;
  if (head === 'counters') return s.counters[tail] ?? 0;
  if (head === 'errors') return tail === '' ? Object.values(s.errors).reduce((a, b) => a + b, 0) : (s.errors[tail] ?? 0);
  if (path === 'duration_s') return s.duration_s;
  return 0;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
