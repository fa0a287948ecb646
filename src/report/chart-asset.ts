import { READ_LIMITS, readRegularTextSync } from '../read-regular-file.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * Chart.js's UMD bundle, to inline into report.html so the report opens with no network.
 * chart.js's package exports do not list the UMD file, so it is found beside the CJS entry.
 */
export function chartJsSource(): string {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('chart.js');
    cached = readRegularTextSync(join(dirname(entry), 'chart.umd.min.js'), READ_LIMITS.ownAsset);
  }
  return cached;
}
