import { describe, expect, it } from 'vitest';
import type { ReportModel } from './model.js';
import { checksSection } from './html-checks.js';

const modelWith = (checks: ReportModel['summary']['checks']): ReportModel => ({ summary: { checks } }) as unknown as ReportModel;

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
    expect(html).toContain('<tr class="fail"><th><code>bob-gets-bye</code></th><td>0</td><td>5</td><td>0%</td></tr>');
    expect(html).toContain('<tr class="pass"><th><code>bob-gets-hi</code></th><td>5</td><td>0</td><td>100%</td></tr>');
    expect(html).toContain('<tr class="fail"><th>all checks</th><td>14</td><td>5</td><td>73.68%</td></tr>');
  });

  it('is absent from a run without checks', () => {
    expect(checksSection(modelWith(undefined))).toBe('');
  });
});
