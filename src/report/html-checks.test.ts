import { describe, expect, it } from 'vitest';
import type { ReportModel } from './model.js';
import { checksSection } from './html-checks.js';

const latency = { count: 5, min_ms: 1, mean_ms: 2, p50_ms: 2, p90_ms: 3, p99_ms: 4.5, p999_ms: 4.5, max_ms: 4.5 };
const modelWith = (checks: ReportModel['summary']['checks']): ReportModel =>
  ({ summary: { checks, metrics: { 'check.bob-gets-hi': latency } } }) as unknown as ReportModel;

describe('checksSection', () => {
  it('one row per check name, failing ones marked, and the total', () => {
    const html = checksSection(
      modelWith({
        pass: 14,
        fail: 5,
        rate: 14 / 19,
        names: { 'bob-gets-bye': { pass: 0, fail: 5, rate: 0 }, 'bob-gets-hi': { pass: 5, fail: 0, rate: 1 } },
      }),
    );
    expect(html).toContain('<section id="checks">');
    expect(html).toContain('<tr class="fail"><th><code>bob-gets-bye</code></th><td>0</td><td>5</td><td>0%</td><td>-</td><td>-</td></tr>');
    expect(html).toContain(
      '<tr class="pass"><th><code>bob-gets-hi</code></th><td>5</td><td>0</td><td>100%</td><td>2</td><td>4.5</td></tr>',
    );
    expect(html).toContain('<tr class="fail"><th>all checks</th><td>14</td><td>5</td><td>73.68%</td><td>-</td><td>-</td></tr>');
  });

  it('is absent from a run without checks', () => {
    expect(checksSection(modelWith(undefined))).toBe('');
  });
});
