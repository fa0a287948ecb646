import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));

/** `from '…'` and `import('…')` specifiers of a TypeScript file. */
function importsOf(text: string): string[] {
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

describe('src/thresholds layering', () => {
  it('never imports src/report (report depends on thresholds, not the other way)', () => {
    const offenders = readdirSync(HERE)
      .filter((f) => f.endsWith('.ts') && f !== 'layering.test.ts')
      .flatMap((f) =>
        importsOf(readFileSync(join(HERE, f), 'utf8'))
          .filter((s) => /(^|\/)report\//.test(s))
          .map((s) => `${f}: ${s}`),
      );
    expect(offenders).toEqual([]);
  });

  it('sees an import of report when there is one (the check itself works)', () => {
    expect(
      importsOf("import type { Summary } from '../report/summary-types.js';\nconst m = await import('../report/summary.js');"),
    ).toEqual(['../report/summary-types.js', '../report/summary.js']);
  });
});
