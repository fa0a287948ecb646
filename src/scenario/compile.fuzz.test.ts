import { describe, expect, it } from 'vitest';
import { compileScenarioText } from './index.js';
import { SCHEMA } from './tsung-schema.js';
import fc from 'fast-check';
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

/**
 * A random element `name` over Tsung's grammar, at most `depth` levels deep: real attribute
 * names with hostile values, children mostly from the grammar (one in ten any element).
 * fast-check shrinks a failing tree to the smallest that still fails.
 */
function element(name: string, depth: number): fc.Arbitrary<string> {
  const spec = SCHEMA[name];
  const attrNames = spec && Object.keys(spec.attrs).length > 0 ? Object.keys(spec.attrs) : ['x'];
  const attrs = fc.uniqueArray(fc.tuple(fc.constantFrom(...attrNames), fc.constantFrom(...VALUES)), { maxLength: 4, selector: ([n]) => n });
  const childNames = spec?.children ?? [];
  const kids =
    depth <= 0 || childNames.length === 0
      ? fc.constant<string[]>([])
      : fc.array(
          fc
            .oneof({ weight: 9, arbitrary: fc.constantFrom(...childNames) }, { weight: 1, arbitrary: fc.constantFrom(...NAMES) })
            .chain((k) => element(k, depth - 1)),
          { maxLength: 4 },
        );
  return fc.tuple(attrs, kids).map(([as, ks]) => {
    const a = as.map(([n, v]) => ` ${n}="${v}"`).join('');
    return ks.length ? `<${name}${a}>${ks.join('\n')}</${name}>` : `<${name}${a}/>`;
  });
}

describe('scenario compiler under random scenarios (fast-check properties)', () => {
  it('random trees over the Tsung grammar: a plan or diagnostics with positions, never a throw, bounded time', () => {
    const t0 = performance.now();
    fc.assert(
      fc.property(element('tsung', 6), (tree) => {
        const text = `<?xml version="1.0"?>\n${tree}`;
        const one = performance.now();
        const result = compileScenarioText(text, { file: 'fuzz.xml', cwd: '/nonexistent', baseDir: '/nonexistent' });
        expect(performance.now() - one).toBeLessThan(2000);
        if (result.ok) {
          // A plan is plain data and never carries NaN (Infinity only as "no timeout").
          JSON.stringify(result.plan, (_k, v: unknown) => {
            if (typeof v === 'number' && !Number.isFinite(v) && v !== Infinity) throw new Error(`${v} in the plan`);
            return v;
          });
        } else {
          for (const d of result.diagnostics) {
            expect(d.message.length).toBeGreaterThan(0);
            expect(d.line).toBeGreaterThanOrEqual(0);
          }
        }
      }),
      { numRuns: 1500 },
    );
    expect(performance.now() - t0).toBeLessThan(30_000);
  });

  it('random numbers in a valid scenario: when a plan comes out, every time fits the timers and every rate is usable', () => {
    const NUM = fc.constantFrom(
      '0',
      '0.001',
      '1',
      '59.5',
      '1e3',
      '1e6',
      '1e7',
      '1e9',
      '1e12',
      '1e308',
      '2147483',
      '2147484',
      '-0',
      '3.5',
      '1e-7',
    );
    const unit = fc.constantFrom('hour', 'minute', 'second', 'millisecond');
    fc.assert(
      fc.property(
        fc.record({
          duration: NUM,
          unit,
          rateAttr: fc.constantFrom('arrivalrate', 'interarrival'),
          rate: NUM,
          rateUnit: fc.constantFrom('hour', 'minute', 'second'),
          max: NUM,
          think: NUM,
          to: NUM,
        }),
        (v) => {
          const text = scenario({
            load: `<arrivalphase phase="1" duration="${v.duration}" unit="${v.unit}"><users ${v.rateAttr}="${v.rate}" unit="${v.rateUnit}" maxnumber="${v.max}"/></arrivalphase>`,
            body: `${BODY}<thinktime value="${v.think}"/><for var="i" from="1" to="${v.to}">${BODY}</for>`,
          });
          const res = compileScenarioText(text);
          if (!res.ok) {
            for (const d of res.diagnostics.filter((x) => x.severity === 'error')) expect(d.line, d.message).toBeGreaterThan(0);
            return;
          }
          for (const ph of res.plan.load.phases) {
            expect(ph.durationMs).toBeLessThanOrEqual(MAX_TIMER_MS);
            expect(Number.isFinite(ph.arrivalRate) && ph.arrivalRate > 0 && ph.arrivalRate <= 1e6, `rate ${ph.arrivalRate}`).toBe(true);
            if (ph.maxNumber !== undefined) expect(Number.isSafeInteger(ph.maxNumber)).toBe(true);
          }
          JSON.stringify(res.plan, (k, val: unknown) => {
            if (typeof val === 'number' && Number.isNaN(val)) throw new Error(`NaN at ${k}`);
            if (k === 'value' && typeof val === 'number') expect(val * 1000, 'thinktime').toBeLessThanOrEqual(MAX_TIMER_MS);
            return val;
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
