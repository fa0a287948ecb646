import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishRunOutputs } from './finish-run.js';
import { readStatsNdjson } from './ndjson.js';
import { writeSyntheticRun } from './synthetic-run.js';
import { writeRunOutputs } from './write-run.js';
import { collectThresholds } from '../thresholds/thresholds.js';

describe('finishRunOutputs', () => {
  it('evaluates thresholds on the finished run, records them in the end line, and report rebuilds them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-finish-'));
    await writeSyntheticRun(dir, { intervals: 6, shards: 2, seed: 3 });
    const before = readFileSync(join(dir, 'stats.ndjson'), 'utf8').split('\n');
    const ts = collectThresholds([], ['messages.sent > 0', 'p99(xmpp_msg_latency) < 0.001ms', 'count(nothing) == 0; abort_on_fail']);
    const out = finishRunOutputs(dir, ts, 'count(nothing) == 0');
    expect(out.summary.thresholds.map((t) => [t.expr, t.ok, t.aborted ?? false])).toEqual([
      ['messages.sent > 0', true, false],
      ['p99(xmpp_msg_latency) < 0.001ms', false, false],
      ['count(nothing) == 0', false, true],
    ]);
    const after = readFileSync(join(dir, 'stats.ndjson'), 'utf8').split('\n');
    expect(after.length).toBe(before.length);
    expect(after.slice(0, -2)).toEqual(before.slice(0, -2));
    expect(readStatsNdjson(join(dir, 'stats.ndjson')).end?.thresholds).toEqual(out.summary.thresholds);
    expect(JSON.parse(readFileSync(out.summaryPath, 'utf8')).thresholds).toEqual(out.summary.thresholds);
    expect(writeRunOutputs(dir).summary.thresholds).toEqual(out.summary.thresholds);
  });

  it('leaves the file alone when there are no thresholds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-finish-'));
    await writeSyntheticRun(dir, { intervals: 3 });
    const before = readFileSync(join(dir, 'stats.ndjson'), 'utf8');
    finishRunOutputs(dir, []);
    expect(readFileSync(join(dir, 'stats.ndjson'), 'utf8')).toBe(before);
  });
});
