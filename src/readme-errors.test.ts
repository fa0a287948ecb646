import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
/** Where a user's error class is born: the XMPP client and the engine's user VM and shards. */
const DIRS = ['src/xmpp', 'src/engine/vm', 'src/engine/shard'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return sources(p);
    return n.endsWith('.ts') && !n.endsWith('.test.ts') ? [p] : [];
  });
}

/** Error classes in the code: `super('code'`, `super(\`prefix.${`, ConnectError/ProtocolError/stats.error literals. */
function classesInCode(): Set<string> {
  const out = new Set<string>();
  for (const f of DIRS.flatMap((d) => sources(join(ROOT, d)))) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/super\('([a-z_.]+)'/g)) out.add(m[1]!);
    for (const m of text.matchAll(/super\(`([a-z_]+)\.\$\{/g)) out.add(`${m[1]}.<`);
    for (const m of text.matchAll(/(?:ConnectError|XmlFramingError)\('([a-z_.]+)'/g)) out.add(m[1]!);
    for (const m of text.matchAll(/new ProtocolError\('([a-z_]+)'/g)) out.add(`protocol_error.${m[1]}`);
    for (const m of text.matchAll(/stats\.error\('([a-z_.]+)'/g)) out.add(m[1]!);
  }
  return out;
}

describe("README's error table", () => {
  it('lists every error class the engine can produce', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('Error classes are stable'), readme.indexOf('## Thresholds'));
    const found = [...classesInCode()];
    expect(found).toContain('socket_error.<');
    const missing = found.filter((c) => {
      if (c.endsWith('.<')) return !table.includes(`\`${c}`);
      if (c.startsWith('protocol_error.')) return !table.includes(`.${c.slice('protocol_error.'.length)}\``) && !table.includes(`\`${c}\``);
      const [head, tail] = c.split('.');
      return !table.includes(`\`${c}\``) && !(tail && (table.includes(`\`${head}.<`) || table.includes(`.${tail}\``)));
    });
    expect(missing).toEqual([]);
  });
});
