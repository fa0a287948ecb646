import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { liveThresholdData } from '../output/live-thresholds.js';
import { finishRunOutputs } from '../report/finish-run.js';
import { writeSyntheticRun } from '../report/synthetic-run.js';
import { collectThresholds, evaluateAll } from '../thresholds/index.js';

// A level's SLOs are the ones finishRunOutputs evaluates for its summary.json (runLevel):
// the settled end line knows the messages declared lost when the level ended; the live
// counters count them as in flight, so a loss SLO read from them never fails.
describe('capacity level SLOs', () => {
  it('read the settled delivery accounting, not the live counters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-level-slos-'));
    const { totals, end } = await writeSyntheticRun(dir, { intervals: 30, shards: 2, seed: 3 });
    const lost = end!.messages!.lost!;
    expect(lost).toBeGreaterThan(0);
    const slos = collectThresholds([], ['rate(messages.lost) == 0']);
    expect(evaluateAll(slos, liveThresholdData(totals, Date.now() - 30_000))[0]).toMatchObject({ ok: true, value: 0 });
    const settled = finishRunOutputs(dir, slos).summary;
    expect(settled.messages.lost).toBe(lost);
    expect(settled.thresholds[0]).toMatchObject({ expr: 'rate(messages.lost) == 0', ok: false });
    expect(settled.thresholds[0]!.value).toBeCloseTo(lost / settled.messages.sent, 6);
  });
});
