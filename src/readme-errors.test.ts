import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return n.endsWith('.ts') && !n.endsWith('.test.ts') && !n.endsWith('.test-util.ts') && !n.endsWith('.d.ts') ? [p] : [];
  });
}

const CODE = "'([a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)?)'";
const FAMILY = '`([a-z][a-z0-9_]*)\\.\\$\\{';

/**
 * Every error code src/ can produce (issue 13): a family built as a template
 * (`socket_error.${errno}`) is `socket_error.<`. Read from the code's own shapes:
 * `super('code'` and `super(\`family.${`; classes whose constructor takes the code
 * (`constructor(code: 'a' | 'b'` or `code: string`, then `new Class('code'`); classes that
 * build it from their first argument (`new ProtocolError('what')` → protocol_error.what);
 * `new XloadError('code'`; counted errors (`.error('code'`); the `return 'code'` of a
 * function named …Code (connectCode). InternalError's `internal` is a `super('internal'`.
 */
function codesInCode(): { codes: Set<string>; literalFamilies: Set<string> } {
  const texts = sources(join(ROOT, 'src')).map((f) => readFileSync(f, 'utf8'));
  const all = texts.join('\n');
  const out = new Set<string>();
  const takesCode = new Set<string>(['XloadError']);
  const prefixOf = new Map<string, string>();
  for (const t of texts) {
    for (const m of t.matchAll(/class (\w+) extends \w+ \{[\s\S]*?\n\}/g)) {
      const body = m[0];
      const ctor = /constructor\(\s*(?:readonly\s+)?(\w+)\??:\s*([^,)]*)/.exec(body);
      const sup = /super\(\s*([^,]*),/.exec(body);
      if (!ctor || !sup) continue;
      const [, param, type] = ctor;
      if (sup[1]!.trim() === param) {
        takesCode.add(m[1]!);
        for (const l of type!.matchAll(new RegExp(CODE, 'g'))) out.add(l[1]!);
      }
      const fam = new RegExp(`^\`([a-z_]+)\\.\\$\\{${param}\\}\`$`).exec(sup[1]!.trim());
      if (fam) prefixOf.set(m[1]!, fam[1]!);
    }
  }
  const add = (re: RegExp, f: (m: RegExpMatchArray) => string) => {
    for (const m of all.matchAll(re)) out.add(f(m));
  };
  add(new RegExp(`super\\(\\s*${CODE}`, 'g'), (m) => m[1]!);
  add(new RegExp(`super\\(\\s*${FAMILY}`, 'g'), (m) => `${m[1]}.<`);
  add(new RegExp(`\\.error\\(\\s*(?:[^,)]*\\?[^,)]*:\\s*)?${CODE}`, 'g'), (m) => m[1]!);
  add(new RegExp(`\\.error\\(\\s*${FAMILY}`, 'g'), (m) => `${m[1]}.<`);
  for (const cls of takesCode) {
    add(new RegExp(`new ${cls}\\(\\s*${CODE}`, 'g'), (m) => m[1]!);
    add(new RegExp(`new ${cls}\\(\\s*${FAMILY}`, 'g'), (m) => `${m[1]}.<`);
  }
  // Only `new ProtocolError('what')` with a literal makes these: their members are known one by one.
  const literalFamilies = new Set<string>();
  for (const [cls, prefix] of prefixOf) {
    if (!new RegExp(`new ${cls}\\(\\s*[^'\\s]`).test(all)) literalFamilies.add(`${prefix}.<`);
  }
  for (const [cls, prefix] of prefixOf) add(new RegExp(`new ${cls}\\(\\s*${CODE}`, 'g'), (m) => `${prefix}.${m[1]}`);
  for (const fn of all.matchAll(/function \w+Code\([^)]*\)[^{]*\{([\s\S]*?)\n\}/g)) {
    for (const m of fn[1]!.matchAll(new RegExp(`return ${CODE}`, 'g'))) out.add(m[1]!);
    for (const m of fn[1]!.matchAll(new RegExp(`return ${FAMILY}`, 'g'))) out.add(`${m[1]}.<`);
  }
  return { codes: out, literalFamilies };
}

/**
 * The codes the README's error tables list: the backticked words of each row's first cell;
 * `.tail` after `head.x` is `head.tail`, `head.<what>` is the family `head.<`.
 */
function codesInReadme(): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const region = readme.slice(readme.indexOf('Error classes are stable'), readme.indexOf('## Thresholds'));
  const out = new Set<string>();
  for (const line of region.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cell = line.split('|')[1]!;
    let head = '';
    for (const [, word] of cell.matchAll(/`([^`]+)`/g)) {
      const code = word!.startsWith('.') ? `${head}${word}` : word!;
      head = code.split('.')[0]!;
      out.add(code.replace(/\.<[^>]*>$/, '.<'));
    }
  }
  return out;
}

describe("README's error tables", () => {
  const { codes: inCode, literalFamilies } = codesInCode();
  const inReadme = codesInReadme();
  const covered = (c: string, set: Set<string>) => set.has(c) || (c.includes('.') && set.has(`${c.split('.')[0]}.<`));

  it('the scan finds the shapes it is meant to', () => {
    for (const c of ['internal', 'socket_error.<', 'protocol_error.no_bind', 'agent_lost', 'connect_error.<', 'not_a_file', 'usage'])
      expect(inCode, c).toContain(c);
  });

  it('list every error code the code can produce', () => {
    // A family made only from literals (protocol_error.<) is checked member by member.
    expect([...inCode].filter((c) => !literalFamilies.has(c) && !covered(c, inReadme)).sort()).toEqual([]);
  });

  it('list no code that nothing produces', () => {
    const produced = (c: string) => {
      if (inCode.has(c)) return true;
      if (c.endsWith('.<')) return [...inCode].some((k) => k.startsWith(c.slice(0, -1)));
      const family = `${c.split('.')[0]}.<`;
      // A member of a family built from a runtime value (an errno, a condition) is an example.
      return c.includes('.') && inCode.has(family) && !literalFamilies.has(family);
    };
    expect([...inReadme].filter((c) => !produced(c)).sort()).toEqual([]);
  });
});
