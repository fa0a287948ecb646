import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunAggregator } from '../stats/aggregate.js';
import { ShardRecorder } from '../stats/recorder.js';
import type { ErrorSample } from '../stats/error-samples.js';
import { NdjsonWriter, readStatsNdjson } from './ndjson.js';
import { buildSummary } from './summary.js';
import { buildReportModel } from './model.js';
import { renderHtml } from './html.js';
import { renderEndSummary } from '../cli/end-summary.js';
import { TRAFFIC_FILE } from './traffic-file.js';

const T0 = Date.UTC(2026, 0, 1);
const header = {
  run_id: 'r1',
  scenario: 'muc.xml',
  started: new Date(T0).toISOString(),
  xload_version: '0.1.0',
  interval_ms: 1000,
  workers: 1,
  servers: ['127.0.0.1:5222'],
};
const SERVER = `<iq type='error' id='x0-5' from='pubsub.localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='n'/></pubsub><error code='500' type='wait'><internal-server-error xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`;
const sample = (at: number, user: string): ErrorSample => ({
  request: 'pubsub:create',
  where: 'muc.xml:41:9',
  user,
  at,
  message: 'stanza error internal-server-error',
  server: SERVER,
});

/** A two-interval run with 4 samples of one class (3 kept) and traffic in the second interval, written and read back. */
async function writeRun(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'xload-samples-'));
  const w = NdjsonWriter.open(join(dir, 'stats.ndjson'), header);
  const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
  const r = new ShardRecorder({ now: () => T0 + 500, startMs: T0 });
  r.error('stanza_error.internal-server-error', 1, () => sample(T0 + 400, 'user7'));
  r.error('stanza_error.internal-server-error', 1, () => sample(T0 + 450, 'user8'));
  agg.add(0, r.takeSnapshot(T0 + 1000));
  w.writeInterval(agg.closeInterval(T0 + 1000));
  r.error('stanza_error.internal-server-error', 1, () => sample(T0 + 1200, 'user9'));
  r.error('stanza_error.internal-server-error', 1, () => sample(T0 + 1300, 'user10'));
  r.error('timeout');
  const snap = r.takeSnapshot(T0 + 2000);
  snap.traffic = '2026-01-01T00:00:01.200Z user9 out <iq/>\n';
  agg.add(0, snap);
  w.writeInterval(agg.closeInterval(T0 + 2000));
  w.writeEnd({ status: 'completed', duration_s: 2, thresholds: [] });
  await w.close();
  return dir;
}

describe('error samples in the run outputs', () => {
  it('stats.ndjson carries them per interval, and `xload report` rebuilds the same summary', async () => {
    const dir = await writeRun();
    const data = readStatsNdjson(join(dir, 'stats.ndjson'));
    expect(data.intervals[0]?.error_samples?.['stanza_error.internal-server-error']?.map((s) => s.user)).toEqual(['user7', 'user8']);
    expect(data.intervals[1]?.error_samples?.['stanza_error.internal-server-error']?.map((s) => s.user)).toEqual(['user9', 'user10']);
    expect(data.intervals[1]?.error_samples?.timeout).toBeUndefined();
    const s = buildSummary(data);
    expect(s.schema).toBe('xload.summary/3');
    expect(s.errors).toEqual({ 'stanza_error.internal-server-error': 4, timeout: 1 });
    expect(s.error_samples).toEqual({
      'stanza_error.internal-server-error': [sample(T0 + 400, 'user7'), sample(T0 + 450, 'user8'), sample(T0 + 1200, 'user9')],
    });
    // the traffic went beside stats.ndjson, not into it
    expect(readFileSync(join(dir, TRAFFIC_FILE), 'utf8')).toBe('2026-01-01T00:00:01.200Z user9 out <iq/>\n');
    expect(readFileSync(join(dir, 'stats.ndjson'), 'utf8')).not.toContain('traffic');
  });

  it('a stats.ndjson line without error_samples (older writer) gives an empty map', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xload-samples-'));
    const w = NdjsonWriter.open(join(dir, 'stats.ndjson'), header);
    const agg = new RunAggregator({ intervalMs: 1000, shards: 1, startedMs: T0 });
    const r = new ShardRecorder({ now: () => T0 });
    r.error('timeout');
    agg.add(0, r.takeSnapshot(T0 + 1000));
    w.writeInterval(agg.closeInterval(T0 + 1000));
    await w.close();
    expect(readFileSync(join(dir, 'stats.ndjson'), 'utf8')).not.toContain('error_samples');
    expect(existsSync(join(dir, TRAFFIC_FILE))).toBe(false);
    expect(buildSummary(readStatsNdjson(join(dir, 'stats.ndjson'))).error_samples).toEqual({});
  });

  it('report.html lists them under their class, escaped; the end summary prints the first on one line', async () => {
    const dir = await writeRun();
    const data = readStatsNdjson(join(dir, 'stats.ndjson'));
    const html = renderHtml(buildReportModel(data));
    const section = /<section id="errors">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(section.match(/class="error-sample"/g)).toHaveLength(3);
    expect(section).toContain('pubsub:create at muc.xml:41:9, user user7, 2026-01-01T00:00:00.400Z: stanza error internal-server-error');
    expect(section).toContain('&#60;internal-server-error xmlns=');
    expect(section.includes('<internal-server-error')).toBe(false);
    const lines = renderEndSummary(buildSummary(data));
    const i = lines.findIndex((l) => l.startsWith('  errors '));
    expect(lines[i + 1]).toBe(`    stanza_error.internal-server-error: pubsub:create at muc.xml:41, user user7: ${SERVER.slice(0, 159)}…`);
    expect(lines).toHaveLength(i + 2);
  });
});
