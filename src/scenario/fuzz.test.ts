import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenarioText } from './index.js';
import { formatDiagnostic } from './diagnostics.js';

const FIXTURES = resolve(import.meta.dirname, '../../test/fixtures/scenarios');
const seeds = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

/** Small deterministic PRNG (mulberry32) so a failure replays. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '<',
  '>',
  '"',
  "'",
  '&',
  '&amp;',
  '%%_',
  '%%',
  '/>',
  '</request>',
  '<request>',
  '<jabber type="chat" ack="local"/>',
  '=""',
  ' x="1"',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '\u0000',
  '\uffff',
  '999999999999999999999',
];

function mutate(text: string, r: () => number): string {
  let t = text;
  const n = 1 + Math.floor(r() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(r() * t.length);
    const len = Math.floor(r() * 20);
    const choice = r();
    if (choice < 0.4) t = t.slice(0, at) + t.slice(at + len);
    else if (choice < 0.8) t = t.slice(0, at) + (SNIPPETS[Math.floor(r() * SNIPPETS.length)] ?? '') + t.slice(at);
    else t = t.slice(0, at) + t.slice(at, at + len * 10) + t.slice(at);
  }
  return t;
}

describe('mutated scenarios never make the compiler throw or hang', () => {
  it('600 random mutations of the fixtures each end with a plan or diagnostics', () => {
    const r = rng(20260402);
    const t0 = performance.now();
    for (let i = 0; i < 600; i++) {
      const text = mutate(seeds[i % seeds.length] ?? '', r);
      let result;
      try {
        result = compileScenarioText(text, { file: 'fuzz.xml', baseDir: FIXTURES });
      } catch (err) {
        throw new Error(`mutation ${i} threw ${(err as Error).stack}\n--- input ---\n${text}`, { cause: err });
      }
      if (!result.ok) {
        expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        for (const d of result.diagnostics) expect(formatDiagnostic(d)).not.toMatch(/\n/);
      }
    }
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});
