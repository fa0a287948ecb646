import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScenario, formatDiagnostic } from './index.js';
import type { Op, RequestOp } from './plan.js';

const SCENARIOS = resolve(import.meta.dirname, '../../scenarios');
const shipped = readdirSync(SCENARIOS).filter((n) => n.endsWith('.xml'));

/** Every example in scenarios/ compiles as shipped and opens with a comment saying what it shows. */
describe('shipped scenarios', () => {
  it.each(shipped)('%s compiles and says what it shows', (name) => {
    const path = join(SCENARIOS, name);
    const r = compileScenario(path);
    expect(r.ok, r.diagnostics.map(formatDiagnostic).join('\n')).toBe(true);
    expect(readFileSync(path, 'utf8')).toMatch(
      new RegExp(`^<\\?xml[^>]*\\?>\\s*(<!DOCTYPE[^>]*>\\s*)?<!--\\s*${name.replace('.', '\\.')}`),
    );
  });

  it('checks.xml shows <expect> checks and the thresholds on them', () => {
    const r = compileScenario(join(SCENARIOS, 'checks.xml'));
    if (!r.ok) throw new Error('checks.xml does not compile');
    const names = r.plan.sessions.flatMap((s) => requests(s.ops)).flatMap((q) => (q.expects ?? []).map((e) => e.name));
    expect(names).toEqual(['presence-echo', 'roster-result', 'alice-gets-reply', 'presence-echo-bob', 'bob-gets-hi']);
    expect(r.plan.thresholds.map((t) => t.expr)).toEqual([
      'rate(checks) == 100%',
      'rate(checks.bob-gets-hi) gte 99%',
      'p99(check.alice-gets-reply) lt 1s',
    ]);
  });
});

function requests(ops: readonly Op[]): RequestOp[] {
  return ops.flatMap((op) => (op.kind === 'request' ? [op] : 'ops' in op ? requests(op.ops) : []));
}
