import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunAggregator } from '../stats/aggregate.js';
import { ShardRecorder } from '../stats/recorder.js';
import { FileRunOutput } from './run-output.js';

describe('FileRunOutput', () => {
  it('start → addInterval → stop writes stats.ndjson, summary.json and report.html', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'xload-output-')), 'run');
    const T0 = Date.UTC(2026, 1, 1);
    const out = FileRunOutput.start(dir, {
      run_id: 'x', scenario: 'a.xml', started: new Date(T0).toISOString(), xload_version: '0.1.0',
      interval_ms: 1000, workers: 1, servers: ['127.0.0.1:5222'],
    });
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    const r = new ShardRecorder({ now: () => T0, startMs: T0 });
    r.record('connect', 2);
    r.count('messages_sent', 3);
    r.count('messages_delivered', 2);
    agg.add(0, r.takeSnapshot(T0 + 1000));
    out.addInterval(agg.closeInterval(T0 + 1000));
    const res = await out.stop({ status: 'completed', duration_s: 1, messages: { lost: 1 }, thresholds: [] });
    expect(existsSync(join(dir, 'stats.ndjson'))).toBe(true);
    expect(JSON.parse(readFileSync(res.summaryPath, 'utf8'))).toMatchObject({
      status: 'completed', messages: { sent: 3, delivered: 2, lost: 1, in_flight: 0 }, metrics: { connect: { count: 1 } },
    });
    expect(readFileSync(res.htmlPath, 'utf8')).toContain('1 message(s) were LOST');
  });
});
