import { readFileSync } from 'node:fs';
import { packageJsonUrl } from './entry-url.js';

/** xload's version, from package.json (entry-url.ts knows where it is from each build). */
export const XLOAD_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(packageJsonUrl(), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
