/**
 * A parser of the Prometheus text exposition format (0.0.4) and OpenMetrics text 1.0, as
 * far as reading values needs: one sample per line, `name{label="value",...} value
 * [timestamp]`; `#` lines (HELP, TYPE, UNIT, EOF) are skipped. Label values unescape
 * `\\`, `\"` and `\n`. Values may be floats, `+Inf`, `-Inf` or `NaN`.
 */
export interface MetricSample {
  name: string;
  labels: [string, string][];
  value: number;
}

export class ExpositionSyntaxError extends Error {
  constructor(
    readonly line: number,
    problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:]*/;
const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function parseExposition(text: string): MetricSample[] {
  const out: MetricSample[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    out.push(parseLine(line, i + 1));
  }
  return out;
}

function parseLine(line: string, n: number): MetricSample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new ExpositionSyntaxError(n, 'a sample starts with a metric name');
  let pos = name.length;
  const labels: [string, string][] = [];
  if (line[pos] === '{') {
    pos += 1;
    for (;;) {
      while (line[pos] === ' ') pos += 1;
      if (line[pos] === '}') {
        pos += 1;
        break;
      }
      const label = LABEL_NAME.exec(line.slice(pos))?.[0];
      if (!label) throw new ExpositionSyntaxError(n, `a label name at column ${pos + 1}`);
      pos += label.length;
      if (line.slice(pos, pos + 2) !== '="') throw new ExpositionSyntaxError(n, `="..." after label ${label}`);
      pos += 2;
      let value = '';
      for (;;) {
        const ch = line[pos];
        if (ch === undefined) throw new ExpositionSyntaxError(n, `an unterminated value of label ${label}`);
        pos += 1;
        if (ch === '"') break;
        if (ch === '\\') {
          const esc = line[pos];
          pos += 1;
          value += esc === 'n' ? '\n' : (esc ?? '');
        } else value += ch;
      }
      labels.push([label, value]);
      while (line[pos] === ' ') pos += 1;
      if (line[pos] === ',') pos += 1;
      else if (line[pos] !== '}') throw new ExpositionSyntaxError(n, `, or } after label ${label}`);
    }
  }
  const [valueText] = line.slice(pos).trim().split(/\s+/);
  const value = numberOf(valueText ?? '');
  if (value === undefined) throw new ExpositionSyntaxError(n, `"${valueText ?? ''}" is not a sample value`);
  return { name, labels, value };
}

function numberOf(text: string): number | undefined {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (text === '' || !/^[-+]?(\d|\.\d)/.test(text)) return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? undefined : n;
}

/** The series name xload gives a sample: `name`, or `name{a="x",b="y"}` as written. */
export function seriesName(s: MetricSample): string {
  if (s.labels.length === 0) return s.name;
  return `${s.name}{${s.labels.map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}
