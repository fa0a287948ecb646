import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunAggregator } from '../stats/aggregate.js';
import { ShardRecorder } from '../stats/recorder.js';
import { readStatsNdjson } from '../report/ndjson.js';
import { writeRunOutputs } from '../report/write-run.js';
import { StatsFileOutput } from './stats-file.js';
import type { RunStartInfo } from './types.js';

const T0 = Date.UTC(2026, 1, 1);

const START: RunStartInfo = {
  runId: 'x',
  scenario: 'a.xml',
  startedMs: T0,
  xloadVersion: '0.1.0',
  intervalMs: 1000,
  shards: 1,
  servers: ['tcp://127.0.0.1:5222'],
  domain: 'localhost',
  durationMs: null,
};

describe('StatsFileOutput', () => {
  it('start → interval → end writes stats.ndjson, from which summary.json and report.html are built', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'xload-output-')), 'run');
    const out = new StatsFileOutput(dir);
    out.start(START);
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    const r = new ShardRecorder({ now: () => T0, startMs: T0 });
    r.record('connect', 2);
    r.count('messages_sent', 3);
    r.count('messages_delivered', 2);
    agg.add(0, r.takeSnapshot(T0 + 1000));
    out.interval({
      kind: 'load',
      record: agg.closeInterval(T0 + 1000),
      totals: () => agg.totals(),
      loadPhase: 1,
      loadStartMs: T0,
      sources: {},
    });
    await out.end({
      status: 'completed',
      durationS: 1.00049,
      messages: { sent: 3, delivered: 2, lost: 1, duplicated: 0, in_flight: 0 },
      totals: agg.totals(),
    });

    const text = readFileSync(join(dir, 'stats.ndjson'), 'utf8');
    expect(JSON.parse(text.split('\n')[0]!)).toEqual({
      type: 'header',
      schema: 'xload.stats/1',
      run_id: 'x',
      scenario: 'a.xml',
      started: new Date(T0).toISOString(),
      xload_version: '0.1.0',
      interval_ms: 1000,
      workers: 1,
      servers: ['tcp://127.0.0.1:5222'],
      meta: { domain: 'localhost', duration_ms: null },
    });
    // No sources, no `sources` field: the line is what it always was.
    expect(text.split('\n')[1]).not.toContain('sources');
    expect(readStatsNdjson(join(dir, 'stats.ndjson')).end).toMatchObject({ status: 'completed', duration_s: 1 });
    const res = writeRunOutputs(dir);
    expect(JSON.parse(readFileSync(res.summaryPath, 'utf8'))).toMatchObject({
      status: 'completed',
      messages: { sent: 3, delivered: 2, lost: 1, in_flight: 0 },
      metrics: { connect: { count: 1 } },
    });
    expect(readFileSync(res.htmlPath, 'utf8')).toContain('1 message(s) were LOST');
  });

  it('a file that takes no byte (stats.ndjson linked to /dev/full): said once, one abort verdict, no throw', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-output-full-'));
    symlinkSync('/dev/full', join(dir, 'stats.ndjson'));
    const lines: string[] = [];
    const out = new StatsFileOutput(dir, (l) => lines.push(l));
    out.start(START);
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    const iv = (at: number) => ({
      kind: 'load' as const,
      record: agg.closeInterval(at),
      totals: () => agg.totals(),
      loadPhase: 1,
      loadStartMs: T0,
      sources: {},
    });
    expect(out.interval(iv(T0 + 1000))).toEqual({ abort: 'could not write stats.ndjson: no space left on the device' });
    expect(out.interval(iv(T0 + 2000))).toBeUndefined();
    await out.end({
      status: 'aborted',
      durationS: 2,
      messages: { sent: 0, delivered: 0, lost: 0, duplicated: 0, in_flight: 0 },
      totals: agg.totals(),
    });
    expect(lines).toEqual([
      `error: could not write ${join(dir, 'stats.ndjson')}: no space left on the device; stopping the run (what was written stays)`,
    ]);
  });
});
