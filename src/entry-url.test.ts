import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUNDLED, entryUrl, packageJsonUrl, UNBUNDLED, type EntryName } from './entry-url.js';

const src = fileURLToPath(new URL('.', import.meta.url));
const bundler = readFileSync(new URL('../scripts/bundle.mjs', import.meta.url), 'utf8');

describe('entry-url', () => {
  it('unbundled (tsc, vitest): each entry is its module, package.json one level up', () => {
    expect(BUNDLED).toBe(false);
    for (const name of Object.keys(UNBUNDLED) as EntryName[]) {
      expect(existsSync(fileURLToPath(entryUrl(name)).replace(/\.js$/, '.ts')), name).toBe(true);
    }
    expect(existsSync(fileURLToPath(packageJsonUrl()))).toBe(true);
  });

  it('every entry is one of the bundle, from the same module', () => {
    for (const [name, path] of Object.entries(UNBUNDLED)) {
      expect(bundler, name).toContain(`'${name}': 'dist/${path.slice(2)}'`);
      expect(existsSync(src + path.slice(2).replace(/\.js$/, '.ts'))).toBe(true);
    }
  });
});
