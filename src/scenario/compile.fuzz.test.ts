import { describe, expect, it } from 'vitest';
import { compileScenarioText } from './index.js';
import { SCHEMA } from './tsung-schema.js';
import { int, pick, rng, type Rng } from '../../test/unit/prng.js';
import { BODY, scenario } from '../../test/unit/scenario/minimal.js';
import { MAX_TIMER_MS } from '../ranges.js';

const NAMES = Object.keys(SCHEMA);
/** Values of every class a numeric check must survive, plus the usual string suspects. */
const VALUES = [
  '0',
  '1',
  '-1',
  '0.5',
  '1e308',
  '-1e308',
  '1e-320',
  'Infinity',
  'NaN',
  '2147483648',
  '9007199254740993',
  '1.',
  '.5',
  ' 2 ',
  '',
  'x',
  '%%_v%%',
  '%%_',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x110000;',
  'true',
  'second',
  'hour',
  'millisecond',
  'ts_jabber',
  'local',
  'no_ack',
  'chat',
  'connect',
  'auth_sasl',
  '127.0.0.1',
  '5222',
  'tcp',
  '(.*)',
  '[',
  'constructor',
  '__proto__',
];

/** A random tree over Tsung's grammar: real element and attribute names, hostile values. */
function element(r: Rng, name: string, depth: number): string {
  const spec = SCHEMA[name];
  const attrNames = spec ? Object.keys(spec.attrs) : ['x'];
  const attrs = Array.from({ length: int(r, 0, 4) }, () => ` ${pick(r, attrNames.length ? attrNames : ['x'])}="${pick(r, VALUES)}"`);
  const unique = [...new Map(attrs.map((a) => [a.split('=')[0], a])).values()].join('');
  const kids =
    depth > 6 || !spec?.children.length
      ? []
      : Array.from({ length: int(r, 0, 4) }, () => element(r, r() < 0.9 ? pick(r, spec.children) : pick(r, NAMES), depth + 1));
  return kids.length ? `<${name}${unique}>${kids.join('\n')}</${name}>` : `<${name}${unique}/>`;
}

describe('scenario compiler under random scenarios (property tests)', () => {
  it('1,500 random trees over the Tsung grammar: a plan or diagnostics with positions, never a throw, bounded time', () => {
    const t0 = performance.now();
    let plans = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const r = rng(seed);
      const text = `<?xml version="1.0"?>\n${element(r, 'tsung', 0)}`;
      const one = performance.now();
      let result;
      try {
        result = compileScenarioText(text, { file: 'fuzz.xml', cwd: '/nonexistent', baseDir: '/nonexistent' });
      } catch (err) {
        throw new Error(`seed ${seed} threw ${(err as Error).stack}\n${text}`, { cause: err });
      }
      expect(performance.now() - one, `seed ${seed}`).toBeLessThan(2000);
      if (result.ok) {
        plans++;
        // A plan is plain data and never carries NaN (Infinity only as "no timeout").
        JSON.stringify(result.plan, (_k, v: unknown) => {
          if (typeof v === 'number' && !Number.isFinite(v) && v !== Infinity) throw new Error(`seed ${seed}: ${v} in the plan`);
          return v;
        });
      } else {
        for (const d of result.diagnostics) {
          expect(d.message.length, `seed ${seed}`).toBeGreaterThan(0);
          expect(d.line).toBeGreaterThanOrEqual(0);
        }
      }
    }
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(plans).toBeGreaterThanOrEqual(0);
  });

  it('1,000 random numbers in a valid scenario: when a plan comes out, every time fits the timers and every rate is usable', () => {
    const NUM = ['0', '0.001', '1', '59.5', '1e3', '1e6', '1e7', '1e9', '1e12', '1e308', '2147483', '2147484', '-0', '3.5', '1e-7'];
    for (let seed = 1; seed <= 1000; seed++) {
      const r = rng(seed);
      const unit = pick(r, ['hour', 'minute', 'second', 'millisecond']);
      const text = scenario({
        load: `<arrivalphase phase="1" duration="${pick(r, NUM)}" unit="${unit}"><users ${r() < 0.5 ? 'arrivalrate' : 'interarrival'}="${pick(r, NUM)}" unit="${pick(r, ['hour', 'minute', 'second'])}" maxnumber="${pick(r, NUM)}"/></arrivalphase>`,
        body: `${BODY}<thinktime value="${pick(r, NUM)}"/><for var="i" from="1" to="${pick(r, NUM)}">${BODY}</for>`,
      });
      const res = compileScenarioText(text);
      if (!res.ok) {
        for (const d of res.diagnostics.filter((x) => x.severity === 'error'))
          expect(d.line, `seed ${seed}: ${d.message}`).toBeGreaterThan(0);
        continue;
      }
      for (const ph of res.plan.load.phases) {
        expect(ph.durationMs, `seed ${seed}`).toBeLessThanOrEqual(MAX_TIMER_MS);
        expect(Number.isFinite(ph.arrivalRate) && ph.arrivalRate > 0 && ph.arrivalRate <= 1e6, `seed ${seed}: rate ${ph.arrivalRate}`).toBe(
          true,
        );
        if (ph.maxNumber !== undefined) expect(Number.isSafeInteger(ph.maxNumber)).toBe(true);
      }
      JSON.stringify(res.plan, (k, v: unknown) => {
        if (typeof v === 'number' && Number.isNaN(v)) throw new Error(`seed ${seed}: NaN at ${k}`);
        if (k === 'value' && typeof v === 'number') expect(v * 1000, `seed ${seed}: thinktime`).toBeLessThanOrEqual(MAX_TIMER_MS);
        return v;
      });
    }
  });
});
