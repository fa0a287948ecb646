import { readFileSync } from 'node:fs';

/** xload's version, from package.json (dist/ and src/ both sit one level below it). */
export const XLOAD_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
