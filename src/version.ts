import { fileURLToPath } from 'node:url';
import { READ_LIMITS, readRegularTextSync } from './read-regular-file.js';
import { packageJsonUrl } from './entry-url.js';

/** xload's version, from package.json (entry-url.ts knows where it is from each build). */
export const XLOAD_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readRegularTextSync(fileURLToPath(packageJsonUrl()), READ_LIMITS.ownAsset)) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();
